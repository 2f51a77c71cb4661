using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MemoryApi.Auth;
using MemoryCore;
using MemoryCore.Categories;
using MemoryCore.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MemoryApi.Apis.Mem0;

/// <summary>
/// A tenant's memory settings in the shape of Mem0's project (the client's <c>getProject</c> / <c>updateProject</c>):
/// custom instructions and the category set its memories are tagged from. Each tenant is one organisation with one
/// project, whose ids <c>GET /v1/ping/</c> gives the client (derived from the tenant, so stable across restarts and
/// instances, and saying nothing about it). Any key of the tenant reads them; only its admin keys change them. Ids
/// other than the caller's are "not found", exactly like ids that do not exist.
/// </summary>
public static class Mem0ProjectApi
{
    private const string Route = "/api/v1/orgs/organizations/{orgId}/projects/{projectId}";

    /// <summary>Mem0 project settings this service does not have; setting them would change behaviour unseen, so a
    /// request naming one is refused.</summary>
    private static readonly string[] UnsupportedFields =
        ["agent_custom_instructions", "version", "memory_depth", "usecase_setting", "multilingual", "decay", "enable_graph", "inclusion_prompt", "exclusion_prompt"];

    public static IEndpointRouteBuilder MapMem0ProjectApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(string.Empty)
            .WithTags("Mem0 project")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(Route, Get).RequireAuthorization(ApiKeyDefaults.MemoryPolicy);
        api.MapPatch(Route, Update).RequireAuthorization(ApiKeyDefaults.AdminPolicy).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>The organisation and project ids of a tenant: a digest of its name, so they reveal nothing about it.</summary>
    public static (string OrgId, string ProjectId) Ids(string tenant)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("mem0-project:" + tenant)))[..24];
        return ($"org_{digest}", $"proj_{digest}");
    }

    public static async Task<Ok<Mem0Project>> Get(
        string orgId, string projectId, [FromQuery] string[]? fields, HttpContext http, ITenantSettingsStore settings, CancellationToken cancellationToken)
    {
        var tenant = CallerTenant(http, orgId, projectId);
        return TypedResults.Ok(Mem0Project.From(await settings.GetSettingsAsync(tenant, cancellationToken), fields));
    }

    /// <summary>Fields left out keep their value; <c>custom_instructions: null</c> (or "") clears the instructions,
    /// <c>custom_categories: null</c> goes back to Mem0's default categories.</summary>
    public static async Task<Ok<Mem0Project>> Update(
        string orgId, string projectId, JsonElement body, HttpContext http, ITenantSettingsStore settings, TimeProvider clock,
        ILogger<Mem0ProjectSettingsLog> logger, CancellationToken cancellationToken)
    {
        var tenant = CallerTenant(http, orgId, projectId);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The body must be a JSON object of project settings.");
        }

        StorableText.Check(body, "body");
        foreach (var field in UnsupportedFields)
        {
            Mem0Wire.Unsupported(field, body.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null, "only custom_instructions and custom_categories are project settings here.");
        }

        // Everything is checked before anything is written.
        var setInstructions = body.TryGetProperty("custom_instructions", out var instructions);
        var newInstructions = !setInstructions ? null : instructions.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => ExtractionGuidance.CheckInstructions(instructions.GetString()),
            _ => throw Invalid("custom_instructions must be a string (or null to clear it)."),
        };
        var setCategories = body.TryGetProperty("custom_categories", out var categories);
        var newCategories = setCategories ? CategoryParsing.Set(categories) : null;
        var updated = await settings.UpdateSettingsAsync(
            tenant, new TenantSettingsChange(setInstructions, newInstructions, setCategories, newCategories), Timestamps.Now(clock), cancellationToken);
        // What changed, never the instructions' words: they may describe the people the tenant serves.
        logger.LogInformation(
            "Tenant {Tenant} memory settings updated (custom instructions {Instructions}, {Categories} custom categories)",
            tenant, updated.CustomInstructions is null ? "none" : "set", updated.CustomCategories?.Categories.Count ?? 0);
        return TypedResults.Ok(Mem0Project.From(updated, null) with { Message = "Project updated successfully." });
    }

    private static string CallerTenant(HttpContext http, string orgId, string projectId)
    {
        var tenant = CallerAccess.Of(http).Tenant;
        var (org, project) = Ids(tenant);
        return orgId == org && projectId == project
            ? tenant
            : throw new ProjectNotFoundException();
    }

    private static MemoryValidationException Invalid(string message) => new(ValidationFailure.Invalid, message);
}

/// <summary>The organisation or project id is not the caller's (or does not exist: the answer does not say which).</summary>
public sealed class ProjectNotFoundException() : Exception("No such organisation or project for this key: use the org_id and project_id that GET /v1/ping/ answers.");

/// <summary>The category of the settings route's log lines.</summary>
public sealed class Mem0ProjectSettingsLog;
