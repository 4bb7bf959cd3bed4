using BranchRating.Domain.Inputs;

namespace BranchRating.Benchmarks;

/// <summary>
/// A province-sized anyang-100 campaign: organizations in 100 county scopes, a self-assessment and a superior
/// review per organization (two rater groups, ten indicators each), a member ballot, adjustments on 10 %.
/// Deterministic (fixed seed).
/// </summary>
public static class Workload
{
    public const int Counties = 100;

    private static readonly string[] Indicators =
        ["organization", "rules", "bastion", "vanguard", "service-satisfaction", "leading-role", "discipline", "facilities", "execution", "mass-base"];

    private static readonly string[] Adjustments =
        ["commendation", "innovation", "criticism-working-committee", "criticism-city-committee", "leader-warning", "leader-removal", "member-violation", "absence"];

    private static readonly string[] Levels = ["city", "province", "national"];

    /// <summary>The indicator order the scores are generated in (the scheme's own order).</summary>
    public static readonly IndicatorOrder ScoreOrder = new(Indicators);

    /// <summary>
    /// The organizations; <paramref name="ordered"/>: each submission's scores as <see cref="IndicatorScores"/> in
    /// <see cref="ScoreOrder"/> instead of a dictionary (the same values from the same seed, so the same run).
    /// </summary>
    public static SubjectInput[] Organizations(int count, int seed = 20260701, bool ordered = false)
    {
        var random = new Random(seed);
        var counties = new Dictionary<string, string>[Counties];
        for (var c = 0; c < Counties; c++)
        {
            counties[c] = new Dictionary<string, string> { ["county"] = $"C{c:000}" };
        }
        var inputs = new SubjectInput[count];
        for (var i = 0; i < count; i++)
        {
            var quality = random.Next(40, 101) / 10m;
            inputs[i] = new SubjectInput
            {
                Code = $"410500{i:0000000}",
                Scopes = counties[random.Next(Counties)],
                // A list, as the pipeline builds it (SubjectInputBuilder); a collection expression would give the
                // compiler's read-only wrapper, which the engine reads through the interface.
                Submissions = new List<RaterSubmission>(2)
                {
                    new RaterSubmission { Group = "self", Rater = "committee", Scores = Scores(random, quality + 0.8m, ordered), ProposedLevel = random.Next(2, 6) },
                    new RaterSubmission { Group = "superior", Rater = "review-team", Scores = Scores(random, quality, ordered) },
                },
                Ballots = new Dictionary<string, BallotTally> { ["members"] = Ballot(random) },
                Events = random.Next(10) == 0 ? Events(random) : [],
            };
        }
        return inputs;
    }

    private static IReadOnlyDictionary<string, decimal> Scores(Random random, decimal quality, bool ordered)
    {
        Span<decimal> values = stackalloc decimal[Indicators.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Clamp(quality + random.Next(-15, 16) / 10m, 0m, 10m);
        }
        if (ordered)
        {
            return new IndicatorScores(ScoreOrder, values);
        }
        var scores = new Dictionary<string, decimal>(Indicators.Length, StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            scores[Indicators[i]] = values[i];
        }
        return scores;
    }

    private static BallotTally Ballot(Random random)
    {
        var eligible = random.Next(8, 120);
        var valid = Math.Max(1, eligible - random.Next(0, eligible / 4 + 1));
        var dissatisfied = random.Next(0, valid / 3 + 1);
        var basically = random.Next(0, valid - dissatisfied + 1);
        return new BallotTally
        {
            Eligible = eligible,
            Counts = new Dictionary<string, int>
            {
                ["satisfied"] = valid - dissatisfied - basically,
                ["basically-satisfied"] = basically,
                ["dissatisfied"] = dissatisfied,
            },
        };
    }

    private static AdjustmentEvent[] Events(Random random)
    {
        var events = new AdjustmentEvent[random.Next(1, 3)];
        for (var e = 0; e < events.Length; e++)
        {
            var type = Adjustments[random.Next(Adjustments.Length)];
            events[e] = type is "commendation" or "innovation"
                ? new AdjustmentEvent { Type = type, Level = Levels[random.Next(Levels.Length)] }
                : new AdjustmentEvent { Type = type, Count = random.Next(1, 4) };
        }
        return events;
    }

    /// <summary>The baseline's data: as many decimals, with two decimal places like the totals.</summary>
    public static decimal[] Decimals(int count, int seed = 7)
    {
        var random = new Random(seed);
        var values = new decimal[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = random.Next(0, 10001) / 100m;
        }
        return values;
    }
}
