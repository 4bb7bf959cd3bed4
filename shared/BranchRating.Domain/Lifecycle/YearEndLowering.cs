using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Lifecycle;

/// <summary>One organization at the year's last round: its level, the rules already applied to it, its absences over the year's rounds.</summary>
public sealed record YearEndSubject(string Code, Level Level, IReadOnlySet<string> RulesApplied, int YearAbsences);

/// <summary>
/// Year-end lowering across rounds (RATING-RULES §4.15, 年底降低一个星级): the scheme's lowering rule on an event count
/// (<c>eventsAtLeast absence N</c>) is tested against the events summed over every round of the year, and lowers the
/// year's last result by the rule's <c>by</c> (never below the lowest level) — once: an organization whose result already
/// carries the rule (the engine applied it within the round, or an earlier pass) is left as it is.
/// </summary>
public static class YearEndLowering
{
    public const string Reason = "lowering";

    /// <summary>The scheme's lowering rule counting <paramref name="eventType"/> events, or null when it has none.</summary>
    public static LoweringRule? RuleFor(Scheme scheme, string eventType) =>
        scheme.Lowerings.FirstOrDefault(l => l.When is { Test: ConditionTest.EventsAtLeast } && l.When.Name == eventType);

    public static IReadOnlyList<(string Code, LevelChange Change)> Apply(IEnumerable<YearEndSubject> subjects, LoweringRule rule, IReadOnlyList<Level> levels, int year)
    {
        var lowest = levels.Min(l => l.Ordinal);
        var changes = new List<(string, LevelChange)>();
        foreach (var s in subjects.OrderBy(s => s.Code, StringComparer.Ordinal))
        {
            if (s.YearAbsences < rule.When.Value || s.RulesApplied.Contains(rule.Id) || s.Level.Ordinal <= lowest) continue;
            var to = levels.First(l => l.Ordinal == Math.Max(lowest, s.Level.Ordinal - rule.By));
            changes.Add((s.Code, new LevelChange(s.Level, to, Reason, rule.Id, $"{rule.Reason} ({year} 年各轮累计 {s.YearAbsences} 次, 达到 {rule.When.Value} 次)")));
        }

        return changes;
    }
}
