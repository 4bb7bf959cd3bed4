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

    private readonly decimal[] _values;
    private readonly int _width;
    private readonly int _count;
    private readonly string[] _codes;

    public OrderKeys(IReadOnlyList<SubjectScore> subjects, IReadOnlyList<OrderKey> chain, Scheme scheme)
    {
        var keys = chain.Where(k => k.Kind != OrderKeyKind.Code).ToArray();
        _width = keys.Length;
        _count = subjects.Count;
        _codes = new string[_count];
        _values = new decimal[_count * _width];
        for (var s = 0; s < _count; s++)
        {
            _codes[s] = subjects[s].Code;
            for (var k = 0; k < keys.Length; k++)
            {
                _values[s * _width + k] = Value(subjects[s], keys[k], scheme);
            }
        }
    }

    /// <summary>The first key's value (what a ranking is "by").</summary>
    public decimal Head(int subject) => _width == 0 ? Missing : _values[subject * _width];

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
        var rows = new Row[_count];
        for (var s = 0; s < _count; s++)
        {
            var at = s * _width;
            rows[s] = new Row(
                _width > 0 ? _values[at] : 0,
                _width > 1 ? _values[at + 1] : 0,
                _width > 2 ? _values[at + 2] : 0,
                s);
        }
        rows.AsSpan().Sort(new RowComparer(_codes));
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = rows[i].Subject;
        }
        return order;
    }

    private readonly record struct Row(decimal K0, decimal K1, decimal K2, int Subject);

    private readonly struct RowComparer(string[] codes) : IComparer<Row>
    {
        public int Compare(Row x, Row y)
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

    public static decimal Value(SubjectScore s, OrderKey key, Scheme scheme)
    {
        switch (key.Kind)
        {
            case OrderKeyKind.Final:
                return s.Totals.Final;
            case OrderKeyKind.Base:
                return s.Totals.Base;
            case OrderKeyKind.Track:
                if (s.Totals.Tracks.TryGetValue(key.Ref!, out var t))
                {
                    return t;
                }
                return key.Ref == scheme.Tracks[0].Id ? s.Totals.Base : Missing;
            case OrderKeyKind.Group:
                foreach (var g in s.Explanation.Groups.Span())
                {
                    if (g.Group == key.Ref)
                    {
                        return g.Total ?? Missing;
                    }
                }
                return Missing;
            case OrderKeyKind.Satisfaction:
                foreach (var b in s.Explanation.Ballots.Span())
                {
                    if (b.Ballot == key.Ref)
                    {
                        return b.Satisfaction ?? Missing;
                    }
                }
                return Missing;
            default:
                return Missing;
        }
    }
}
