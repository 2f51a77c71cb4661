using MemoryApi.Apis;
using MemoryApi.Apis.Mem0;
using MemoryApi.Auth;
using MemoryApi.Extensions;
using MemoryApi.Mcp;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddMemoryMcp();

var app = builder.Build();

app.UseExceptionHandler();
app.UseRequestBodyLimit();
app.UseStatusCodePages();
app.UseApiKeyAuth();

app.MapDefaultEndpoints();
app.MapOpenApi().AllowAnonymous();
app.MapMemoriesApi();
app.MapTurnsApi();
app.MapPersonDataApi();
app.MapGraphApi();
app.MapJobsApi();
app.MapEmbeddingsAdminApi();
app.MapImportAdminApi();
app.MapKeysAdminApi();
app.MapMem0EntitiesApi();
app.MapMem0ProjectApi();
app.MapMem0MemoriesApi();
app.MapMem0LegacyMemoriesApi();
app.MapMem0BatchApi();
app.MapEventsApi();
app.MapMem0EventsApi();
app.MapMemoryMcp();
// Last: the answer to every /v1/, /v2/, /v3/ request no route above serves.
app.MapMem0UnknownRoutes();

app.Run();

public partial class Program;
