using System.Text;

namespace BranchRating.Exports;

/// <summary>
/// CSV as Excel opens it: UTF-8 with a byte-order mark, CRLF lines, RFC 4180 quoting, and formula injection defused
/// (a cell starting with = + - @ tab or CR is prefixed with an apostrophe, OWASP "CSV injection").
/// </summary>
public static class CsvExport
{
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new StringBuilder();
        AppendLine(text, header);
        foreach (var row in rows) AppendLine(text, row);
        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(text.ToString());
        return [.. preamble, .. body];
    }

    public static string Cell(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r') v = "'" + v;
        return v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    private static void AppendLine(StringBuilder text, IEnumerable<string?> cells) => text.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
}
