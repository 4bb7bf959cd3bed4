using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Ranking;

/// <summary>
/// The values of a chain of order keys for every subject, in one flat array (subject-major). Subjects are
/// indexed in code order, so the final "code" key is the index itself. A missing value sorts last.
/// </summary>
internal sealed class OrderKeys : IComparer<int>
{
    public const decimal Missing = decimal.MinValue;

    private readonly decimal[] _values;
    private readonly int _width;
    private readonly int _count;

    public OrderKeys(IReadOnlyList<SubjectScore> subjects, IReadOnlyList<OrderKey> chain, Scheme scheme)
    {
        var keys = chain.Where(k => k.Kind != OrderKeyKind.Code).ToArray();
        _width = keys.Length;
        _count = subjects.Count;
        _values = new decimal[subjects.Count * _width];
        for (var s = 0; s < subjects.Count; s++)
        {
            for (var k = 0; k < keys.Length; k++)
            {
                _values[s * _width + k] = Value(subjects[s], keys[k], scheme);
            }
        }
    }

    /// <summary>The first key's value (what a ranking is "by").</summary>
    public decimal Head(int subject) => _width == 0 ? Missing : _values[subject * _width];

    /// <summary>Descending on every key, then ascending by code (= index).</summary>
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
        return x.CompareTo(y);
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
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        if (_width > 0)
        {
            Array.Sort(order, this);
        }
        return order;
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
                foreach (var g in s.Explanation.Groups)
                {
                    if (g.Group == key.Ref)
                    {
                        return g.Total ?? Missing;
                    }
                }
                return Missing;
            case OrderKeyKind.Satisfaction:
                foreach (var b in s.Explanation.Ballots)
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
