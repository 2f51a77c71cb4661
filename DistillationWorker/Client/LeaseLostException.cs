using System.Net;

namespace DistillationWorker.Client;

/// <summary>MemoryApi refused a renewal, release or checkpoint write (409): another generation holds the lease now.
/// Nothing was changed; the pass must stop without writing its checkpoint.</summary>
public sealed class LeaseLostException : MemoryApiException
{
    public LeaseLostException()
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LeaseLostException(LeaseHolderInfo current, string message)
        : base(HttpStatusCode.Conflict, message) => Current = current;

    /// <summary>Who holds the lease now, as far as MemoryApi said.</summary>
    public LeaseHolderInfo? Current { get; }
}
