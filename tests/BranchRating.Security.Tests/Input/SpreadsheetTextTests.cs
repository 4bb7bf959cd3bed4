using BranchRating.Security.Input;

namespace BranchRating.Security.Tests.Input;

public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("  =1", "'  =1")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("＠x", "'＠x")]
    [InlineData("-", "'-")]
    public void Cells_a_spreadsheet_would_evaluate_get_a_leading_apostrophe(string value, string expected)
    {
        Assert.Equal(expected, SpreadsheetText.EscapeFormula(value));
    }

    [Theory]
    [InlineData("红星村党支部")]
    [InlineData("-5")]
    [InlineData("-0.5")]
    [InlineData("42")]
    [InlineData("a=b")]
    [InlineData("")]
    public void Plain_text_and_plain_numbers_are_left_alone(string value)
    {
        Assert.Equal(value, SpreadsheetText.EscapeFormula(value));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("=1,2", "\"'=1,2\"")]
    [InlineData(null, "")]
    public void Csv_fields_are_escaped_then_quoted_when_needed(string? value, string expected)
    {
        Assert.Equal(expected, SpreadsheetText.CsvField(value));
    }

    [Fact]
    public async Task A_row_is_comma_separated_and_ends_in_crlf()
    {
        var writer = new StringWriter();

        await SpreadsheetText.WriteCsvRowAsync(writer, ["B0042", "=cmd", null, "-3"], TestContext.Current.CancellationToken);

        Assert.Equal("B0042,'=cmd,,-3\r\n", writer.ToString());
    }
}
