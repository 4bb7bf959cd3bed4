using BranchRating.Security.Ballots;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace BranchRating.Security.Tests.Ballots;

public sealed class BallotOptionsTests
{
    [Fact]
    public void Production_without_a_pepper_is_refused_at_startup_naming_the_setting()
    {
        var result = new BallotBoxOptionsValidator(new Environment("Production")).Validate(null, new BallotBoxOptions());

        Assert.True(result.Failed);
        Assert.Contains("Ballots:PepperKey is required", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_without_a_pepper_is_allowed()
    {
        Assert.True(new BallotBoxOptionsValidator(new Environment("Development")).Validate(null, new BallotBoxOptions()).Succeeded);
    }

    [Theory]
    [InlineData("not base64!", 19, 100, "Asia/Shanghai", "Ballots:PepperKey must be base64")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==", 19, 100, "Asia/Shanghai", "Ballots:PepperKey must be base64")]
    [InlineData(null, 12, 100, "Asia/Shanghai", "Ballots:RandomSymbols")]
    [InlineData(null, 19, 0, "Asia/Shanghai", "Ballots:MaxTokensPerBox")]
    [InlineData(null, 19, 100, "Mars/Olympus", "Ballots:TimeZone")]
    public void Settings_out_of_range_are_refused_naming_them(string? pepper, int symbols, int max, string zone, string message)
    {
        var options = new BallotBoxOptions { PepperKey = pepper, RandomSymbols = symbols, MaxTokensPerBox = max, TimeZone = zone };

        var result = new BallotBoxOptionsValidator(new Environment("Development")).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_32_byte_pepper_is_accepted_in_production()
    {
        var options = new BallotBoxOptions { PepperKey = Convert.ToBase64String(new byte[32]) };

        Assert.True(new BallotBoxOptionsValidator(new Environment("Production")).Validate(null, options).Succeeded);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
