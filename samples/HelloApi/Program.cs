var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", () => "Hello from a signed, scanned, SBOM-carrying container.");
app.MapGet("/healthz", () => Results.Ok());

app.Run();
