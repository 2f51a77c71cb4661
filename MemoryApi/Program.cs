using MemoryApi.Apis;
using MemoryApi.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi().AllowAnonymous();
app.MapMemoriesApi();
app.MapTurnsApi();
app.MapGraphApi();
app.MapJobsApi();
app.MapEmbeddingsAdminApi();

app.Run();

public partial class Program;
