namespace MemoryTests.Api.Hostile;

/// <summary>
/// One hostile request and the 4xx it must get. Paths and bodies may name the seeded memory as <c>{seed}</c> and one
/// of its history rows as <c>{history}</c>; the fixture fills them in. Bodies are JSON text in ASCII, with NUL and lone
/// surrogates written as JSON escapes (<c>\u0000</c>, <c>\ud800</c>), so the case catalog itself never holds them raw;
/// <see cref="RawBody"/> is for bytes no string can carry (invalid UTF-8).
/// </summary>
public sealed record HostileCase(string Name, string Method, string Path, string? Body, int Expected)
{
    /// <summary>The Content-Type sent with a body; null sends the body without one.</summary>
    public string? ContentType { get; init; } = "application/json";

    public byte[]? RawBody { get; init; }

    /// <summary>Request headers sent as they are (no validation by the client), e.g. a hostile Idempotency-Key.</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];
}
