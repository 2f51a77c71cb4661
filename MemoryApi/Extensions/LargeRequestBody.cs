namespace MemoryApi.Extensions;

/// <summary>Endpoint metadata: this route streams its body (a bulk import) and takes up to Memory:MaxImportBytes instead
/// of Memory:MaxRequestBytes. The body is never buffered whole, so the larger limit costs no memory.</summary>
public sealed class LargeRequestBody
{
    public const long DefaultMaxBytes = 64L * 1024 * 1024 * 1024;

    public static long MaxBytes(IConfiguration configuration) => configuration.GetValue<long?>("Memory:MaxImportBytes") ?? DefaultMaxBytes;
}
