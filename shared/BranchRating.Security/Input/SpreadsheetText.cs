using System.Text;
using System.Text.RegularExpressions;

namespace BranchRating.Security.Input;

/// <summary>
/// Text bound for CSV or Excel cells. A cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage
/// return (also after leading spaces, and their full-width forms <c>＝＋－＠</c> that Chinese input methods type) is
/// run as a formula by spreadsheet programs (CSV/formula injection, OWASP); such cells get a leading apostrophe so
/// they are shown as text. Plain numbers such as <c>-5</c> or <c>-0.5</c> (deductions) stay numbers.
/// </summary>
public static partial class SpreadsheetText
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'];

    /// <summary>The cell text with a leading apostrophe when a spreadsheet would evaluate it.</summary>
    public static string EscapeFormula(string? value)
    {
        if (string.IsNullOrEmpty(value) || PlainNumber().IsMatch(value))
        {
            return value ?? "";
        }

        var first = value.TrimStart(' ', '\u3000');
        return first.Length > 0 && Array.IndexOf(FormulaStarts, first[0]) >= 0 || Array.IndexOf(FormulaStarts, value[0]) >= 0
            ? "'" + value
            : value;
    }

    /// <summary>One RFC 4180 CSV field: formula-escaped, then quoted when it holds a comma, quote, CR, LF or edge spaces.</summary>
    public static string CsvField(string? value)
    {
        var text = EscapeFormula(value);
        var needsQuotes = text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '));
        return needsQuotes ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>Writes one CSV row ending in CRLF.</summary>
    public static Task WriteCsvRowAsync(TextWriter writer, IEnumerable<string?> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fields);
        var line = new StringBuilder();
        foreach (var field in fields)
        {
            if (line.Length > 0)
            {
                line.Append(',');
            }

            line.Append(CsvField(field));
        }

        line.Append("\r\n");
        return writer.WriteAsync(line, cancellationToken);
    }

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex PlainNumber();
}
