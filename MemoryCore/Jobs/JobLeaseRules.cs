namespace MemoryCore.Jobs;

/// <summary>What a job name, a holder id, a TTL, a token and a watermark may be. Names and holders are short plain
/// identifiers because they appear in URLs, logs and problem details.</summary>
public static class JobLeaseRules
{
    public const int MaxJobLength = 64;
    public const int MaxHolderLength = 128;
    public const int MaxTtlSeconds = 86_400;

    /// <summary>1-64 of a-z, 0-9, '-', '_', starting with a letter.</summary>
    public static string Job(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxJobLength || name[0] is not (>= 'a' and <= 'z')
            || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
        {
            throw Invalid($"'{Clip(name)}' is not a valid job name: use 1-{MaxJobLength} of a-z, 0-9, '-' or '_', starting with a letter.");
        }

        return name;
    }

    /// <summary>1-128 of letters, digits and . _ - : @ /, starting with a letter or digit (room for host, process and run ids).</summary>
    public static string Holder(string? holder)
    {
        if (string.IsNullOrEmpty(holder) || holder.Length > MaxHolderLength || !char.IsAsciiLetterOrDigit(holder[0])
            || !holder.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '@' or '/'))
        {
            throw Invalid($"'{Clip(holder)}' is not a valid holder: use 1-{MaxHolderLength} ASCII letters, digits or . _ - : @ /, starting with a letter or digit.");
        }

        return holder;
    }

    public static TimeSpan Ttl(int? seconds) =>
        seconds is >= 1 and <= MaxTtlSeconds
            ? TimeSpan.FromSeconds(seconds.Value)
            : throw Invalid($"ttl_seconds must be between 1 and {MaxTtlSeconds}.");

    public static long Token(long? token) =>
        token is >= 1 ? token.Value : throw Invalid("token must be the positive number returned when the lease was acquired.");

    public static long Watermark(long? watermark) =>
        watermark is >= 0 ? watermark.Value : throw Invalid("watermark is required and must not be negative.");

    private static string Clip(string? value) => value is null ? string.Empty : value.Length <= 64 ? value : value[..64] + "…";

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);
}
