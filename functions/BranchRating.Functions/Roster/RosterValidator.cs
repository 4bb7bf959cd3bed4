using BranchRating.Contracts.Roster;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Tables;

namespace BranchRating.Functions.Roster;

/// <summary>
/// Checks roster rows (each refusal names its 1-based row and column) and builds every accepted organization's
/// hierarchy path from its parent: a parent in the same import, one already on the roster, or an outside root.
/// </summary>
public static class RosterValidator
{
    public static (List<(int Row, OrganizationRow Value)> Valid, List<RefusedRow> Refused) Check(IReadOnlyList<OrganizationRow> rows)
    {
        var valid = new List<(int, OrganizationRow)>();
        var refused = new List<RefusedRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var row = i + 1;
            var before = refused.Count;
            Require(r.Code, "code");
            if (string.IsNullOrWhiteSpace(r.Name)) refused.Add(new(row, "name", "A name is required."));
            Require(r.Region, "region");
            Require(r.County, "county");
            Require(r.Field, "field");
            if (r.MemberCount is null or < 0) refused.Add(new(row, "memberCount", "A member count of 0 or more is required."));
            if (r.ParentCode is { Length: > 0 } parent && (!Partitions.IsValidKeyPart(parent) || parent == r.Code)) refused.Add(new(row, "parentCode", "Must be another organization's code."));
            if (refused.Count == before && !seen.Add(r.Code!)) refused.Add(new(row, "code", $"Code '{r.Code}' appears more than once in this import."));
            if (refused.Count == before) valid.Add((row, r));

            void Require(string? value, string column)
            {
                if (string.IsNullOrWhiteSpace(value)) refused.Add(new(row, column, $"A {column} is required."));
                else if (!Partitions.IsValidKeyPart(value)) refused.Add(new(row, column, "At most 200 characters, without / \\ # ? | or control characters."));
            }
        }

        return (valid, refused);
    }

    /// <summary>Paths for the valid rows; rows in a parent cycle are refused.</summary>
    public static async Task<List<OrganizationRecord>> BuildPathsAsync(
        List<(int Row, OrganizationRow Value)> valid, Func<string, Task<OrganizationRecord?>> findStored, List<RefusedRow> refused)
    {
        var byCode = valid.ToDictionary(v => v.Value.Code!, v => v, StringComparer.Ordinal);
        var paths = new Dictionary<string, string?>(StringComparer.Ordinal);
        var result = new List<OrganizationRecord>();
        foreach (var (row, o) in valid)
        {
            var path = await PathAsync(o.Code!, []);
            if (path is null)
            {
                refused.Add(new(row, "parentCode", "The parent chain loops back to this organization."));
                continue;
            }

            result.Add(new OrganizationRecord(o.Code!, o.Name!.Trim(), NullIfEmpty(o.ParentCode), path, o.Region!, o.County!, o.Field!, o.MemberCount!.Value));
        }

        return result;

        async Task<string?> PathAsync(string code, HashSet<string> visiting)
        {
            if (paths.TryGetValue(code, out var known)) return known;
            if (!visiting.Add(code)) return null;
            string? path;
            if (byCode.TryGetValue(code, out var entry))
            {
                var parent = NullIfEmpty(entry.Value.ParentCode);
                path = parent is null ? code : await PathAsync(parent, visiting) is { } p ? p + "/" + code : null;
            }
            else
            {
                path = (await findStored(code))?.Path ?? code;
            }

            paths[code] = path;
            return path;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
