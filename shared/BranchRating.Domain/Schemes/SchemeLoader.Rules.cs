using System.Globalization;

namespace BranchRating.Domain.Schemes;

public static partial class SchemeLoader
{
    private static AdjustmentSet ReadAdjustments(JsonNode root, string name, Context c)
    {
        if (root.Child(name, required: false) is not { } n || !n.IsObject($"'{name}'"))
        {
            return AdjustmentSet.Empty;
        }
        n.AllowOnly("cap", "items");
        var cap = n.Decimal("cap", required: false, min: 0);
        var items = new List<AdjustmentItem>();
        foreach (var item in n.Array("items", required: true))
        {
            if (!item.IsObject("An adjustment item"))
            {
                continue;
            }
            item.AllowOnly("id", "name", "perEvent", "levels", "points", "when", "highestOnly");
            var id = item.Id() ?? "";
            if (!c.AdjustmentIds.Add(id))
            {
                item.ErrorAt("id", "unique", $"Adjustment id '{id}' is used twice (bonus and deduction ids share one namespace: events name them).");
            }
            var forms = (item.Has("perEvent") ? 1 : 0) + (item.Has("levels") ? 1 : 0) + (item.Has("when") ? 1 : 0);
            if (forms != 1)
            {
                item.Error("one-of", "An adjustment item needs exactly one of 'perEvent' (points per event), 'levels' (points by event level) or 'when' (a condition with 'points').");
            }
            var perEvent = item.Has("perEvent") ? item.Decimal("perEvent", min: 0) : null;
            var levels = item.Has("levels") ? item.NumberMap("levels", required: true, min: 0) : null;
            var when = item.Has("when") ? ReadCondition(item.Child("when", true)!.Value, c) : null;
            decimal? points = null;
            if (item.Has("when"))
            {
                points = item.Decimal("points", min: 0);
            }
            else if (item.Has("points"))
            {
                item.ErrorAt("points", "not-applicable", "'points' goes with 'when'; use 'perEvent' or 'levels' for event-based items.");
            }
            var highestOnly = item.Bool("highestOnly", false);
            if (highestOnly && item.Has("when"))
            {
                item.ErrorAt("highestOnly", "not-applicable", "'highestOnly' applies to event-based items only.");
            }
            items.Add(new AdjustmentItem(id, item.String("name") ?? "", perEvent, levels, points, when, highestOnly));
        }
        return new AdjustmentSet(cap, items);
    }

    private static Condition? ReadCondition(JsonNode n, Context c)
    {
        if (!n.IsObject("A condition"))
        {
            return null;
        }
        n.AllowOnly("test", "name", "names", "value");
        var test = n.Enum<ConditionTest>("test", required: true);
        if (test is not { } t)
        {
            return null;
        }
        string? name = null;
        IReadOnlyList<string> names = [];
        decimal value = 0;
        switch (t)
        {
            case ConditionTest.Flag:
            case ConditionTest.NotFlag:
                name = n.String("name");
                break;
            case ConditionTest.AnyFlag:
                names = n.Strings("names", required: true);
                if (names.Count == 0)
                {
                    n.ErrorAt("names", "required", "'names' must list at least one flag.");
                }
                break;
            case ConditionTest.FactAtLeast:
                name = n.String("name");
                value = n.Decimal("value") ?? 0;
                break;
            case ConditionTest.EventsAtLeast:
                name = n.String("name");
                value = n.Decimal("value", min: 1) ?? 1;
                break;
            case ConditionTest.SatisfactionBelow:
            case ConditionTest.ParticipationBelow:
                name = c.Ref(n, "name", c.HasBallot, "ballot");
                value = n.Decimal("value", min: 0, max: 100) ?? 0;
                break;
            case ConditionTest.IndicatorAverageAtMost:
                value = n.Decimal("value", min: 0) ?? 0;
                break;
        }
        return new Condition(t, name, names, value);
    }

    private static IReadOnlyList<LoweringRule> ReadLowerings(JsonNode root, Context c)
    {
        var list = new List<LoweringRule>();
        foreach (var item in root.Array("lowerings", required: false))
        {
            if (!item.IsObject("A lowering"))
            {
                continue;
            }
            item.AllowOnly("id", "when", "by", "reason");
            var id = item.Id() ?? "";
            var when = item.Child("when", true) is { } w ? ReadCondition(w, c) : null;
            var by = item.Int("by", min: 1) ?? 1;
            list.Add(new LoweringRule(id, when ?? new Condition(ConditionTest.Flag, "", [], 0), by, item.String("reason") ?? ""));
        }
        CheckUnique(list.Select(l => l.Id), "$.lowerings", c);
        return list;
    }

