using DistillationWorker.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapDistillationApi();

app.Run();

// Internal on purpose: the test project references MemoryApi too, whose public Program is the one
// WebApplicationFactory<Program> must find. (.NET 10 would otherwise generate a public Program here.)
internal sealed partial class Program;
