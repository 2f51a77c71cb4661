using MemoryCore;

namespace MemoryApi.Apis.Mem0;

/// <summary>The answer shapes of 2.x's <c>output_format</c>: "v1.0" (the default of the v1/v2 routes) answers a bare
/// array, which the 2.x client types as <c>Array&lt;Memory&gt;</c> and its callers (LangChain, Mastra) <c>.map</c> over;
/// "v1.1" answers <c>{results, relations}</c>, as the Platform does.</summary>
internal enum Mem0OutputFormat
{
    V1_0,
    V1_1,
}

internal static class Mem0OutputFormats
{
    public static Mem0OutputFormat Parse(string? format) => format switch
    {
        null or "v1.0" or "v1" => Mem0OutputFormat.V1_0,
        "v1.1" => Mem0OutputFormat.V1_1,
        _ => throw new MemoryValidationException(ValidationFailure.Invalid, "output_format must be \"v1.0\" or \"v1.1\"."),
    };
}
