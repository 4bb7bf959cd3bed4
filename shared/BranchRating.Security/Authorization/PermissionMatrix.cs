using System.Text.Json;

namespace BranchRating.Security.Authorization;

/// <summary>
/// Role × permission → reach, read from the data file <c>permission-matrix.json</c> (embedded). Loading refuses a
/// file that misses a role or a permission, or names an unknown one, so no cell is left to a default.
/// </summary>
public sealed class PermissionMatrix
{
    private readonly Dictionary<(Role, Permission), Reach> _cells;

    private PermissionMatrix(Dictionary<(Role, Permission), Reach> cells) => _cells = cells;

    /// <summary>The matrix shipped with the product.</summary>
    public static PermissionMatrix Default { get; } = LoadEmbedded();

    public Reach ReachOf(Role role, Permission permission) => _cells[(role, permission)];

    /// <summary>Whether a grant of <paramref name="role"/> at <paramref name="scope"/> allows <paramref name="permission"/> on <paramref name="target"/>.</summary>
    public bool Allows(Role role, OrganizationPath scope, Permission permission, OrganizationPath target) =>
        ReachOf(role, permission) switch
        {
            Reach.Own => target.Equals(scope),
            Reach.Subtree => target.IsSelfOrDescendantOf(scope),
            Reach.Descendants => target.IsDescendantOf(scope),
            _ => false,
        };

    public static PermissionMatrix Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var cells = new Dictionary<(Role, Permission), Reach>();
        var seenRoles = new HashSet<Role>();
        foreach (var roleProperty in document.RootElement.EnumerateObject())
        {
            if (roleProperty.Name.StartsWith('$'))
            {
                continue;
            }

            var role = ParseName<Role>(roleProperty.Name, "role");
            if (!seenRoles.Add(role))
            {
                throw new FormatException($"permission matrix: role '{roleProperty.Name}' appears twice");
            }

            foreach (var cell in roleProperty.Value.EnumerateObject())
            {
                var permission = ParseName<Permission>(cell.Name, $"permission of role '{roleProperty.Name}'");
                var reach = ParseName<Reach>(cell.Value.GetString() ?? "", $"reach of {roleProperty.Name}.{cell.Name}");
                if (!cells.TryAdd((role, permission), reach))
                {
                    throw new FormatException($"permission matrix: {roleProperty.Name}.{cell.Name} appears twice");
                }
            }
        }

        var missing = Enum.GetValues<Role>()
            .SelectMany(r => Enum.GetValues<Permission>().Select(p => (r, p)))
            .Where(key => !cells.ContainsKey(key))
            .Select(key => $"{key.r}.{key.p}")
            .ToList();
        if (missing.Count > 0)
        {
            throw new FormatException("permission matrix: missing cells " + string.Join(", ", missing));
        }

        return new PermissionMatrix(cells);
    }

    private static T ParseName<T>(string name, string what)
        where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } known
            ? Enum.Parse<T>(known)
            : throw new FormatException($"permission matrix: unknown {what} '{name}'");

    private static PermissionMatrix LoadEmbedded()
    {
        using var stream = typeof(PermissionMatrix).Assembly.GetManifestResourceStream("BranchRating.Security.permission-matrix.json")
                           ?? throw new InvalidOperationException("permission-matrix.json is not embedded");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
