namespace MemoryCore;

/// <summary>Why a request was rejected; the HTTP layer maps each to a status code.</summary>
public enum ValidationFailure
{
    /// <summary>Malformed or out-of-range input (400).</summary>
    Invalid,

    /// <summary>No user_id, agent_id or run_id (422).</summary>
    MissingScope,

    /// <summary>Input over a configured size limit (413).</summary>
    TooLarge,
}

/// <summary>The caller's input is wrong. Nothing was changed.</summary>
public sealed class MemoryValidationException(ValidationFailure failure, string message) : Exception(message)
{
    public ValidationFailure Failure { get; } = failure;
}

/// <summary>No memory has that id (or it was deleted).</summary>
public sealed class MemoryNotFoundException(Guid id) : Exception($"Memory '{id}' was not found.")
{
    public Guid MemoryId { get; } = id;
}

/// <summary>A model provider (LLM or embedder) failed or answered with something unusable. Nothing was changed.</summary>
public sealed class ProviderUnavailableException(string provider, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Provider { get; } = provider;

    /// <summary>How long a client should wait before retrying.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>The scope changed underneath a write (for example a concurrent delete_all); the write was rolled back.</summary>
public sealed class MemoryConflictException(string message) : Exception(message);

/// <summary>The store cannot start safely with the current configuration (for example other embedding dimensions).</summary>
public sealed class StoreConfigurationException(string message) : Exception(message);

/// <summary>The caller's key may not reach the scope it named (403). Never thrown for a by-id read of something
/// outside the caller's reach: that is a <see cref="MemoryNotFoundException"/>, so ids reveal nothing.</summary>
public sealed class MemoryAccessDeniedException(string message) : Exception(message);
