using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Inputs;

/// <summary>
/// An order of indicator ids shared by many submissions: <see cref="Of(Scheme)"/> gives the scheme's own order, the one
/// the engine reads without any lookup. Build it once per scheme and reuse it for every <see cref="IndicatorScores"/>.
/// </summary>
public sealed class IndicatorOrder
{
    private readonly string[] _ids;
    private readonly FrozenDictionary<string, int> _index;

    /// <exception cref="ArgumentException">An id is null, empty or repeated.</exception>
    public IndicatorOrder(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        _ids = [.. ids];
        var index = new Dictionary<string, int>(_ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < _ids.Length; i++)
        {
            if (string.IsNullOrEmpty(_ids[i]) || !index.TryAdd(_ids[i], i))
            {
                throw new ArgumentException($"Indicator ids must be non-empty and distinct; '{_ids[i]}' at position {i} is not.", nameof(ids));
            }
        }
        _index = index.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The scheme's indicators in the scheme's order.</summary>
    public static IndicatorOrder Of(Scheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return new IndicatorOrder(scheme.Indicators.Select(i => i.Id));
    }

    public int Count => _ids.Length;

    public IReadOnlyList<string> Ids => _ids;

    internal int IndexOf(string id) => _index.TryGetValue(id, out var i) ? i : -1;
}

/// <summary>
/// One submission's scores as values in an <see cref="IndicatorOrder"/>: a read-only indicator id → score map like any
/// other (serialized as a JSON object), which holds no per-entry keys or hashes. When the order is the scheme's, the
/// engine copies the values in one step instead of reading a dictionary entry by entry.
/// </summary>
public sealed class IndicatorScores : IReadOnlyDictionary<string, decimal>
{
    private readonly decimal[] _values;

    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold one value per indicator of the order.</exception>
    public IndicatorScores(IndicatorOrder order, ReadOnlySpan<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (values.Length != order.Count)
        {
            throw new ArgumentException($"The order has {order.Count} indicators; {values.Length} values given.", nameof(values));
        }
        Order = order;
        _values = values.ToArray();
    }

    public IndicatorOrder Order { get; }

    /// <summary>The values in <see cref="Order"/>.</summary>
    public ReadOnlySpan<decimal> Values => _values;

    public int Count => _values.Length;

    public decimal this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No score for indicator '{key}'.");

    public IEnumerable<string> Keys => Order.Ids;

    IEnumerable<decimal> IReadOnlyDictionary<string, decimal>.Values => _values;

    public bool ContainsKey(string key) => Order.IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out decimal value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var i = Order.IndexOf(key);
        value = i >= 0 ? _values[i] : default;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, decimal>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            yield return new(Order.Ids[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
