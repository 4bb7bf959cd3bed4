using BranchRating.Contracts.Roster;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;

namespace BranchRating.Simulation;

/// <summary>
/// Generates a county of branches for a scheme, deterministically from a seed: townships, fields in realistic shares,
/// member counts, a latent quality per branch that drives its self-assessment (a little generous), the superior's
/// review, ballots (participation mostly above 80%) and a few commendations, criticisms and absences.
/// </summary>
public sealed class CountyGenerator(Scheme scheme, int seed = 20260605)
{
    private static readonly (string Field, double Share)[] Fields =
        [("rural", 0.55), ("community", 0.15), ("organ", 0.10), ("institution", 0.08), ("enterprise", 0.07), ("social", 0.05)];

    private static readonly string[] Townships =
        ["潭城街道", "童游街道", "将口镇", "徐市镇", "莒口镇", "麻沙镇", "黄坑镇", "水吉镇", "小湖镇", "崇雒乡", "书坊乡", "回龙乡", "漳墩镇", "澄浦乡"];

    public GeneratedCounty Generate(int organizations, string county = "C01", int? ballotsPerOrganization = null)
    {
        var random = new Random(seed);
        var list = new List<GeneratedOrganization>(organizations);
        for (var n = 1; n <= organizations; n++)
        {
            var township = random.Next(Townships.Length);
            var row = new OrganizationRow
            {
                Code = $"{county}-B{n:D6}",
                Name = $"{Townships[township]}第{n}党支部",
                ParentCode = $"{county}-T{township + 1:D2}",
                Region = Townships[township],
                County = county,
                Field = PickField(random),
                MemberCount = 5 + random.Next(56),
            };
            var quality = Math.Clamp(0.72 + Normal(random) * 0.12, 0.3, 1.0);
            list.Add(new GeneratedOrganization(
                row,
                new SelfAssessmentRequest { Scores = Scores(random, Math.Min(1, quality + 0.05)), ProposedLevel = null, Declaration = "本支部对照标准逐项自评。" },
                new SuperiorReviewRequest { Reviewer = "county-review-team", Scores = Scores(random, quality) },
                Ballots(random, row.MemberCount!.Value, quality, ballotsPerOrganization),
                Adjustments(random)));
        }

        return new GeneratedCounty(county, list);
    }

    private Dictionary<string, decimal> Scores(Random random, double quality) => scheme.Indicators.ToDictionary(
        i => i.Id,
        i => i.Kind == IndicatorKind.Binary
            ? (random.NextDouble() < quality ? 1m : 0m)
            : Math.Clamp(Math.Round(i.Max * (decimal)Math.Clamp(quality + Normal(random) * 0.06, 0, 1), 1), 0, i.Max));

    private List<BallotRequest> Ballots(Random random, int members, double quality, int? fixedCount)
    {
        if (scheme.Ballots.Count == 0) return [];
        var rule = scheme.Ballots[0];
        var count = fixedCount ?? (int)Math.Round(members * (random.NextDouble() < 0.9 ? 0.82 + random.NextDouble() * 0.18 : 0.5 + random.NextDouble() * 0.3));
        var choices = rule.Choices.OrderByDescending(c => c.Weight).Select(c => c.Id).ToList();
        var list = new List<BallotRequest>(count);
        for (var i = 0; i < count; i++)
        {
            var u = random.NextDouble();
            var choice = u < quality * 0.85 ? choices[0] : u < quality * 0.85 + 0.5 * (1 - quality * 0.85) && choices.Count > 2 ? choices[1] : choices[^1];
            list.Add(new BallotRequest(Ballot: rule.Id, Choice: choice));
        }

        return list;
    }

    private List<AdjustmentEventRequest> Adjustments(Random random)
    {
        var list = new List<AdjustmentEventRequest>();
        var bonus = scheme.Bonuses.Items.Where(i => i.LevelPoints is not null).ToList();
        var perEvent = scheme.Deductions.Items.Where(i => i.PerEvent is not null).ToList();
        if (bonus.Count > 0 && random.NextDouble() < 0.10)
        {
            var item = bonus[random.Next(bonus.Count)];
            var levels = item.LevelPoints!.OrderBy(l => l.Value).Select(l => l.Key).ToList();
            list.Add(new AdjustmentEventRequest { Type = item.Id, Level = levels[random.NextDouble() < 0.8 ? 0 : Math.Min(1, levels.Count - 1)], Note = "受表彰" });
        }

        if (perEvent.Count > 0 && random.NextDouble() < 0.08)
        {
            var item = perEvent[random.Next(perEvent.Count)];
            list.Add(new AdjustmentEventRequest { Type = item.Id, Count = 1 + (random.NextDouble() < 0.2 ? random.Next(3) : 0), Note = "通报" });
        }

        return list;
    }

    private static string PickField(Random random)
    {
        var u = random.NextDouble();
        foreach (var (field, share) in Fields)
        {
            if ((u -= share) < 0) return field;
        }

        return Fields[0].Field;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
