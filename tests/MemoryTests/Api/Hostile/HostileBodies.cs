namespace MemoryTests.Api.Hostile;

/// <summary>
/// Every JSON body route with its fields as templates: <c>§</c> marks where the hostile value goes, everything else is
/// valid and aimed at the seeded scope, so a request the API wrongly accepted would show up in the fingerprint.
/// </summary>
internal static class HostileBodies
{
    public const string Seed = "hostile-seed";

    public sealed record Route(string Method, string Path, string Valid);

    public static readonly Route Add = new("POST", "/memories", """{"messages":[{"role":"user","content":"I like tea."}],"user_id":"hostile-seed","infer":false}""");
    public static readonly Route Search = new("POST", "/search", """{"query":"tea","user_id":"hostile-seed"}""");
    public static readonly Route Update = new("PUT", "/memories/{seed}", """{"text":"I live in Tromsø."}""");
    public static readonly Route Revert = new("POST", "/memories/{seed}/revert", """{"history_id":"{history}"}""");
    public static readonly Route Lease = new("POST", "/jobs/hostile/lease", """{"holder":"h1","ttl_seconds":30}""");
    public static readonly Route Checkpoint = new("PUT", "/jobs/hostile/checkpoint", """{"holder":"h1","token":1,"watermark":9}""");

    public static readonly Route AsyncAdd = new("POST", "/memories?async=true", """{"messages":[{"role":"user","content":"I like tea."}],"user_id":"hostile-seed","infer":false}""");
    public static readonly Route Mem0AsyncAdd = new("POST", "/v3/memories/add/", """{"messages":[{"role":"user","content":"I like tea."}],"user_id":"hostile-seed","infer":false,"async_mode":true}""");

    // The synchronous Mem0 add, without the trailing slash (routing ignores it) so its case names differ from the async one's.
    public static readonly Route Mem0Add = new("POST", "/v3/memories/add", """{"messages":[{"role":"user","content":"I like tea."}],"user_id":"hostile-seed","infer":false}""");
    public static readonly Route Mem0Search = new("POST", "/v3/memories/search/", """{"query":"tea","filters":{"user_id":"hostile-seed"}}""");
    public static readonly Route Mem0List = new("POST", "/v3/memories/", """{"filters":{"user_id":"hostile-seed"}}""");
    public static readonly Route Mem0Update = new("PUT", "/v1/memories/{seed}/", """{"text":"I live in Tromsø."}""");
    public static readonly Route Mem0BatchUpdate = new("PUT", "/v1/batch/", """{"memories":[{"memory_id":"{seed}","text":"I live in Tromsø."}]}""");
    public static readonly Route Mem0BatchDelete = new("DELETE", "/v1/batch/", """{"memories":[{"memory_id":"{seed}"}]}""");

    // mem0ai 2.x's routes (v1/v2): the same translations as v3's, answered in 2.x's shapes.
    public static readonly Route Mem0V1Add = new("POST", "/v1/memories/", """{"messages":[{"role":"user","content":"I like tea."}],"user_id":"hostile-seed","infer":false}""");
    public static readonly Route Mem0V1Search = new("POST", "/v1/memories/search/", """{"query":"tea","user_id":"hostile-seed"}""");
    public static readonly Route Mem0V2Search = new("POST", "/v2/memories/search/", """{"query":"tea","filters":{"user_id":"hostile-seed"}}""");
    public static readonly Route Mem0V2List = new("POST", "/v2/memories/", """{"filters":{"user_id":"hostile-seed"}}""");

    public static readonly Route[] Routes = [Add, Search, Update, Revert, Lease, Checkpoint, AsyncAdd, Mem0AsyncAdd, Mem0Add, Mem0Search, Mem0List, Mem0Update, Mem0BatchUpdate, Mem0BatchDelete, Mem0V1Add, Mem0V1Search, Mem0V2Search, Mem0V2List];

