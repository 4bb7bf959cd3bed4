using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>What conditions test: the input's flags, facts and events plus the computed ballots and indicator scores.</summary>
internal readonly ref struct SubjectFacts
{
    private readonly ReadOnlySpan<decimal?> _satisfaction;
    private readonly ReadOnlySpan<decimal?> _participation;
    private readonly decimal[] _indicatorScores;
    private readonly int _indicatorCount;
    private readonly IdIndex _ballots;

    public SubjectFacts(SubjectInput input, ReadOnlySpan<decimal?> satisfaction, ReadOnlySpan<decimal?> participation, decimal[] indicatorScores, int indicatorCount, IdIndex ballots)
    {
        Input = input;
        _satisfaction = satisfaction;
        _participation = participation;
        _indicatorScores = indicatorScores;
        _indicatorCount = indicatorCount;
        _ballots = ballots;
    }

    public SubjectInput Input { get; }

    public decimal? Satisfaction(string ballot) => _satisfaction[_ballots.IndexOf(ballot)];

    public decimal? Participation(string ballot) => _participation[_ballots.IndexOf(ballot)];

    public bool HasFlag(string flag)
    {
        foreach (var f in (Input.Flags ?? []).Span())
        {
            if (string.Equals(f, flag, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public decimal EventCount(string type)
    {
        if (Input.Events is not { Count: > 0 } events)
        {
            return 0;
        }
        decimal n = 0;
        foreach (var e in events.Span())
        {
            if (string.Equals(e.Type, type, StringComparison.Ordinal))
            {
                n += e.Count;
            }
        }
        return n;
    }

    /// <summary>A numeric fact, 0 when the input does not state it.</summary>
    private decimal Fact(string name) =>
        Input.Facts is { Count: > 0 } facts && facts.TryGet(name, out var value) ? value : 0;

    public bool Holds(Condition c) => c.Test switch
    {
        ConditionTest.Flag => HasFlag(c.Name!),
        ConditionTest.NotFlag => !HasFlag(c.Name!),
        ConditionTest.AnyFlag => AnyFlag(c.Names),
        ConditionTest.FactAtLeast => DecimalBits.Compare(Fact(c.Name!), c.Value) >= 0,
        ConditionTest.EventsAtLeast => DecimalBits.Compare(EventCount(c.Name!), c.Value) >= 0,
        ConditionTest.SatisfactionBelow => Satisfaction(c.Name!) is { } s && DecimalBits.Compare(s, c.Value) < 0,
        ConditionTest.ParticipationBelow => Participation(c.Name!) is { } p && DecimalBits.Compare(p, c.Value) < 0,
        ConditionTest.IndicatorAverageAtMost => _indicatorCount > 0 && Average() <= c.Value,
        _ => false,
    };

    private bool AnyFlag(IReadOnlyList<string> names)
    {
        foreach (var name in names.Span())
        {
            if (HasFlag(name))
            {
                return true;
            }
        }
        return false;
    }

    private decimal Average()
    {
        decimal sum = 0;
        for (var i = 0; i < _indicatorCount; i++)
        {
            sum += _indicatorScores[i];
        }
        return sum / _indicatorCount;
    }

    public static string Describe(Condition c) => c.Test switch
    {
        ConditionTest.Flag => $"flag {c.Name}",
        ConditionTest.NotFlag => $"no flag {c.Name}",
        ConditionTest.AnyFlag => $"any of {string.Join(", ", c.Names)}",
        ConditionTest.FactAtLeast => $"{c.Name} ≥ {c.Value}",
        ConditionTest.EventsAtLeast => $"{c.Name} events ≥ {c.Value}",
        ConditionTest.SatisfactionBelow => $"satisfaction {c.Name} < {c.Value}%",
        ConditionTest.ParticipationBelow => $"participation {c.Name} < {c.Value}%",
        ConditionTest.IndicatorAverageAtMost => $"indicator average ≤ {c.Value}",
        _ => c.Test.ToString(),
    };
}
