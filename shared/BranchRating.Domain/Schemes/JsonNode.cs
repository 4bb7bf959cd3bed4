using System.Globalization;
using System.Text.Json;

namespace BranchRating.Domain.Schemes;

/// <summary>A JSON element with its path; every read records a <see cref="SchemeError"/> instead of throwing.</summary>
internal readonly struct JsonNode(JsonElement element, string path, List<SchemeError> errors)
{
    public JsonElement Element { get; } = element;
    public string Path { get; } = path;
    public List<SchemeError> Errors { get; } = errors;

    public void Error(string rule, string message) => Errors.Add(new SchemeError(Path, rule, message));

    public void ErrorAt(string name, string rule, string message) => Errors.Add(new SchemeError($"{Path}.{name}", rule, message));

    public bool IsObject(string what)
    {
        if (Element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }
        Error("type", $"{what} must be a JSON object.");
        return false;
    }

    /// <summary>Records an error for every property not in <paramref name="allowed"/>.</summary>
    public void AllowOnly(params string[] allowed)
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var p in Element.EnumerateObject())
        {
            if (System.Array.IndexOf(allowed, p.Name) < 0)
            {
                ErrorAt(p.Name, "unknown-field", $"Unknown field '{p.Name}'; allowed here: {string.Join(", ", allowed)}.");
            }
        }
    }

    public bool Has(string name) => Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonNode? Child(string name, bool required)
    {
        if (Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
        {
            return new JsonNode(v, $"{Path}.{name}", Errors);
        }
        if (required)
        {
            ErrorAt(name, "required", $"'{name}' is required.");
        }
        return null;
    }

    public string? String(string name, bool required = true)
    {
        var c = Child(name, required);
        if (c is not { } n)
        {
            return null;
        }
        if (n.Element.ValueKind != JsonValueKind.String)
        {
            n.Error("type", $"'{name}' must be a string.");
            return null;
        }
        var s = n.Element.GetString()!;
        if (s.Trim().Length == 0)
        {
            n.Error("required", $"'{name}' must not be empty.");
            return null;
        }
        return s;
    }

    public string? Id(string name = "id")
    {
        var s = String(name);
        if (s is not null && !IsIdentifier(s))
        {
            ErrorAt(name, "identifier", $"'{s}' is not a valid id: use letters, digits, '-' and '_' only.");
            return null;
        }
        return s;
    }

    public static bool IsIdentifier(string s) => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || c == '-' || c == '_');

    public decimal? Decimal(string name, bool required = true, decimal? min = null, decimal? max = null)
    {
        var c = Child(name, required);
        return c?.AsDecimal(min, max);
    }

    public decimal? AsDecimal(decimal? min = null, decimal? max = null)
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetDecimal(out var d))
        {
            Error("type", "Must be a number.");
            return null;
        }
        if (min is { } lo && d < lo)
        {
            Error("range", $"{d.ToString(CultureInfo.InvariantCulture)} is below the minimum {lo.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }
        if (max is { } hi && d > hi)
        {
            Error("range", $"{d.ToString(CultureInfo.InvariantCulture)} is above the maximum {hi.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }
        return d;
    }

    public int? Int(string name, bool required = true, int? min = null, int? max = null)
    {
        var c = Child(name, required);
        if (c is not { } n)
        {
            return null;
        }
        if (n.Element.ValueKind != JsonValueKind.Number || !n.Element.TryGetInt32(out var i))
        {
            n.Error("type", $"'{name}' must be a whole number.");
            return null;
        }
        if ((min is { } lo && i < lo) || (max is { } hi && i > hi))
        {
            n.Error("range", $"'{name}' = {i} is outside [{min?.ToString(CultureInfo.InvariantCulture) ?? "…"}, {max?.ToString(CultureInfo.InvariantCulture) ?? "…"}].");
            return null;
        }
        return i;
    }

    public bool Bool(string name, bool fallback)
    {
        var c = Child(name, false);
        if (c is not { } n)
        {
            return fallback;
        }
        if (n.Element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            n.Error("type", $"'{name}' must be true or false.");
            return fallback;
        }
        return n.Element.GetBoolean();
    }

    public T? Enum<T>(string name, bool required, T? fallback = null)
        where T : struct, Enum
    {
        var s = String(name, required);
        if (s is null)
        {
            return fallback;
        }
        foreach (var v in System.Enum.GetValues<T>())
        {
            if (string.Equals(EnumName(v), s, StringComparison.Ordinal))
            {
                return v;
            }
        }
        ErrorAt(name, "enum", $"'{s}' is not one of: {string.Join(", ", System.Enum.GetValues<T>().Select(EnumName))}.");
        return null;
    }

    public static string EnumName<T>(T value)
        where T : struct, Enum
    {
        var s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }

    public IReadOnlyList<JsonNode> Array(string name, bool required, bool allowEmpty = true)
    {
        var c = Child(name, required);
        if (c is not { } n)
        {
            return [];
        }
        if (n.Element.ValueKind != JsonValueKind.Array)
        {
            n.Error("type", $"'{name}' must be an array.");
            return [];
        }
        var items = new List<JsonNode>();
        var i = 0;
        foreach (var e in n.Element.EnumerateArray())
        {
            items.Add(new JsonNode(e, $"{n.Path}[{i++}]", Errors));
        }
        if (items.Count == 0 && !allowEmpty)
        {
            n.Error("required", $"'{name}' must not be empty.");
        }
        return items;
    }

    public IReadOnlyList<string> Strings(string name, bool required)
    {
        var list = new List<string>();
        foreach (var n in Array(name, required))
        {
            if (n.Element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(n.Element.GetString()))
            {
                n.Error("type", "Must be a non-empty string.");
                continue;
            }
            list.Add(n.Element.GetString()!);
        }
        return list;
    }

    /// <summary>An object whose property values are numbers (e.g. weights, level points).</summary>
    public IReadOnlyDictionary<string, decimal>? NumberMap(string name, bool required, decimal? min = null, decimal? max = null)
    {
        var c = Child(name, required);
        if (c is not { } n)
        {
            return null;
        }
        if (!n.IsObject($"'{name}'"))
        {
            return null;
        }
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var p in n.Element.EnumerateObject())
        {
            var v = new JsonNode(p.Value, $"{n.Path}.{p.Name}", Errors).AsDecimal(min, max);
            if (v is { } d)
            {
                map[p.Name] = d;
            }
        }
        if (map.Count == 0)
        {
            n.Error("required", $"'{name}' must have at least one entry.");
        }
        return map;
    }
}
