using BranchRating.Host.Hosting;

// Wiring only: roles from Host:Roles (env Host__Roles) — see Hosting/HostRegistration.cs and README.md.
var builder = WebApplication.CreateBuilder(args);
builder.AddBranchRatingHost();

var app = builder.Build();
app.MapBranchRatingHost();
var exitCode = app.Services.GetRequiredService<HostExitCode>();
app.Run();
return exitCode.Value; // 1 when a run-once scheduler job had a failing timer

/// <summary>The host's entry point, public for WebApplicationFactory.</summary>
public partial class Program;
