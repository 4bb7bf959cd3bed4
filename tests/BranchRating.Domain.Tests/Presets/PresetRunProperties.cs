using System.Text.Json;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>
/// Every shipped preset, rated over generated campaigns (inputs built from the scheme itself: every combining
/// group, ballot, voted star, flag, event and veto type it names): the same inputs in any order give the same
/// results bit for bit; caps hold unless a per-scope minimum is reported; floors are met; quotas never raise a
/// level; every level change names its reason and rule.
/// </summary>
public sealed class PresetRunProperties
{
    public static TheoryData<string, int> Campaigns()
    {
        var data = new TheoryData<string, int>();
        foreach (var id in Presets.Ids)
        {
            foreach (var seed in new[] { 1, 2, 3 })
            {
                data.Add(id, seed);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Campaigns))]
    public void A_generated_campaign_rates_the_same_in_any_order(string id, int seed)
    {
        var scheme = Presets.Get(id);
        var inputs = Generate(scheme, 60, new Random(seed));
        var engine = new RatingEngine(scheme, new RatingOptions { AsOf = new DateOnly(2026, 7, 1) });

        var forward = engine.Rate(inputs);
        var shuffled = inputs.ToArray();
        new Random(seed + 100).Shuffle(shuffled);
        var other = engine.Rate(shuffled);

        Assert.Equal(JsonSerializer.Serialize(forward), JsonSerializer.Serialize(other));
        Assert.Equal(60, forward.Results.Count);
    }

    [Theory]
    [MemberData(nameof(Campaigns))]
    public void Quotas_hold_and_every_level_change_is_explained(string id, int seed)
    {
        var scheme = Presets.Get(id);
        var run = new RatingEngine(scheme, new RatingOptions { AsOf = new DateOnly(2026, 7, 1) }).Rate(Generate(scheme, 60, new Random(seed)));

        foreach (var q in run.Quotas.Where(q => q.Kind == "cap"))
        {
            Assert.True(q.After <= q.Bound || q.Note.StartsWith("exceeded", StringComparison.Ordinal), $"{q.Quota} in {q.ScopeValue}: {q.After} > {q.Bound}");
        }
        Assert.All(run.Quotas.Where(q => q.Kind == "floor"), q => Assert.True(q.Met, $"{q.Quota} in {q.ScopeValue}"));
        foreach (var r in run.Results)
        {
            Assert.True(r.FinalLevel.Ordinal <= r.ScoredLevel.Ordinal, $"{r.Code}: a quota raised the level");
            Assert.All(r.LevelChanges, c =>
            {
                Assert.False(string.IsNullOrWhiteSpace(c.Reason));
                Assert.False(string.IsNullOrWhiteSpace(c.Rule));
                Assert.NotEqual(c.From.Ordinal, c.To.Ordinal);
            });
            // the recorded changes lead from the band to the final level
            var level = r.BandLevel.Ordinal;
            foreach (var c in r.LevelChanges)
            {
                Assert.Equal(level, c.From.Ordinal);
                level = c.To.Ordinal;
            }
            Assert.Equal(r.FinalLevel.Ordinal, level);
            Assert.InRange(r.Totals.Final, 0m, scheme.MaxTotal);
        }
    }

    /// <summary>A campaign of <paramref name="n"/> subjects that uses every input the scheme names.</summary>
    private static List<SubjectInput> Generate(Scheme scheme, int n, Random rng)
    {
        var flags = scheme.Caps.Select(c => c.When).Concat(scheme.Lowerings.Select(l => l.When))
            .SelectMany(c => c.Names.Append(c.Name ?? ""))
            .Concat(scheme.Stars.Select(s => s.Earn.Flag ?? ""))
            .Where(f => f.Length > 0 && scheme.FindBallot(f) is null)
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var facts = scheme.Caps.Select(c => c.When).Where(c => c.Test == ConditionTest.FactAtLeast).Select(c => c.Name!).Distinct().ToArray();
        var list = new List<SubjectInput>();
        for (var i = 0; i < n; i++)
        {
            var submissions = new List<RaterSubmission>();
            foreach (var g in scheme.RaterGroups.Where(g => g.Source == RaterSource.Scores))
            {
                for (var r = 0; r < 1 + rng.Next(2); r++)
                {
                    var scores = scheme.Indicators.ToDictionary(x => x.Id, x => x.Kind switch
                    {
                        IndicatorKind.Binary => rng.Next(10) < 8 ? 1m : 0m,
                        IndicatorKind.Rank => 1 + rng.Next(x.RankPoints.Count + 1),
                        _ => Math.Round(x.Max * (0.5m + (decimal)rng.NextDouble() / 2), 1),
                    });
                    int? proposed = g.ProposesLevel ? rng.Next(scheme.Levels.Count) : null;
                    submissions.Add(new RaterSubmission { Group = g.Id, Rater = $"{g.Id}-{r}", Scores = scores, ProposedLevel = proposed });
                }
            }
            var ballots = scheme.Ballots.ToDictionary(b => b.Id, b => new BallotTally
            {
                Eligible = 50,
                Counts = b.Choices.Select((c, k) => (c.Id, Count: k == 0 ? 1 + rng.Next(30) : rng.Next(10))).ToDictionary(x => x.Id, x => x.Count),
            });
            var votes = scheme.Stars.Where(s => s.Earn.By == StarEarnBy.Vote).ToDictionary(s => s.Id, _ => new StarVote { Approve = 15 + rng.Next(6), Total = 20 });
            var events = scheme.Bonuses.Items.Concat(scheme.Deductions.Items).Where(a => a.When is null && rng.Next(4) == 0)
                .Select(a => a.LevelPoints is { } levels
                    ? new AdjustmentEvent { Type = a.Id, Level = levels.Keys.Order(StringComparer.Ordinal).ElementAt(rng.Next(levels.Count)) }
                    : new AdjustmentEvent { Type = a.Id, Count = rng.Next(4) })
                .ToList();
            var vetoes = scheme.Veto is { } veto && rng.Next(10) == 0
                ? new List<VetoEvent> { new() { Type = veto.Types[rng.Next(veto.Types.Count)].Id, Date = new DateOnly(2026, 1 + rng.Next(12), 1) } }
                : [];
            list.Add(new SubjectInput
            {
                Code = $"S{i:000}",
                Scopes = scheme.ScopeKinds.ToDictionary(k => k, k => $"{k}-{rng.Next(3)}"),
                Submissions = submissions,
                Ballots = ballots,
                StarVotes = votes,
                Events = events,
                Flags = flags.Where(_ => rng.Next(3) == 0).ToArray(),
                Facts = facts.ToDictionary(f => f, _ => (decimal)(rng.Next(3) == 0 ? rng.Next(500) : 0)),
                Vetoes = vetoes,
            });
        }
        return list;
    }
}
