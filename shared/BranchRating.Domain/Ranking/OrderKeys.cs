using BranchRating.Domain.Rating;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Ranking;

/// <summary>
/// The values of a chain of order keys for every subject, in one flat array (subject-major), and the codes for
/// the final tie-break (ordinal). A missing value sorts last. Chains of up to three keys sort as value rows
/// with a struct comparer (no virtual calls); longer chains through this comparer.
/// </summary>
internal sealed class OrderKeys : IComparer<int>
{
    public const decimal Missing = decimal.MinValue;

    private readonly ScoreColumns _subjects;
    private readonly OrderKey[] _keys;
    private readonly Scheme _scheme;
    private readonly int _width;
    private readonly int _count;
    private readonly string[] _codes;

    // The commonest case: up to three keys, each a number of 0 … 209.715 with at most 4 decimals; scaled by 10⁴
    // they pack into one 63-bit integer per subject (21 bits each, 0 = missing) whose order is the keys' order
    // and whose equality is the keys' equality. Otherwise the values are kept as decimals (subject-major).
    private readonly long[]? _packed;
    private readonly decimal[] _values = [];

    public OrderKeys(ScoreColumns subjects, IReadOnlyList<OrderKey> chain, Scheme scheme)
    {
        _subjects = subjects;
        _scheme = scheme;
        _keys = chain.Where(k => k.Kind != OrderKeyKind.Code).ToArray();
        _width = _keys.Length;
        _count = subjects.Count;
        _codes = subjects.Codes;
        _sources = _keys.Select(k => Source(subjects, k)).ToArray();
        if (_width <= 3 && TryPack(out var packed))
        {
            _packed = packed;
            return;
        }
        _values = new decimal[_count * _width];
        for (var s = 0; s < _count; s++)
        {
            for (var k = 0; k < _width; k++)
            {
                _values[s * _width + k] = ValueOf(s, k);
            }
        }
    }

    /// <summary>The first key's value (what a ranking is "by").</summary>
    public decimal Head(int subject) => _width == 0 ? Missing : _packed is not null ? ValueOf(subject, 0) : _values[subject * _width];

    // Where each key's value is read, resolved once per run (not per subject): the row's final total or explained
    // values, else the general lookup.
    private enum KeySource { Final, Key0, Key1, Other }

    private readonly KeySource[] _sources;

    private static KeySource Source(ScoreColumns subjects, OrderKey key)
    {
        if (key.Kind == OrderKeyKind.Final)
        {
            return KeySource.Final;
        }
        if (key.Kind is OrderKeyKind.Group or OrderKeyKind.Satisfaction)
        {
            var kept = subjects.ExplainedKeys;
            if (kept.Length > 0 && kept[0] == key)
            {
                return KeySource.Key0;
            }
            if (kept.Length > 1 && kept[1] == key)
            {
                return KeySource.Key1;
            }
        }
        return KeySource.Other;
    }

    private decimal ValueOf(int subject, int k) => _sources[k] switch
    {
        KeySource.Final => _subjects.Row(subject).Final,
        KeySource.Key0 => _subjects.Row(subject).Key0,
        KeySource.Key1 => _subjects.Row(subject).Key1,
        _ => Value(_subjects, subject, _keys[k], _scheme),
    };

    private bool TryPack(out long[] packed)
    {
        const long max = (1L << 21) - 2;
        packed = new long[_count];
        for (var s = 0; s < _count; s++)
        {
            long key = 0;
            for (var i = 0; i < 3; i++)
            {
                long part = 0;
                if (i < _width)
                {
                    var v = ValueOf(s, i);
                    // Exact scaling from the decimal's bits: mantissa × 10^(4 − scale), no decimal arithmetic
                    // (−0 is 0; a missing value packs as 0; any other negative value, or one too wide, takes the
                    // decimal path).
                    if (DecimalBits.TryScaled(v, out var scaled))
                    {
                        if (scaled < 0 || scaled > max)
                        {
                            return false;
                        }
                        part = scaled + 1;
                    }
                    else if (v != Missing)
                    {
                        return false;
                    }
                }
                key = (key << 21) | part;
            }
            packed[s] = key;
        }
        return true;
    }

    /// <summary>Descending on every key, then ascending by code (ordinal).</summary>
    public int Compare(int x, int y)
    {
        var a = x * _width;
        var b = y * _width;
        for (var k = 0; k < _width; k++)
        {
            var c = _values[b + k].CompareTo(_values[a + k]);
            if (c != 0)
            {
                return c;
            }
        }
        return string.CompareOrdinal(_codes[x], _codes[y]);
    }

    /// <summary>Whether two subjects are equal on every key but code (they share a rank).</summary>
    public bool Tied(int x, int y)
    {
        if (_packed is not null)
        {
            return _packed[x] == _packed[y];
        }
        var a = x * _width;
        var b = y * _width;
        for (var k = 0; k < _width; k++)
        {
            if (_values[a + k] != _values[b + k])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Subject indices 0 … n-1 sorted best first.</summary>
    public int[] Sorted()
    {
        var order = new int[_count];
        if (_width > 3)
        {
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }
            Array.Sort(order, this);
            return order;
        }
        if (_packed is not null)
        {
            SortPacked(order);
            return order;
        }
        if (TrySortAsIntegers(order))
        {
            return order;
        }
        var rows = new Row<decimal>[_count];
        for (var s = 0; s < _count; s++)
        {
            rows[s] = new Row<decimal>(Key(s, 0), Key(s, 1), Key(s, 2), s);
        }
        rows.AsSpan().Sort(new RowComparer<decimal>(_codes));
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = rows[i].Subject;
        }
        return order;
    }

