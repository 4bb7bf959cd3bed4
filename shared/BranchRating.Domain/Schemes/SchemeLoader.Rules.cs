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

    private static IReadOnlyList<QuotaRule> ReadQuotas(JsonNode root, Context c)
    {
        var list = new List<QuotaRule>();
        var items = root.Array("quotas", required: false);
        foreach (var item in items)
        {
            if (!item.IsObject("A quota"))
            {
                continue;
            }
            item.AllowOnly("id", "kind", "scope", "level", "atOrBelow", "atOrAbove", "share", "shares", "count", "compare");
            var id = item.Id() ?? "";
            var kind = item.String("kind") ?? "";
            var scope = item.Id("scope") ?? Scheme.AllScope;
            switch (kind)
            {
                case "cap":
                    list.Add(new QuotaRule(id, QuotaKind.Cap, scope, c.LevelRef(item, "level") ?? 0, LevelMatch.Exact, Share(item), 0, TargetCompare.AtMost, null));
                    break;
                case "floor":
                    list.Add(new QuotaRule(id, QuotaKind.Floor, scope, c.LevelRef(item, "atOrBelow") ?? 0, LevelMatch.AtOrBelow, Share(item), 0, TargetCompare.AtLeast, null));
                    break;
                case "minimumPerScope":
                    list.Add(new QuotaRule(id, QuotaKind.MinimumPerScope, scope, c.LevelRef(item, "level") ?? 0, LevelMatch.Exact, 0, item.Int("count", min: 1) ?? 1, TargetCompare.AtLeast, null));
                    break;
                case "target":
                    list.Add(ReadTarget(item, id, scope, c));
                    break;
                case "distribution":
                    list.AddRange(ReadDistribution(item, id, scope, c));
                    break;
                default:
                    item.ErrorAt("kind", "enum", $"'{kind}' is not one of: cap, floor, minimumPerScope, target, distribution.");
                    break;
            }
        }
        CheckUnique(list.Where(q => q.Origin is null).Select(q => q.Id), "$.quotas", c);
        foreach (var cap in list.Where(q => q.Kind == QuotaKind.Cap))
        {
            foreach (var floor in list.Where(q => q.Kind == QuotaKind.Floor && q.Level >= cap.Level))
            {
                c.Errors.Add(new SchemeError("$.quotas", "quota-conflict", $"Cap '{cap.Id}' on level {cap.Level} overlaps floor '{floor.Id}' (at or below {floor.Level}): a cap must be on a level above every floor."));
            }
        }
        return list;
    }

    private static decimal Share(JsonNode item) => item.Decimal("share", min: 0, max: 1) ?? 0;

    private static QuotaRule ReadTarget(JsonNode item, string id, string scope, Context c)
    {
        var forms = (item.Has("level") ? 1 : 0) + (item.Has("atOrBelow") ? 1 : 0) + (item.Has("atOrAbove") ? 1 : 0);
        if (forms != 1)
        {
            item.Error("one-of", "A target needs exactly one of 'level', 'atOrBelow' or 'atOrAbove'.");
        }
        var (name, match) = item.Has("atOrBelow") ? ("atOrBelow", LevelMatch.AtOrBelow)
            : item.Has("atOrAbove") ? ("atOrAbove", LevelMatch.AtOrAbove)
            : ("level", LevelMatch.Exact);
        var compare = item.Enum<TargetCompare>("compare", required: true) ?? TargetCompare.AtMost;
        return new QuotaRule(id, QuotaKind.Target, scope, c.LevelRef(item, name) ?? 0, match, Share(item), 0, compare, null);
    }

    /// <summary>A forced distribution becomes a cap on every level but the lowest (cascading) and a floor on the lowest.</summary>
    private static IEnumerable<QuotaRule> ReadDistribution(JsonNode item, string id, string scope, Context c)
    {
        var shares = item.NumberMap("shares", required: true, min: 0, max: 1);
        if (shares is null)
        {
            yield break;
        }
        var byLevel = new SortedDictionary<int, decimal>();
        foreach (var (key, share) in shares)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level < 0 || level >= c.LevelCount)
            {
                c.Errors.Add(new SchemeError($"{item.Path}.shares.{key}", "reference", $"'{key}' is not a level ordinal (0 … {c.LevelCount - 1})."));
                continue;
            }
            byLevel[level] = share;
        }
        if (shares.Values.Sum() != 1m)
        {
            item.ErrorAt("shares", "sum", $"Distribution shares must add up to 1; they add up to {shares.Values.Sum().ToString(CultureInfo.InvariantCulture)}.");
        }
        if (byLevel.Count == 0)
        {
            yield break;
        }
        var lowest = byLevel.Keys.First();
        foreach (var (level, share) in byLevel.Reverse())
        {
            yield return level == lowest
                ? new QuotaRule($"{id}:{level}", QuotaKind.Floor, scope, level, LevelMatch.AtOrBelow, share, 0, TargetCompare.AtLeast, id)
                : new QuotaRule($"{id}:{level}", QuotaKind.Cap, scope, level, LevelMatch.Exact, share, 0, TargetCompare.AtMost, id);
        }
    }

    private static IReadOnlyList<OrderKey> ReadOrder(JsonNode root, Context c)
    {
        var keys = new List<OrderKey>();
        var items = root.Strings("order", required: false);
        for (var i = 0; i < items.Count; i++)
        {
            if (ParseKey(items[i], $"$.order[{i}]", c) is { } k)
            {
                keys.Add(k);
            }
        }
        if (keys.Count == 0)
        {
            keys.Add(new OrderKey(OrderKeyKind.Final, null));
        }
        if (keys[^1].Kind != OrderKeyKind.Code)
        {
            keys.RemoveAll(k => k.Kind == OrderKeyKind.Code);
            keys.Add(new OrderKey(OrderKeyKind.Code, null));
        }
        return keys;
    }

    private static OrderKey? ParseKey(string text, string path, Context c)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var head = colon < 0 ? text : text[..colon];
        var tail = colon < 0 ? null : text[(colon + 1)..];
        OrderKey? key = (head, tail) switch
        {
            ("final", null) => new OrderKey(OrderKeyKind.Final, null),
            ("base", null) => new OrderKey(OrderKeyKind.Base, null),
            ("code", null) => new OrderKey(OrderKeyKind.Code, null),
            ("track", { } t) when c.HasTrack(t) => new OrderKey(OrderKeyKind.Track, t),
            ("group", { } g) when c.HasGroup(g) => new OrderKey(OrderKeyKind.Group, g),
            ("satisfaction", { } b) when c.HasBallot(b) => new OrderKey(OrderKeyKind.Satisfaction, b),
            _ => null,
        };
        if (key is null)
        {
            c.Errors.Add(new SchemeError(path, "order-key", $"'{text}' is not an order key: use final, base, code, track:<id>, group:<id> or satisfaction:<ballot> with ids defined in this scheme."));
        }
        return key;
    }

    private static IReadOnlyList<RankingRule> ReadRankings(JsonNode root, Context c)
    {
        var list = new List<RankingRule>();
        foreach (var item in root.Array("rankings", required: false))
        {
            if (!item.IsObject("A ranking"))
            {
                continue;
            }
            item.AllowOnly("scope", "by", "style", "relative");
            var scope = item.Id("scope") ?? Scheme.AllScope;
            var by = item.String("by", required: false) is { } s ? ParseKey(s, $"{item.Path}.by", c) : null;
            if (by is { Kind: OrderKeyKind.Code })
            {
                item.ErrorAt("by", "order-key", "A ranking cannot be by code.");
            }
            var style = item.Enum<RankStyle>("style", required: false, RankStyle.Competition) ?? RankStyle.Competition;
            list.Add(new RankingRule(scope, by ?? new OrderKey(OrderKeyKind.Final, null), style, item.Bool("relative", false)));
        }
        var dup = list.GroupBy(r => (r.Scope, r.By)).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            c.Errors.Add(new SchemeError("$.rankings", "unique", $"Two rankings in scope '{dup.Key.Scope}' by '{dup.Key.By}'."));
        }
        return list;
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
