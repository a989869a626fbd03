var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => Shared.Greeting.For("orders"));
app.Run();