    private static IReadOnlyList<CapRule> ReadCaps(JsonNode root, Context c)
    {
        var list = new List<CapRule>();
        foreach (var item in root.Array("caps", required: false))
        {
            if (!item.IsObject("A cap"))
            {
                continue;
            }
            item.AllowOnly("id", "when", "maxLevel", "reason");
            var id = item.Id() ?? "";
            var when = item.Child("when", true) is { } w ? ReadCondition(w, c) : null;
            var max = c.LevelRef(item, "maxLevel") ?? 0;
            list.Add(new CapRule(id, when ?? new Condition(ConditionTest.Flag, "", [], 0), max, item.String("reason") ?? ""));
        }
        CheckUnique(list.Select(l => l.Id), "$.caps", c);
        return list;
    }

    private static VetoRule? ReadVeto(JsonNode root, Context c)
    {
        if (root.Child("veto", required: false) is not { } n || !n.IsObject("'veto'"))
        {
            return null;
        }
        n.AllowOnly("types", "level", "barMonths");
        var types = new List<VetoType>();
        foreach (var item in n.Array("types", required: true, allowEmpty: false))
        {
            if (!item.IsObject("A veto type"))
            {
                continue;
            }
            item.AllowOnly("id", "name");
            var id = item.Id() ?? "";
            if (types.Any(t => t.Id == id))
            {
                item.ErrorAt("id", "unique", $"Veto type '{id}' is used twice.");
            }
            types.Add(new VetoType(id, item.String("name") ?? ""));
        }
        return new VetoRule(types, c.LevelRef(n, "level") ?? 0, n.Int("barMonths", min: 0, max: 120) ?? 0);
    }

    private static void ReadBands(JsonNode root, SchemeDefinition d, Context c)
    {
        var needed = d.ResultKind != ResultKind.StarCount;
        if (root.Child("bands", required: needed) is not { } n || !n.IsObject("'bands'"))
        {
            return;
        }
        if (!needed)
        {
            n.Error("not-applicable", "A starCount scheme counts stars; it has no bands.");
            return;
        }
        n.AllowOnly("thresholds", "otherwise");
        var thresholds = new List<BandThreshold>();
        foreach (var item in n.Array("thresholds", required: true, allowEmpty: false))
        {
            if (!item.IsObject("A threshold"))
            {
                continue;
            }
            item.AllowOnly("level", "atLeast");
            var level = c.LevelRef(item, "level");
            var atLeast = item.Decimal("atLeast", min: 0, max: d.MaxTotal);
            if (level is not { } l || atLeast is not { } a)
            {
                continue;
            }
            if (thresholds.Count > 0 && (l >= thresholds[^1].Level || a >= thresholds[^1].AtLeast))
            {
                item.Error("order", "Thresholds must be listed from the highest level down, each with a lower level and a lower 'atLeast' than the one before.");
            }
            thresholds.Add(new BandThreshold(l, a));
        }
        var otherwise = c.LevelRef(n, "otherwise") ?? 0;
        if (thresholds.Count > 0 && otherwise >= thresholds[^1].Level)
        {
            n.ErrorAt("otherwise", "order", "'otherwise' must be a lower level than every threshold's level.");
        }
        d.Bands = new Bands(thresholds, otherwise);
    }

    private static IReadOnlyList<RectificationRule> ReadRectifications(JsonNode root, Context c)
    {
        var list = new List<RectificationRule>();
        foreach (var item in root.Array("rectification", required: false))
        {
            if (!item.IsObject("A rectification rule"))
            {
                continue;
            }
            item.AllowOnly("id", "atOrBelow", "share", "scope");
            var id = item.Id() ?? "";
            var share = item.Decimal("share", required: false, min: 0, max: 1);
            var scope = share is null ? null : item.Id("scope");
            if (share is null && item.Has("scope"))
            {
                item.ErrorAt("scope", "not-applicable", "'scope' goes with 'share'.");
            }
            list.Add(new RectificationRule(id, c.LevelRef(item, "atOrBelow") ?? 0, share, scope));
        }
        CheckUnique(list.Select(r => r.Id), "$.rectification", c);
        return list;
    }

    private static DiscrepancyRule? ReadDiscrepancy(JsonNode root, Context c)
    {
        if (root.Child("discrepancy", required: false) is not { } n || !n.IsObject("'discrepancy'"))
        {
            return null;
        }
        n.AllowOnly("selfGroup", "levelDifferenceAtLeast", "selfTotalExceedsBy");
        var group = c.Ref(n, "selfGroup", c.HasGroup, "rater group") ?? "";
        return new DiscrepancyRule(group, n.Int("levelDifferenceAtLeast", min: 1) ?? 1, n.Decimal("selfTotalExceedsBy", min: 0) ?? 0);
    }

    private static void CheckUnique(IEnumerable<string> ids, string path, Context c)
    {
        foreach (var g in ids.GroupBy(x => x, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            c.Errors.Add(new SchemeError(path, "unique", $"Id '{g.Key}' is used twice."));
        }
    }
}
