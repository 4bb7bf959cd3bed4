using BranchRating.Domain.Schemes;

namespace BranchRating.Cli.Tests;

public sealed class SchemeLinesTests
{
    [Fact]
    public void Paths_map_to_their_lines_and_missing_ones_to_the_enclosing_value()
    {
        const string Json = "{\n  \"id\": \"x\",\n  // a comment\n  \"levels\": [\n    { \"name\": \"A\" },\n    {\n      \"name\": \"B\"\n    }\n  ],\n}\n";
        var lines = SchemeLines.Read(Json);
        Assert.Equal(2, lines.LineOf("$.id"));
        Assert.Equal(4, lines.LineOf("$.levels"));
        Assert.Equal(5, lines.LineOf("$.levels[0].name"));
        Assert.Equal(7, lines.LineOf("$.levels[1].name"));
        Assert.Equal(6, lines.LineOf("$.levels[1].missing"));
        Assert.Equal(1, lines.LineOf("$.nowhere"));
    }

    [Theory]
    [InlineData("\"format\"", "branchrating.scheme/1", "branchrating.scheme/9", "$.format")]
    [InlineData("\"id\": \"members\"", "\"max\": 20", "\"max\": \"twenty\"", "$.dimensions[0].indicators[1].max")]
    public async Task A_preset_broken_on_one_line_is_reported_at_that_line(string find, string from, string to, string path)
    {
        var lines = Presets.GetJson("five-good").Split('\n');
        var target = Array.FindIndex(lines, l => l.Contains(find, StringComparison.Ordinal) && l.Contains(from, StringComparison.Ordinal));
        Assert.True(target >= 0);
        lines[target] = lines[target].Replace(from, to, StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, string.Join('\n', lines), TestContext.Current.CancellationToken);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.RunAsync(["campaign", "create", "--scheme", file, "--url", "http://127.0.0.1:1", "--lang", "en"], output, error, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains($"{Path.GetFileName(file)}:{target + 1}: {path}", error.ToString(), StringComparison.Ordinal);
    }
}
