using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DistillationWorker.Client;

/// <summary>
/// The job lease and checkpoint routes (/jobs/{name}/...). Every one of them may be retried by the resilience handler:
/// acquiring again as the same holder only moves to a newer generation, and renew, release and checkpoint writes are
/// idempotent for the same token.
/// </summary>
public sealed partial class MemoryApiClient
{
    /// <summary>Takes the job's lease, or reports who holds it (409).</summary>
    public async Task<LeaseAcquisition> TryAcquireLeaseAsync(string job, string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(JobPath(job, "lease"), new LeaseRequest(holder, Seconds(ttl), null), WireJson.Options, cancellationToken)
            .ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.Conflict
            ? new LeaseAcquisition(null, await ReadConflictAsync(response, cancellationToken).ConfigureAwait(false))
            : new LeaseAcquisition(await ReadAsync<JobLease>(response, cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary>Extends the lease; throws <see cref="LeaseLostException"/> once another generation took it over.</summary>
    public async Task<JobLease> RenewLeaseAsync(string job, string holder, long token, TimeSpan ttl, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(JobPath(job, "lease"), new LeaseRequest(holder, Seconds(ttl), token), WireJson.Options, cancellationToken)
            .ConfigureAwait(false);
        await ThrowIfLostAsync(response, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<JobLease>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the lease; throws <see cref="LeaseLostException"/> when this generation no longer holds it.</summary>
    public async Task ReleaseLeaseAsync(string job, string holder, long token, CancellationToken cancellationToken)
    {
        var query = $"?holder={Uri.EscapeDataString(holder)}&token={token.ToString(CultureInfo.InvariantCulture)}";
        using var response = await http.DeleteAsync(new Uri(JobPath(job, "lease") + query, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await ThrowIfLostAsync(response, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The job's watermark, or null when none was ever written.</summary>
    public async Task<long?> GetCheckpointAsync(string job, CancellationToken cancellationToken) =>
        (await GetAsync<JobCheckpoint>(JobPath(job, "checkpoint"), cancellationToken).ConfigureAwait(false)).Watermark;

    /// <summary>Writes the watermark under the lease; throws <see cref="LeaseLostException"/> (nothing written) once
    /// another generation took the lease over.</summary>
    public async Task WriteCheckpointAsync(string job, string holder, long token, long watermark, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(JobPath(job, "checkpoint"), new CheckpointRequest(holder, token, watermark), WireJson.Options, cancellationToken)
            .ConfigureAwait(false);
        await ThrowIfLostAsync(response, cancellationToken).ConfigureAwait(false);
        await ReadAsync<JobCheckpoint>(response, cancellationToken).ConfigureAwait(false);
    }

    private static string JobPath(string job, string resource) => $"jobs/{Uri.EscapeDataString(job)}/{resource}";

    private static int Seconds(TimeSpan ttl) => (int)Math.Ceiling(ttl.TotalSeconds);

    private static async Task ThrowIfLostAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var current = await ReadConflictAsync(response, cancellationToken).ConfigureAwait(false);
            throw new LeaseLostException(current, $"The lease was taken over: {current}.");
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ProblemSummaryAsync(response, cancellationToken).ConfigureAwait(false);
            throw new MemoryApiException(response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} failed with {(int)response.StatusCode}: {problem}");
        }
    }

    /// <summary>The holder and expiry that MemoryApi's 409 problem names; both null when the body says nothing usable.</summary>
    private static async Task<LeaseHolderInfo> ReadConflictAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<LeaseHolderInfo>(WireJson.Options, cancellationToken).ConfigureAwait(false) ?? new LeaseHolderInfo(null, null);
        }
        catch (JsonException)
        {
            return new LeaseHolderInfo(null, null);
        }
    }
}
