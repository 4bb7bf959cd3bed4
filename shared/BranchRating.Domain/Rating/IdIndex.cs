using System.Collections.Frozen;

namespace BranchRating.Domain.Rating;

/// <summary>
/// The position of a scheme id (rater group, ballot, ballot choice …) among a few, for the per-subject hot path: the
/// string instances last matched are compared by reference first (inputs deserialized or built together share their
/// id instances), then by characters; a larger set goes to a frozen dictionary. Safe across threads: a slot only ever
/// holds a string equal to its id.
/// </summary>
internal sealed class IdIndex
{
    private const int Linear = 8;
    private readonly string[] _ids;
    private readonly string[] _seen;
    private readonly FrozenDictionary<string, int>? _map;

    public IdIndex(IEnumerable<string> ids)
    {
        _ids = ids.ToArray();
        _seen = (string[])_ids.Clone();
        if (_ids.Length > Linear)
        {
            _map = _ids.Select((id, i) => (id, i)).ToFrozenDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        }
    }

    public int Count => _ids.Length;

    /// <summary>The id's position, −1 when it is not one of them.</summary>
    public int IndexOf(string? id)
    {
        if (id is null)
        {
            return -1;
        }
        if (_map is not null)
        {
            return _map.TryGetValue(id, out var at) ? at : -1;
        }
        var seen = _seen;
        for (var i = 0; i < seen.Length; i++)
        {
            if (ReferenceEquals(seen[i], id))
            {
                return i;
            }
        }
        for (var i = 0; i < _ids.Length; i++)
        {
            if (string.Equals(_ids[i], id, StringComparison.Ordinal))
            {
                seen[i] = id;
                return i;
            }
        }
        return -1;
    }

    /// <summary>Whether <paramref name="id"/> is the id at <paramref name="position"/> (by reference, else by characters).</summary>
    public bool Is(int position, string id)
    {
        if (ReferenceEquals(_seen[position], id))
        {
            return true;
        }
        if (!string.Equals(_ids[position], id, StringComparison.Ordinal))
        {
            return false;
        }
        _seen[position] = id;
        return true;
    }

    /// <summary>
    /// The value under the id at <paramref name="position"/> in a map of a few entries, found by walking them (ids
    /// compared by reference first) instead of hashing the id; a larger map is hashed.
    /// </summary>
    public bool TryGetIn<T>(IReadOnlyDictionary<string, T> map, int position, out T value)
    {
        if (map is Dictionary<string, T> { Count: <= 4 } small)
        {
            foreach (var (key, found) in small)
            {
                if (Is(position, key))
                {
                    value = found;
                    return true;
                }
            }
            value = default!;
            return false;
        }
        return map.TryGetValue(_ids[position], out value!);
    }
}
