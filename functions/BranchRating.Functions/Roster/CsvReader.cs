using System.Text;

namespace BranchRating.Functions.Roster;

/// <summary>RFC 4180 CSV: comma-separated, fields optionally in double quotes ("" inside quotes is a quote).</summary>
public static class CsvReader
{
    public static IEnumerable<IReadOnlyList<string>> Read(TextReader reader)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                    else quoted = false;
                }
                else field.Append(ch);
            }
            else if (ch == '"' && field.Length == 0) quoted = true;
            else if (ch == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (ch == '\r') { }
            else if (ch == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                yield return row;
                row = [];
                any = false;
            }
            else field.Append(ch);
        }

        if (any)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}
