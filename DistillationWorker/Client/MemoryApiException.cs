using System.Net;

namespace DistillationWorker.Client;

/// <summary>MemoryApi answered with an error (after the resilience handler's retries). Carries the problem detail, never a body with personal data.</summary>
public class MemoryApiException : Exception
{
    public MemoryApiException()
    {
    }

    public MemoryApiException(string message)
        : base(message)
    {
    }

    public MemoryApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MemoryApiException(HttpStatusCode status, string message)
        : base(message) => Status = status;

    public HttpStatusCode? Status { get; }
}
