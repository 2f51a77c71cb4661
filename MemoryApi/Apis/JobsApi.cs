using System.Globalization;
using MemoryApi.Auth;
using MemoryCore.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis;

/// <summary>
/// Leases and checkpoints of background jobs that run in other processes (the distillation worker), kept in the
/// memory store so that "one run at a time" holds across processes and machines. A holder acquires the job's lease
/// for a TTL and gets a fencing token; renewing, releasing and writing the checkpoint name that token, and are refused
/// (409) once anyone acquired the lease after it. Expiry uses MemoryApi's clock, never the caller's.
/// Job names are per tenant: a tenant's keys neither see nor block another tenant's leases and checkpoints.
/// </summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/jobs/{name}")
            .RequireAuthorization(ApiKeyDefaults.MemoryPolicy)
            .WithTags("Jobs")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/lease", AcquireOrRenew);
        api.MapDelete("/lease", Release);
        api.MapGet("/checkpoint", GetCheckpoint);
        api.MapPut("/checkpoint", WriteCheckpoint);
        return app;
    }

    /// <summary>Without a token: acquire (409 while another holder's lease runs). With one: renew that generation
    /// (409 once it was taken over or released).</summary>
    public static async Task<Results<Ok<LeaseResponse>, ProblemHttpResult>> AcquireOrRenew(
        string name, LeaseBody body, IJobLeaseStore leases, HttpContext http, CancellationToken cancellationToken)
    {
        var job = JobLeaseRules.Job(name);
        var stored = StoredJob(job, http);
        var holder = JobLeaseRules.Holder(body.Holder);
        var ttl = JobLeaseRules.Ttl(body.TtlSeconds);
        if (body.Token is null)
        {
            var acquired = await leases.TryAcquireAsync(stored, holder, ttl, cancellationToken);
            return acquired.Succeeded ? TypedResults.Ok(LeaseResponse.From(acquired.Lease!) with { Job = job }) : Held(job, acquired.Lease);
        }

        var token = JobLeaseRules.Token(body.Token);
        var renewed = await leases.RenewAsync(stored, holder, token, ttl, cancellationToken);
        return renewed.Succeeded ? TypedResults.Ok(LeaseResponse.From(renewed.Lease!) with { Job = job }) : Lost(job, holder, token, renewed.Lease);
    }

    /// <summary>Ends the holder's generation of the lease (204, also when it was already released).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Release(
        string name, [FromQuery] string? holder, [FromQuery] long? token, IJobLeaseStore leases, HttpContext http, CancellationToken cancellationToken)
    {
        var job = JobLeaseRules.Job(name);
        var validHolder = JobLeaseRules.Holder(holder);
        var validToken = JobLeaseRules.Token(token);
        var released = await leases.ReleaseAsync(StoredJob(job, http), validHolder, validToken, cancellationToken);
        return released.Succeeded ? TypedResults.NoContent() : Lost(job, validHolder, validToken, released.Lease);
    }

    /// <summary>The checkpoint; watermark is null until a holder first writes it.</summary>
    public static async Task<Ok<CheckpointResponse>> GetCheckpoint(string name, IJobLeaseStore leases, HttpContext http, CancellationToken cancellationToken)
    {
        var job = JobLeaseRules.Job(name);
        return TypedResults.Ok(CheckpointResponse.From(await leases.GetCheckpointAsync(StoredJob(job, http), cancellationToken)) with { Job = job });
    }

    /// <summary>Writes the watermark, fenced: only the current generation of the lease may (409 otherwise, nothing changed).</summary>
    public static async Task<Results<Ok<CheckpointResponse>, ProblemHttpResult>> WriteCheckpoint(
        string name, CheckpointBody body, IJobLeaseStore leases, HttpContext http, CancellationToken cancellationToken)
    {
        var job = JobLeaseRules.Job(name);
        var holder = JobLeaseRules.Holder(body.Holder);
        var token = JobLeaseRules.Token(body.Token);
        var written = await leases.WriteCheckpointAsync(StoredJob(job, http), holder, token, JobLeaseRules.Watermark(body.Watermark), cancellationToken);
        return written.Succeeded ? TypedResults.Ok(CheckpointResponse.From(written.Checkpoint) with { Job = job }) : Lost(job, holder, token, written.CurrentLease);
    }

    /// <summary>The job's name in the store: bare for the default tenant (the names every deployment used before tenants),
    /// "tenant:name" for another. ':' is never part of a valid job name, so no caller can name another tenant's job.
    /// A key restricted to some people runs no tenant-wide job (it could hold the tenant's lease and stall its worker): 403.</summary>
    public static string StoredJob(string job, HttpContext http)
    {
        var access = CallerAccess.Of(http);
        if (access.IsRestricted)
        {
            throw new MemoryCore.MemoryAccessDeniedException("This key is restricted to some people; jobs act on the whole tenant and need an unrestricted key.");
        }

        return access.Tenant == MemoryCore.Model.MemoryScope.DefaultTenant ? job : $"{access.Tenant}:{job}";
    }

    private static ProblemHttpResult Held(string job, JobLease? current) => Conflict(
        "Lease held",
        $"Job '{job}' is leased to '{current?.Holder}' until {Iso(current?.ExpiresAt)}; try again after that.",
        current);

    private static ProblemHttpResult Lost(string job, string holder, long token, JobLease? current) => Conflict(
        "Lease lost",
        $"'{holder}' does not hold generation {token.ToString(CultureInfo.InvariantCulture)} of job '{job}' (it expired and was taken over, " +
        "was released, or never existed). Nothing was changed: stop, and acquire the lease again before doing more.",
        current);

    /// <summary>409 with who holds the job now and until when, so the caller can log it or wait.</summary>
    private static ProblemHttpResult Conflict(string title, string detail, JobLease? current) => TypedResults.Problem(
        detail,
        statusCode: StatusCodes.Status409Conflict,
        title: title,
        extensions: new Dictionary<string, object?> { ["holder"] = current?.Holder, ["expires_at"] = current?.ExpiresAt });

    private static string Iso(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture) ?? "(released)";
}