    private decimal Key(int subject, int k) => k < _width ? _values[subject * _width + k] : 0m;

    /// <summary>
    /// Sorts the packed integers without a comparer, then each run of equal keys by code: the same order as
    /// <see cref="Compare"/>, codes being unique.
    /// </summary>
    private void SortPacked(int[] order)
    {
        var rented = System.Buffers.ArrayPool<long>.Shared.Rent(_count);
        var sortKeys = rented.AsSpan(0, _count);
        for (var s = 0; s < _count; s++)
        {
            sortKeys[s] = long.MaxValue - _packed![s]; // ascending sort = descending keys
            order[s] = s;
        }
        RadixSort.Sort(sortKeys, order);
        for (var start = 0; start < _count;)
        {
            var end = start + 1;
            while (end < _count && sortKeys[end] == sortKeys[start])
            {
                end++;
            }
            if (end - start > 1)
            {
                SortByCode(order.AsSpan(start, end - start));
            }
            start = end;
        }
        System.Buffers.ArrayPool<long>.Shared.Return(rented);
    }

    /// <summary>A run of tied subjects by code (ordinal): insertion sort for the usual few, Array.Sort beyond.</summary>
    private void SortByCode(Span<int> run)
    {
        if (run.Length > 16)
        {
            run.Sort(new CodeComparer(_subjects));
            return;
        }
        for (var i = 1; i < run.Length; i++)
        {
            var item = run[i];
            var j = i - 1;
            while (j >= 0 && CodeOrder(_subjects, run[j], item) > 0)
            {
                run[j + 1] = run[j];
                j--;
            }
            run[j + 1] = item;
        }
    }

    /// <summary>Ordinal order of two subjects' codes: their digit keys when both have one, else the strings.</summary>
    private static int CodeOrder(ScoreColumns subjects, int x, int y)
    {
        var a = subjects.Row(x).CodeKey;
        var b = subjects.Row(y).CodeKey;
        return UniqueCodes.Ordered(a, b) ? a.CompareTo(b) : string.CompareOrdinal(subjects.Codes[x], subjects.Codes[y]);
    }

    private sealed class CodeComparer(ScoreColumns subjects) : IComparer<int>
    {
        public int Compare(int x, int y) => CodeOrder(subjects, x, y);
    }

    private bool TrySortAsIntegers(int[] order)
    {
        const decimal scale = 10_000m;
        const decimal limit = long.MaxValue / 20_000;
        var rows = new Row<long>[_count];
        Span<long> k = stackalloc long[3];
        for (var s = 0; s < _count; s++)
        {
            for (var i = 0; i < 3; i++)
            {
                var v = Key(s, i);
                if (v == Missing)
                {
                    k[i] = long.MinValue;
                    continue;
                }
                if (v.Scale > 4 || v > limit || v < -limit)
                {
                    return false;
                }
                k[i] = (long)(v * scale);
            }
            rows[s] = new Row<long>(k[0], k[1], k[2], s);
        }
        rows.AsSpan().Sort(new RowComparer<long>(_codes));
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = rows[i].Subject;
        }
        return true;
    }

    /// <summary>One subject's three order keys (scaled longs on the fast path, decimals otherwise).</summary>
    private readonly record struct Row<T>(T K0, T K1, T K2, int Subject)
        where T : struct, IComparable<T>;

    /// <summary>Descending on the keys, then ascending on the code (§4.11). Specialised per key type by the JIT.</summary>
    private readonly struct RowComparer<T>(string[] codes) : IComparer<Row<T>>
        where T : struct, IComparable<T>
    {
        public int Compare(Row<T> x, Row<T> y)
        {
            var c = y.K0.CompareTo(x.K0);
            if (c != 0)
            {
                return c;
            }
            c = y.K1.CompareTo(x.K1);
            if (c != 0)
            {
                return c;
            }
            c = y.K2.CompareTo(x.K2);
            return c != 0 ? c : string.CompareOrdinal(codes[x.Subject], codes[y.Subject]);
        }
    }

    /// <summary>Subject s's value of one order key, read from its score row (Missing when it has none).</summary>
    public static decimal Value(ScoreColumns subjects, int s, OrderKey key, Scheme scheme)
    {
        ref var row = ref subjects.Row(s);
        switch (key.Kind)
        {
            case OrderKeyKind.Final:
                return row.Final;
            case OrderKeyKind.Base:
                return subjects.Base(s);
            case OrderKeyKind.Track:
                if (subjects.Tracks(s).TryGetValue(key.Ref!, out var t))
                {
                    return t;
                }
                return key.Ref == scheme.Tracks[0].Id ? subjects.Base(s) : Missing;
            case OrderKeyKind.Group or OrderKeyKind.Satisfaction:
                var kept = subjects.ExplainedKeys;
                if (kept.Length > 0 && kept[0] == key)
                {
                    return row.Key0;
                }
                if (kept.Length > 1 && kept[1] == key)
                {
                    return row.Key1;
                }
                var explanation = subjects.Score(s).Explanation;
                var found = key.Kind == OrderKeyKind.Group
                    ? explanation.TryGroupTotal(key.Ref!, out var value)
                    : explanation.TrySatisfaction(key.Ref!, out value);
                return found && value is { } v ? v : Missing;
            default:
                return Missing;
        }
    }
}
