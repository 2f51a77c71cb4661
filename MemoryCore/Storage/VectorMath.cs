using System.Numerics.Tensors;

namespace MemoryCore.Storage;

/// <summary>Scores as both stores report them: cosine similarity clamped to [0, 1].</summary>
public static class VectorMath
{
    public static double Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var cosine = TensorPrimitives.CosineSimilarity(a, b);
        return float.IsNaN(cosine) ? 0 : Math.Clamp(cosine, 0, 1);
    }

    /// <summary>Converts pgvector's cosine distance (1 - cosine) to the same score.</summary>
    public static double FromCosineDistance(double distance) => double.IsNaN(distance) ? 0 : Math.Clamp(1 - distance, 0, 1);
}
