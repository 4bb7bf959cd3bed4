using BranchRating.Host.Hosting;

// Wiring only: roles from Host:Roles (env Host__Roles) — see Hosting/HostRegistration.cs and README.md.
var builder = WebApplication.CreateBuilder(args);
builder.AddBranchRatingHost();

var app = builder.Build();
app.MapBranchRatingHost();
app.Run();

/// <summary>The host's entry point, public for WebApplicationFactory.</summary>
public partial class Program;