    /// <summary>String fields that reach the store (or the engine) and so must refuse NUL and lone surrogates.</summary>
    public static readonly (Route Route, string Field, string Template)[] StringFields =
    [
        (Add, "messages[0].content", """{"messages":[{"role":"user","content":§}],"user_id":"hostile-seed","infer":false}"""),
        (Add, "messages[0].role", """{"messages":[{"role":§,"content":"I like tea."}],"user_id":"hostile-seed","infer":false}"""),
        (Add, "messages[0].name", """{"messages":[{"role":"user","content":"I like tea.","name":§}],"user_id":"hostile-seed","infer":false}"""),
        (Add, "messages[1].content", """{"messages":[{"role":"user","content":"I like tea."},{"role":"assistant","content":§}],"user_id":"hostile-seed","infer":false}"""),
        (Add, "messages-as-string", """{"messages":§,"user_id":"hostile-seed","infer":false}"""),
        (Add, "messages-inferred", """{"messages":§,"user_id":"hostile-seed"}"""),
        (Add, "user_id", """{"messages":"I like tea.","user_id":§,"infer":false}"""),
        (Add, "agent_id", """{"messages":"I like tea.","user_id":"hostile-seed","agent_id":§,"infer":false}"""),
        (Add, "run_id", """{"messages":"I like tea.","user_id":"hostile-seed","run_id":§,"infer":false}"""),
        (Add, "metadata.value", """{"messages":"I like tea.","user_id":"hostile-seed","metadata":{"k":§},"infer":false}"""),
        (Add, "metadata.nested.value", """{"messages":"I like tea.","user_id":"hostile-seed","metadata":{"k":{"deeper":[1,§]}},"infer":false}"""),
        (Add, "metadata.key", """{"messages":"I like tea.","user_id":"hostile-seed","metadata":{§:"v"},"infer":false}"""),
        (Add, "metadata.nested.key", """{"messages":"I like tea.","user_id":"hostile-seed","metadata":{"k":{§:"v"}},"infer":false}"""),
        (AsyncAdd, "messages[0].content", """{"messages":[{"role":"user","content":§}],"user_id":"hostile-seed","infer":false}"""),
        (AsyncAdd, "messages-inferred", """{"messages":§,"user_id":"hostile-seed"}"""),
        (AsyncAdd, "user_id", """{"messages":"I like tea.","user_id":§,"infer":false}"""),
        (AsyncAdd, "metadata.key", """{"messages":"I like tea.","user_id":"hostile-seed","metadata":{§:"v"},"infer":false}"""),
        (Mem0AsyncAdd, "messages[0].content", """{"messages":[{"role":"user","content":§}],"user_id":"hostile-seed","infer":false,"async_mode":true}"""),
        (Mem0AsyncAdd, "session_id", """{"messages":"I like tea.","user_id":"hostile-seed","session_id":§,"async_mode":true}"""),
        (Mem0AsyncAdd, "metadata.value", """{"messages":"I like tea.","user_id":"hostile-seed","metadata":{"k":§},"async_mode":true}"""),
        (Search, "query", """{"query":§,"user_id":"hostile-seed"}"""),
        (Search, "query-fulltext", """{"query":§,"user_id":"hostile-seed","mode":"fulltext"}"""),
        (Search, "query-vector", """{"query":§,"user_id":"hostile-seed","mode":"vector"}"""),
        (Search, "user_id", """{"query":"tea","user_id":§}"""),
        (Search, "agent_id", """{"query":"tea","user_id":"hostile-seed","agent_id":§}"""),
        (Search, "run_id", """{"query":"tea","user_id":"hostile-seed","run_id":§}"""),
        (Search, "mode", """{"query":"tea","user_id":"hostile-seed","mode":§}"""),
        (Search, "filters.user_id", """{"query":"tea","filters":{"user_id":§}}"""),
        (Search, "filters.value", """{"query":"tea","user_id":"hostile-seed","filters":{"k":§}}"""),
        (Search, "filters.key", """{"query":"tea","user_id":"hostile-seed","filters":{§:"v"}}"""),
        (Search, "filters.in", """{"query":"tea","user_id":"hostile-seed","filters":{"k":{"in":["v",§]}}}"""),
        (Search, "filters.contains", """{"query":"tea","user_id":"hostile-seed","filters":{"k":{"contains":§}}}"""),
        (Search, "filters.OR.value", """{"query":"tea","user_id":"hostile-seed","filters":{"OR":[{"k":"v"},{"k":{"ne":§}}]}}"""),
        (Search, "filters.operator", """{"query":"tea","user_id":"hostile-seed","filters":{"k":{§:"v"}}}"""),
        (Update, "text", """{"text":§}"""),
        (Update, "data", """{"data":§}"""),
        (Update, "metadata.value", """{"metadata":{"k":§}}"""),
        (Update, "metadata.key", """{"metadata":{§:"v"}}"""),
        (Update, "text+metadata", """{"text":"I live in Tromsø.","metadata":{"k":[§]}}"""),
        (Revert, "history_id", """{"history_id":§}"""),
        (Lease, "holder", """{"holder":§,"ttl_seconds":30}"""),
        (Checkpoint, "holder", """{"holder":§,"token":1,"watermark":9}"""),
        (Mem0Add, "messages[0].content", """{"messages":[{"role":"user","content":§}],"user_id":"hostile-seed","infer":false}"""),
        (Mem0Add, "messages-as-string", """{"messages":§,"user_id":"hostile-seed","infer":false}"""),
        (Mem0Add, "user_id", """{"messages":"I like tea.","user_id":§,"infer":false}"""),
        (Mem0Add, "agent_id", """{"messages":"I like tea.","user_id":"hostile-seed","agent_id":§,"infer":false}"""),
        (Mem0Add, "run_id", """{"messages":"I like tea.","user_id":"hostile-seed","run_id":§,"infer":false}"""),
        (Mem0Add, "metadata.value", """{"messages":"I like tea.","user_id":"hostile-seed","metadata":{"k":§},"infer":false}"""),
        (Mem0Add, "metadata.key", """{"messages":"I like tea.","user_id":"hostile-seed","metadata":{§:"v"},"infer":false}"""),
        (Mem0Search, "query", """{"query":§,"filters":{"user_id":"hostile-seed"}}"""),
        (Mem0V1Add, "messages[0].content", """{"messages":[{"role":"user","content":§}],"user_id":"hostile-seed","infer":false}"""),
        (Mem0V1Add, "user_id", """{"messages":"I like tea.","user_id":§,"infer":false}"""),
        (Mem0V1Add, "metadata.key", """{"messages":"I like tea.","user_id":"hostile-seed","metadata":{§:"v"},"infer":false}"""),
        (Mem0V1Add, "version", """{"messages":"I like tea.","user_id":"hostile-seed","infer":false,"version":§}"""),
        (Mem0V1Add, "output_format", """{"messages":"I like tea.","user_id":"hostile-seed","infer":false,"output_format":§}"""),
        (Mem0V1Search, "query", """{"query":§,"user_id":"hostile-seed"}"""),
        (Mem0V1Search, "user_id", """{"query":"tea","user_id":§}"""),
        (Mem0V2Search, "filters.user_id", """{"query":"tea","filters":{"user_id":§}}"""),
        (Mem0V2List, "filters.user_id", """{"filters":{"user_id":§}}"""),
        (Mem0Search, "filters.user_id", """{"query":"tea","filters":{"user_id":§}}"""),
        (Mem0Search, "filters.AND.user_id", """{"query":"tea","filters":{"AND":[{"user_id":§}]}}"""),
        (Mem0Search, "user_id", """{"query":"tea","user_id":§}"""),
        (Mem0List, "filters.user_id", """{"filters":{"user_id":§}}"""),
        (Mem0List, "filters.OR.agent_id", """{"filters":{"OR":[{"user_id":"hostile-seed"},{"agent_id":§}]}}"""),
        (Mem0Update, "text", """{"text":§}"""),
        (Mem0Update, "metadata.value", """{"metadata":{"k":§}}"""),
        (Mem0BatchUpdate, "memories[0].text", """{"memories":[{"memory_id":"{seed}","text":§}]}"""),
        (Mem0BatchUpdate, "memories[0].memory_id", """{"memories":[{"memory_id":§,"text":"I live in Tromsø."}]}"""),
        (Mem0BatchDelete, "memories[0].memory_id", """{"memories":[{"memory_id":§}]}"""),
    ];

