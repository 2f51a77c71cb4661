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
        // OpenClaw's Platform client may send the categories to give the new memories; here they are chosen per memory
        // from the add's category set (custom_categories), so a fixed list would be silently overridden.
        Mem0Wire.Unsupported("categories", Present(body.Categories), "categories are chosen per memory from the category set; send custom_categories to name the set.");
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
            RequestParsing.Scope(access, body.UserId, body.AgentId, Mem0Wire.RunId(body.RunId, body.SessionId), appId: body.AppId),
            body.Metadata,
            body.Infer ?? true,
            CustomInstructions: MemoryCore.Categories.ExtractionGuidance.CheckInstructions(body.CustomInstructions),
            CustomCategories: CategoryParsing.Set(body.CustomCategories));
    }

    /// <summary>An option given a value (JSON null counts as not given, as the clients send unset options).</summary>
    public static bool Present(JsonElement? value) => value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };
}
