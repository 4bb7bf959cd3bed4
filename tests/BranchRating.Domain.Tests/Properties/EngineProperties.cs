using System.Text.Json;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Results;
using BranchRating.Domain.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BranchRating.Domain.Tests.Properties;

/// <summary>Properties of the engine over generated anyang-100 runs (FsCheck).</summary>
public sealed class EngineProperties
{
    private static readonly string[] EventTypes = ["commendation", "innovation", "criticism-working-committee", "criticism-city-committee", "leader-warning", "absence", "member-violation"];
    private static readonly string[] Levels = ["city", "province", "national"];

    /// <summary>A generated subject: superior and self totals in hundredths, satisfaction, events, overdue election.</summary>
    public sealed record Spec(int Superior, int Self, int Satisfied, int County, int EventKind, int EventCount, int Overdue);

    private static Gen<Spec> SpecGen =>
        from superior in Gen.Choose(0, 10000)
        from self in Gen.Choose(0, 10000)
        from satisfied in Gen.Choose(10, 40)
        from county in Gen.Choose(0, 2)
        from kind in Gen.Choose(-3, EventTypes.Length - 1)
        from count in Gen.Choose(1, 4)
        from overdue in Gen.Elements(0, 0, 0, 30, 400)
        select new Spec(superior, self, satisfied, county, kind, count, overdue);

    private static Arbitrary<Spec[]> Specs => Gen.ArrayOf(SpecGen).Where(a => a.Length > 0).ToArbitrary();

    private static SubjectInput Input(Spec s, int i, int? superior = null)
    {
        var events = new List<AdjustmentEvent>();
        if (s.EventKind >= 0)
        {
            var type = EventTypes[s.EventKind];
            events.Add(type is "commendation" or "innovation"
                ? Anyang.Event(type, level: Levels[s.EventCount % 3])
                : Anyang.Event(type, s.EventCount));
        }
        return Anyang.Subject(
            $"S{i:000}",
            (superior ?? s.Superior) / 100m,
            self: s.Self / 100m,
            county: $"C{s.County}",
            satisfied: s.Satisfied,
            dissatisfied: 40 - s.Satisfied,
            proposed: s.Self / 2000,
            events: events,
            facts: new Dictionary<string, decimal> { ["election-overdue-days"] = s.Overdue });
    }

    private static RatingRun Rate(IEnumerable<SubjectInput> inputs) => Anyang.Engine().Rate(inputs);

    [Property(MaxTest = 60)]
    public Property The_same_inputs_in_any_order_give_the_same_results_bit_for_bit() =>
        Prop.ForAll(Specs, ArbMap.Default.ArbFor<int>(), (specs, seed) =>
        {
            var inputs = specs.Select((s, i) => Input(s, i)).ToArray();
            var shuffled = inputs.OrderBy(_ => 0).ToArray();
            new Random(seed).Shuffle(shuffled);

            var a = JsonSerializer.Serialize(Rate(inputs));
            var b = JsonSerializer.Serialize(Rate(shuffled));

            return a == b;
        });

    [Property(MaxTest = 60)]
    public Property Caps_are_never_exceeded_and_floors_are_always_met() =>
        Prop.ForAll(Specs, specs =>
        {
            var run = Rate(specs.Select((s, i) => Input(s, i)));
            foreach (var county in run.Results.GroupBy(r => r.Scopes["county"]))
            {
                var n = county.Count();
                if (county.Count(r => r.FinalLevel.Ordinal == 5) > (int)Math.Floor(0.10m * n))
                {
                    return false;
                }
                if (county.Count(r => r.FinalLevel.Ordinal <= 1) < (int)Math.Ceiling(0.10m * n))
                {
                    return false;
                }
            }
            return run.Quotas.All(q => q.Met);
        });

    [Property(MaxTest = 200)]
    public Property A_higher_input_never_yields_a_lower_level_when_no_quota_applies() =>
        Prop.ForAll(SpecGen.ToArbitrary(), Gen.Choose(0, 10000).ToArbitrary(), (spec, raise) =>
        {
            var engine = Anyang.Engine();
            var higher = Math.Min(10000, spec.Superior + raise);
            var low = engine.Score(Input(spec, 0));
            var high = engine.Score(Input(spec, 0, superior: higher));

            return high.Totals.Final >= low.Totals.Final && high.Level.Ordinal >= low.Level.Ordinal;
        });

    [Property(MaxTest = 60)]
    public Property Every_level_change_has_a_reason_and_the_changes_lead_from_the_band_to_the_final_level() =>
        Prop.ForAll(Specs, specs =>
        {
            var run = Rate(specs.Select((s, i) => Input(s, i)));
            return run.Results.All(ChangesExplainLevel);
        });

    private static bool ChangesExplainLevel(SubjectResult r)
    {
        var level = r.BandLevel;
        foreach (var c in r.LevelChanges)
        {
            if (c.From != level || c.To == c.From || string.IsNullOrEmpty(c.Reason) || string.IsNullOrEmpty(c.Rule) || string.IsNullOrEmpty(c.Detail))
            {
                return false;
            }
            level = c.To;
        }
        return level == r.FinalLevel;
    }
}
