using System.Globalization;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Step (b): bonus and deduction items (highest-only or summed), each set capped.</summary>
internal static class AdjustmentCalculator
{
    /// <summary>Returns the set's total after its cap and, with <paramref name="explain"/>, appends the explanation lines.</summary>
    public static decimal Apply(AdjustmentSet set, string kind, SubjectFacts facts, bool explain, ref List<AdjustmentLine>? lines)
    {
        if (set.Items.Count == 0)
        {
            return 0;
        }
        var events = facts.Input.Events ?? [];
        var hasEvents = events.Count > 0;
        decimal total = 0;
        foreach (var item in (set.Items).Span())
        {
            decimal points;
            string detail;
            if (item.When is { } when)
            {
                if (!facts.Holds(when))
                {
                    continue;
                }
                points = item.Points ?? 0;
                detail = explain ? SubjectFacts.Describe(when) : "";
            }
            else
            {
                if (!hasEvents)
                {
                    continue;
                }
                (points, detail) = FromEvents(item, events, explain);
            }
            if (points == 0)
            {
                continue;
            }
            total += points;
            if (explain)
            {
                (lines ??= []).Add(new AdjustmentLine(item.Id, kind, points, detail));
            }
        }
        if (set.Cap is { } cap && total > cap)
        {
            lines?.Add(new AdjustmentLine("cap", kind + "-cap", cap - total, $"{kind} total {Text(total)} capped at {Text(cap)}"));
            total = cap;
        }
        return total;
    }

    private static (decimal Points, string Detail) FromEvents(AdjustmentItem item, IReadOnlyList<Inputs.AdjustmentEvent> events, bool explain)
    {
        decimal sum = 0;
        decimal highest = 0;
        var count = 0;
        string? best = null;
        foreach (var e in (events).Span())
        {
            if (!string.Equals(e.Type, item.Id, StringComparison.Ordinal) || e.Count <= 0)
            {
                continue;
            }
            var each = item.LevelPoints is { } levels ? levels[e.Level!] : item.PerEvent ?? 0;
            count += e.Count;
            sum += each * e.Count;
            if (each > highest || best is null)
            {
                highest = each;
                best = e.Level;
            }
        }
        if (count == 0)
        {
            return (0, "");
        }
        if (!explain)
        {
            return (item.HighestOnly ? highest : sum, "");
        }
        if (item.HighestOnly)
        {
            return (highest, count == 1
                ? Each(item, best)
                : $"highest of {count} events: {Each(item, best)}");
        }
        return (sum, $"{count} × {(item.LevelPoints is null ? Text(item.PerEvent ?? 0) : "levels")}");
    }

    private static string Each(AdjustmentItem item, string? level) =>
        level is null ? Text(item.PerEvent ?? 0) : $"{level} {Text(item.LevelPoints![level])}";

    private static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
