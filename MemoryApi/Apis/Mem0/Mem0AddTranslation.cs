using System.Text.Json;
using MemoryCore.Engine;
using MemoryCore.Model;

namespace MemoryApi.Apis.Mem0;

/// <summary>
/// The one translation of a Mem0 add body (v3's POST /v3/memories/add/ and 2.x's POST /v1/memories/) into the engine's
/// <see cref="AddMemoryRequest"/>. Every version's route calls this and then the same engine method; only the answer's
/// shape differs. Options that would change what is stored and that this service cannot honour are refused by name;
/// fields that carry no meaning here (the client's own <c>apiKey</c>/<c>host</c> that Mastra spreads into the body, the
/// Platform's <c>org_id</c>/<c>project_id</c>/<c>org_name</c>/<c>project_name</c>, 2.x's <c>api_version</c>) are not bound
/// at all, so they are never stored, echoed or logged.
/// </summary>
internal static class Mem0AddTranslation
{
    public static AddMemoryRequest ToEngine(Mem0AddBody body, ScopeAccess access)
    {
        Mem0Wire.Unsupported("app_id", body.AppId is not null, "memories belong to a user, an agent and/or a run.");
        Mem0Wire.Unsupported("custom_categories", Present(body.CustomCategories), "memories are not categorised.");
        // OpenClaw's Platform client may send the categories to give the new memories.
        Mem0Wire.Unsupported("categories", Present(body.Categories), "memories are not categorised.");
        Mem0Wire.Unsupported("custom_instructions", body.CustomInstructions is not null, "extraction instructions are configured on the server.");
        Mem0Wire.Unsupported("structured_data_schema", Present(body.StructuredDataSchema), "memories are free text.");
        Mem0Wire.Unsupported("timestamp", Present(body.Timestamp), "a memory is dated when it is stored.");
        Mem0Wire.Unsupported("expiration_date", body.ExpirationDate is not null, "memories do not expire.");
        Mem0Wire.Unsupported("includes", Present(body.Includes), "what is extracted is configured on the server.");
        Mem0Wire.Unsupported("excludes", Present(body.Excludes), "what is extracted is configured on the server.");
        Mem0Wire.Unsupported("immutable", body.Immutable == true, "every memory can be updated and deleted.");
        Mem0Wire.Unsupported("filter_memories", body.FilterMemories == true, "extraction is configured on the server.");
        Mem0AddVersion.Check(body.Version);
        Mem0OutputFormats.Parse(body.OutputFormat);
        return new AddMemoryRequest(
            RequestParsing.Messages(body.Messages),
            RequestParsing.Scope(access, body.UserId, body.AgentId, Mem0Wire.RunId(body.RunId, body.SessionId)),
            body.Metadata,
            body.Infer ?? true);
    }

    /// <summary>An option given a value (JSON null counts as not given, as the clients send unset options).</summary>
    public static bool Present(JsonElement? value) => value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };
}
