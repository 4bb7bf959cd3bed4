using System.Globalization;

namespace BranchRating.Domain.Schemes;

/// <summary>Quotas, the order chain and rankings (RATING-RULES §4.10, §4.11, §9).</summary>
public static partial class SchemeLoader
{
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
        foreach (var cap in list.Where(q => q.Kind == QuotaKind.Cap && q.Level == 0))
        {
            c.Errors.Add(new SchemeError("$.quotas", "range", $"Cap '{cap.Id}' is on the lowest level: there is no level below to demote to."));
        }
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
}
