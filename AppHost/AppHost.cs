// The memory service's local topology, for Aspire 13.5.2:
//
//   postgres (pgvector/pgvector:pg17, data volume) ── memorydb ─┐
//   neo4j (neo4j:5-community, data volume) ─────────────────────┴─► memoryapi ─┬─► distillationworker
//                                                                              └─► djangosample (Python)
//   parameters: neo4j-password, memory-api-key, memory-admin-key, graph-store-provider, llm-* (optional)
//
// Run it with `dotnet run --project AppHost` on a machine with a container engine (Docker or Podman).
// docs/apphost.md explains the parameters and what each resource receives.

var builder = DistributedApplication.CreateBuilder(args);

// ---- Parameters ---------------------------------------------------------------------------------------
// Secrets are generated on the first run and persisted to this project's user secrets, so a plain
// `dotnet run` works. Set your own with `dotnet user-secrets set Parameters:<name> <value> --project AppHost`.
var neo4jPassword = builder.AddParameter("neo4j-password", GeneratedSecret(), secret: true, persist: true)
    .WithDescription("Password of the `neo4j` user. Neo4j applies it only when its data volume is first created.", enableMarkdown: true);
var memoryApiKey = builder.AddParameter("memory-api-key", GeneratedSecret(), secret: true, persist: true)
    .WithDescription("App key of the memory API (`MEMORY_API_KEY`), also given to the worker and the Django sample.", enableMarkdown: true);
var memoryAdminKey = builder.AddParameter("memory-admin-key", GeneratedSecret(), secret: true, persist: true)
    .WithDescription("Admin key of the memory API (`MEMORY_ADMIN_KEY`), needed for `POST /reset`.", enableMarkdown: true);

// Its default ("relational") is in appsettings.json under Parameters:graph-store-provider.
var graphStoreProvider = builder.AddParameter("graph-store-provider")
    .WithDescription("`GRAPH_STORE_PROVIDER` of the memory API: `relational` (default), `neo4j` or `none`.", enableMarkdown: true);

// Optional: an OpenAI-compatible LLM. Each is passed on only when it is configured and not empty
// (.NET services read Llm__*, the Django sample LLM_*); without a model the services stay offline.
var llmBaseUrl = OptionalParameter("llm-base-url", secret: false);
var llmModel = OptionalParameter("llm-model", secret: false);
var llmApiKey = OptionalParameter("llm-api-key", secret: true);

// ---- Infrastructure -----------------------------------------------------------------------------------
// PostgreSQL with pgvector. WithImage must come before WithDataVolume: the volume's mount path follows the
// image tag at the time WithDataVolume is called (/var/lib/postgresql/data up to PostgreSQL 17).
var postgres = builder.AddPostgres("postgres")
    .WithImage("pgvector/pgvector", "pg17")
    .WithDataVolume();
var memoryDb = postgres.AddDatabase("memorydb");

// Aspire 13.5.2 has no Neo4j hosting integration, so Neo4j is a plain container.
var neo4j = builder.AddContainer("neo4j", "neo4j", "5-community")
    .WithImageRegistry("docker.io")
    .WithHttpEndpoint(targetPort: 7474, name: "http")
    .WithEndpoint(targetPort: 7687, name: "bolt", scheme: "bolt")
    .WithEnvironment("NEO4J_AUTH", ReferenceExpression.Create($"neo4j/{neo4jPassword}"))
    .WithHttpHealthCheck("/", endpointName: "http");
neo4j.WithVolume(VolumeNameGenerator.Generate(neo4j, "data"), "/data");

// ---- Services -----------------------------------------------------------------------------------------
var memoryApi = builder.AddProject<Projects.MemoryApi>("memoryapi")
    .WithReference(memoryDb) // ConnectionStrings__memorydb
    .WithEnvironment("NEO4J_URI", neo4j.GetEndpoint("http"))
    .WithEnvironment("NEO4J_USER", "neo4j")
    .WithEnvironment("NEO4J_PASSWORD", neo4jPassword)
    .WithEnvironment("GRAPH_STORE_PROVIDER", graphStoreProvider)
    .WithEnvironment("MEMORY_API_KEY", memoryApiKey)
    .WithEnvironment("MEMORY_ADMIN_KEY", memoryAdminKey)
    .WaitFor(memoryDb) // healthy once PostgreSQL answers and memorydb exists
    .WaitFor(neo4j)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();
WithLlm(memoryApi, "Llm__BaseUrl", "Llm__Model", "Llm__ApiKey");

var distillationWorker = builder.AddProject<Projects.DistillationWorker>("distillationworker")
    .WithReference(memoryApi) // services__memoryapi__http__0
    .WithEnvironment("MEMORY_API_KEY", memoryApiKey)
    .WaitFor(memoryApi)
    .WithHttpHealthCheck("/health");
WithLlm(distillationWorker, "Llm__BaseUrl", "Llm__Model", "Llm__ApiKey");

// Django: `.venv/bin/python manage.py runserver 127.0.0.1:<port> --noreload` in ../DjangoSample. Aspire
// creates DjangoSample/.venv when it is missing (and pip-installs requirements.txt or pyproject.toml when the
// sample has one); Django itself must be importable from that venv (docs/apphost.md). DJANGO_PORT carries the
// same port for the sample's own runserver default.
var django = builder.AddPythonApp("djangosample", "../DjangoSample", "manage.py")
    .WithHttpEndpoint(env: "DJANGO_PORT");
var djangoHttp = django.GetEndpoint("http");
django
    .WithArgs(context =>
    {
        context.Args.Add("runserver");
        context.Args.Add(ReferenceExpression.Create($"127.0.0.1:{djangoHttp.Property(EndpointProperty.TargetPort)}"));
        context.Args.Add("--noreload");
    })
    .WithEnvironment("PYTHONUNBUFFERED", "1")
    .WithReference(memoryApi) // services__memoryapi__http__0
    .WithEnvironment("MEMORY_API_KEY", memoryApiKey)
    .WaitFor(memoryApi)
    .WithExternalHttpEndpoints();
WithLlm(django, "LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY");

builder.Build().Run();

static GenerateParameterDefault GeneratedSecret() =>
    // Letters and digits only: these values end up in HTTP headers and in NEO4J_AUTH ("neo4j/<password>").
    new() { MinLength = 32, Special = false };

IResourceBuilder<ParameterResource>? OptionalParameter(string name, bool secret)
{
    // Aspire reads Parameters:<name>, falling back to the name with '_' for '-' (for environment variables).
    var value = builder.Configuration[$"Parameters:{name}"];
    if (string.IsNullOrWhiteSpace(value))
    {
        value = builder.Configuration[$"Parameters:{name.Replace('-', '_')}"];
    }

    return string.IsNullOrWhiteSpace(value) ? null : builder.AddParameter(name, secret);
}

void WithLlm<T>(IResourceBuilder<T> resource, string baseUrlVariable, string modelVariable, string apiKeyVariable)
    where T : IResourceWithEnvironment
{
    if (llmBaseUrl is not null)
    {
        resource.WithEnvironment(baseUrlVariable, llmBaseUrl);
    }

    if (llmModel is not null)
    {
        resource.WithEnvironment(modelVariable, llmModel);
    }

    if (llmApiKey is not null)
    {
        resource.WithEnvironment(apiKeyVariable, llmApiKey);
    }
}
