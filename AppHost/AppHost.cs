// The whole memory system on one machine (docs/apphost.md):
//
//   postgres ── memorydb ─► memoryapi ─┬─► distillationworker
//   (neo4j, with containers)           └─► djangosample (Debian's python3 + Django)
//
// With a working container engine, PostgreSQL (pgvector) and Neo4j run as containers with data volumes. Without
// one, PostgreSQL + pgvector run from this machine's binaries (data kept in .dev/postgres) and the graph lives in
// PostgreSQL. AppHost:Infrastructure = auto | containers | local overrides the choice.
using AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
var python = builder.Configuration["DjangoSample:Python"] is { Length: > 0 } configuredPython ? configuredPython : "/usr/bin/python3";

// ---- Parameters: generated on the first run and kept in this project's user secrets ---------------------------
var memoryApiKey = builder.AddParameter("memory-api-key", AppHostParameters.GeneratedSecret(), secret: true, persist: true)
    .WithDescription("App key of the memory API (`MEMORY_API_KEY`), also given to the worker and the Django sample.", enableMarkdown: true);
var memoryAdminKey = builder.AddParameter("memory-admin-key", AppHostParameters.GeneratedSecret(), secret: true, persist: true)
    .WithDescription("Admin key of the memory API (`MEMORY_ADMIN_KEY`), needed for `POST /reset`.", enableMarkdown: true);
var djangoDemoPassword = builder.AddParameter("django-demo-password", AppHostParameters.GeneratedSecret(), secret: true, persist: true)
    .WithDescription("Password of the Django sample's demo logins `carol` (caregiver of `ana` and `ben`), `ana` and `ben` (`DJANGO_DEMO_PASSWORD`).", enableMarkdown: true);
var djangoSecretKey = builder.AddParameter("django-secret-key", AppHostParameters.GeneratedSecret(), secret: true, persist: true)
    .WithDescription("`DJANGO_SECRET_KEY` of the Django sample (signs its logins' session data).", enableMarkdown: true);
var llm = LlmParameters.FromConfiguration(builder);

// ---- Infrastructure -------------------------------------------------------------------------------------------
InfrastructureChoice choice;
MemoryInfrastructure infrastructure;
try
{
    choice = InfrastructureChoice.From(builder.Configuration);
    infrastructure = choice.Mode == InfrastructureMode.Containers
        ? ContainerInfrastructure.Add(builder)
        : LocalInfrastructure.Add(builder, repositoryRoot, python);
}
catch (Exception ex) when (ex is DistributedApplicationException or InvalidOperationException)
{
    // A missing prerequisite or a wrong setting: one message that says what to do, not a stack trace.
    Console.Error.WriteLine($"[apphost] cannot start: {ex.Message}");
    return 1;
}

builder.AddInfrastructureNotice("graph", choice, infrastructure.GraphStore, infrastructure.DataDirectory);
Console.WriteLine($"[apphost] infrastructure: {choice.Mode} ({choice.Reason}); graph store: {infrastructure.GraphStore}"
    + (infrastructure.DataDirectory is { } data ? $"; PostgreSQL data in {data}" : ""));

// ---- Services -------------------------------------------------------------------------------------------------
var memoryApi = builder.AddProject<Projects.MemoryApi>("memoryapi")
    .WithReference(infrastructure.Database, MemoryInfrastructure.DatabaseName) // ConnectionStrings__memorydb
    .WithEnvironment("MEMORY_API_KEY", memoryApiKey)
    .WithEnvironment("MEMORY_ADMIN_KEY", memoryAdminKey)
    .WaitFor(infrastructure.Database)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    // The MCP endpoint agents connect to (Streamable HTTP, same API key), next to the service's own URL in the dashboard.
    .WithUrls(context =>
    {
        foreach (var url in context.Urls.Where(u => u.Endpoint?.EndpointName == "http").ToList())
        {
            context.Urls.Add(new ResourceUrlAnnotation { Url = url.Url.TrimEnd('/') + "/mcp", DisplayText = "MCP endpoint (/mcp)", Endpoint = url.Endpoint });
        }
    });
infrastructure.ConfigureMemoryApi(memoryApi);
llm.ApplyTo(memoryApi, "Llm__BaseUrl", "Llm__Model", "Llm__ApiKey");
// More than one process, as in production: writes to one scope stay serialised, and one distillation pass runs
// at a time, by the database (MemoryApi:Replicas, DistillationWorker:Replicas; default 1).
memoryApi.WithConfiguredReplicas(builder.Configuration, "MemoryApi:Replicas");

var distillationWorker = builder.AddProject<Projects.DistillationWorker>("distillationworker")
    .WithReference(memoryApi) // services__memoryapi__http__0
    .WithEnvironment("MEMORY_API_KEY", memoryApiKey)
    .WaitFor(memoryApi)
    .WithHttpHealthCheck("/health")
    .WithConfiguredReplicas(builder.Configuration, "DistillationWorker:Replicas");
llm.ApplyTo(distillationWorker, "Llm__BaseUrl", "Llm__Model", "Llm__ApiKey");

// Aspire's Python integration is not used: Debian's python3 already has Django, and a venv would not.
var django = builder.AddExecutable("djangosample", python, Path.Combine(repositoryRoot, "DjangoSample"), "manage.py", "runserver")
    .WithHttpEndpoint(port: int.TryParse(builder.Configuration["DjangoSample:Port"], out var djangoPort) ? djangoPort : null, env: "DJANGO_PORT");
var djangoHttp = django.GetEndpoint("http");
django
    .WithArgs(context =>
    {
        context.Args.Add(ReferenceExpression.Create($"127.0.0.1:{djangoHttp.Property(EndpointProperty.TargetPort)}"));
        context.Args.Add("--noreload");
    })
    .WithEnvironment("PYTHONUNBUFFERED", "1")
    .WithReference(memoryApi) // services__memoryapi__http__0
    .WithEnvironment("MEMORY_API_KEY", memoryApiKey)
    .WithEnvironment("DJANGO_DEMO_PASSWORD", djangoDemoPassword) // runserver migrates, then seeds the demo logins
    .WithEnvironment("DJANGO_SECRET_KEY", djangoSecretKey)
    .WithOtlpExporter(OtlpProtocol.HttpProtobuf) // the sample's stdlib exporter speaks OTLP/HTTP protobuf only
    .WaitFor(memoryApi)
    .WithHttpHealthCheck("/")
    .WithExternalHttpEndpoints();
llm.ApplyTo(django, "LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY");

builder.Build().Run();
return 0;