    /// <summary>Fields that take something other than a string, with the template for a wrong-typed value.</summary>
    public static readonly (Route Route, string Field, string Template)[] IntegerFields =
    [
        (Search, "limit", """{"query":"tea","user_id":"hostile-seed","limit":§}"""),
        (Lease, "ttl_seconds", """{"holder":"h1","ttl_seconds":§}"""),
        (Lease, "token", """{"holder":"h1","ttl_seconds":30,"token":§}"""),
        (Checkpoint, "token", """{"holder":"h1","token":§,"watermark":9}"""),
        (Checkpoint, "watermark", """{"holder":"h1","token":1,"watermark":§}"""),
        (Mem0Search, "top_k", """{"query":"tea","filters":{"user_id":"hostile-seed"},"top_k":§}"""),
        (Mem0Search, "limit", """{"query":"tea","filters":{"user_id":"hostile-seed"},"limit":§}"""),
    ];

    /// <summary>String-typed fields given another type.</summary>
    public static readonly (Route Route, string Field, string Template)[] TypedStringFields =
    [
        (Add, "user_id", """{"messages":"I like tea.","user_id":§,"infer":false}"""),
        (Add, "agent_id", """{"messages":"I like tea.","user_id":"hostile-seed","agent_id":§,"infer":false}"""),
        (Add, "messages[0].content", """{"messages":[{"role":"user","content":§}],"user_id":"hostile-seed","infer":false}"""),
        (Add, "messages[0].role", """{"messages":[{"role":§,"content":"I like tea."}],"user_id":"hostile-seed","infer":false}"""),
        (Add, "messages[0].name", """{"messages":[{"role":"user","content":"I like tea.","name":§}],"user_id":"hostile-seed","infer":false}"""),
        (Search, "query", """{"query":§,"user_id":"hostile-seed"}"""),
        (Search, "run_id", """{"query":"tea","user_id":"hostile-seed","run_id":§}"""),
        (Search, "mode", """{"query":"tea","user_id":"hostile-seed","mode":§}"""),
        (Search, "filters.user_id", """{"query":"tea","filters":{"user_id":§}}"""),
        (Update, "text", """{"text":§}"""),
        (Update, "data", """{"data":§}"""),
        (Revert, "history_id", """{"history_id":§}"""),
        (Lease, "holder", """{"holder":§,"ttl_seconds":30}"""),
        (Checkpoint, "holder", """{"holder":§,"token":1,"watermark":9}"""),
        (Mem0Add, "user_id", """{"messages":"I like tea.","user_id":§,"infer":false}"""),
        (Mem0Search, "query", """{"query":§,"filters":{"user_id":"hostile-seed"}}"""),
        (Mem0Update, "text", """{"text":§}"""),
        (Mem0BatchUpdate, "memories[0].text", """{"memories":[{"memory_id":"{seed}","text":§}]}"""),
        (Mem0BatchDelete, "memories[0].memory_id", """{"memories":[{"memory_id":§}]}"""),
    ];

    public static string Fill(string template, string value) => template.Replace("§", value, StringComparison.Ordinal);
}
