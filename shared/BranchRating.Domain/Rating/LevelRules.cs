using System.Globalization;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Steps (c)–(d): band or star count → level, then lowerings, caps and the veto, each change recorded.</summary>
internal sealed class LevelRules(Scheme scheme, RatingOptions options)
{
    private readonly string[] _bandTexts = BandTexts(scheme);
    private readonly long[] _scaledThresholds = scheme.Bands?.Thresholds.Select(t => DecimalBits.ScaledOrNone(t.AtLeast)).ToArray() ?? [];

    public (int Level, string Band) Band(decimal final)
    {
        var bands = scheme.Bands!;
        var scaled = DecimalBits.TryScaled(final, out var value);
        for (var i = 0; i < bands.Thresholds.Count; i++)
        {
            var threshold = _scaledThresholds[i];
            if (scaled && threshold != long.MinValue ? value >= threshold : final >= bands.Thresholds[i].AtLeast)
            {
                return (bands.Thresholds[i].Level, _bandTexts[i]);
            }
        }
        return (bands.Otherwise, _bandTexts[^1]);
    }

    /// <summary>"final ≥ 90 → 5 五星级" per threshold, then the "otherwise" text; built once per scheme and shared.</summary>
    private static string[] BandTexts(Scheme scheme)
    {
        if (scheme.Bands is not { } bands)
        {
            return [];
        }
        return bands.Thresholds.Select(t => $"final ≥ {Text(t.AtLeast)} → {scheme.Levels[t.Level]}")
            .Append($"final < {Text(bands.Thresholds[^1].AtLeast)} → {scheme.Levels[bands.Otherwise]}")
            .ToArray();
    }

    /// <summary>Applies lowerings (from the band reached), then caps, then the veto.</summary>
    public int Apply(int level, SubjectFacts facts, ref List<LevelChange>? changes, ref List<string>? flags)
    {
        foreach (var rule in (scheme.Lowerings).Span())
        {
            if (facts.Holds(rule.When))
            {
                level = Move(level, Math.Max(0, level - rule.By), "lowering", rule.Id, $"{rule.Reason} ({SubjectFacts.Describe(rule.When)})", ref changes);
            }
        }
        foreach (var rule in (scheme.Caps).Span())
        {
            if (level > rule.MaxLevel && facts.Holds(rule.When))
            {
                level = Move(level, rule.MaxLevel, "cap", rule.Id, $"{rule.Reason} ({SubjectFacts.Describe(rule.When)})", ref changes);
            }
        }
        if (scheme.Veto is { } veto && facts.Input.Vetoes is { Count: > 0 } vetoes)
        {
            foreach (var v in (vetoes).Span())
            {
                if (!IsActive(v.Date, veto.BarMonths))
                {
                    continue;
                }
                (flags ??= []).Add($"vetoed:{v.Type}");
                if (level > veto.Level)
                {
                    var name = veto.Types.First(t => t.Id == v.Type).Name;
                    level = Move(level, veto.Level, "veto", v.Type, $"一票否决: {name} on {v.Date:yyyy-MM-dd}, bars stars for {veto.BarMonths} months", ref changes);
                }
            }
        }
        return level;
    }

    private bool IsActive(DateOnly date, int barMonths)
    {
        if (options.AsOf is not { } asOf)
        {
            return true;
        }
        return date <= asOf && (barMonths == 0 || asOf < date.AddMonths(barMonths));
    }

    private int Move(int from, int to, string reason, string rule, string detail, ref List<LevelChange>? changes)
    {
        if (to != from)
        {
            (changes ??= []).Add(new LevelChange(scheme.Levels[from], scheme.Levels[to], reason, rule, detail));
        }
        return to;
    }

    private static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
