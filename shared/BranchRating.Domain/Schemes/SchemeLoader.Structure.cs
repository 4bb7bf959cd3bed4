using System.Globalization;
using System.Text.Json;

namespace BranchRating.Domain.Schemes;

public static partial class SchemeLoader
{
    private static void ReadBallots(JsonNode root, SchemeDefinition d, Context c)
    {
        var ballots = new List<BallotRule>();
        foreach (var item in root.Array("ballots", required: false))
        {
            if (!item.IsObject("A ballot"))
            {
                continue;
            }
            item.AllowOnly("id", "name", "choices", "minParticipation");
            var id = item.Id();
            if (id is not null && ballots.Any(b => b.Id == id))
            {
                item.ErrorAt("id", "unique", $"Ballot id '{id}' is used twice.");
            }
            var choices = new List<BallotChoice>();
            foreach (var ch in item.Array("choices", required: true, allowEmpty: false))
            {
                if (!ch.IsObject("A choice"))
                {
                    continue;
                }
                ch.AllowOnly("id", "label", "weight");
                var cid = ch.Id();
                if (cid is not null && choices.Any(x => x.Id == cid))
                {
                    ch.ErrorAt("id", "unique", $"Choice id '{cid}' is used twice.");
                }
                choices.Add(new BallotChoice(cid ?? "", ch.String("label") ?? "", ch.Decimal("weight", min: 0, max: 1) ?? 0));
            }
            var min = item.Decimal("minParticipation", required: false, min: 0, max: 100) ?? 0;
            ballots.Add(new BallotRule(id ?? "", item.String("name") ?? "", choices, min, ballots.Count));
        }
        d.Ballots = ballots;
    }

    private static void ReadRaterGroups(JsonNode root, SchemeDefinition d, Context c)
    {
        var groups = new List<RaterGroup>();
        foreach (var item in root.Array("raterGroups", required: false))
        {
            if (!item.IsObject("A rater group"))
            {
                continue;
            }
            item.AllowOnly("id", "name", "role", "source", "ballot", "aggregation", "proposesLevel");
            var id = item.Id();
            if (id is not null && groups.Any(g => g.Id == id))
            {
                item.ErrorAt("id", "unique", $"Rater group id '{id}' is used twice.");
            }
            var role = item.Enum<RaterRole>("role", required: true) ?? RaterRole.Other;
            var source = item.Enum<RaterSource>("source", required: false, RaterSource.Scores) ?? RaterSource.Scores;
            string? ballot = null;
            if (source == RaterSource.Ballot)
            {
                ballot = c.Ref(item, "ballot", c.HasBallot, "ballot");
            }
            else if (item.Has("ballot"))
            {
                item.ErrorAt("ballot", "not-applicable", "'ballot' is only used with \"source\": \"ballot\".");
            }
            var aggregation = new Aggregation(AggregationMethod.Mean, 0, 1);
            if (item.Child("aggregation", required: false) is { } a && a.IsObject("'aggregation'"))
            {
                a.AllowOnly("method", "trim", "minRaters");
                var method = a.Enum<AggregationMethod>("method", required: false, AggregationMethod.Mean) ?? AggregationMethod.Mean;
                var trim = a.Int("trim", required: method == AggregationMethod.TrimmedMean, min: method == AggregationMethod.TrimmedMean ? 1 : 0) ?? 0;
                if (method != AggregationMethod.TrimmedMean && trim != 0)
                {
                    a.ErrorAt("trim", "not-applicable", "'trim' is only used with the trimmedMean method.");
                }
                var minRaters = a.Int("minRaters", required: false, min: 1) ?? 1;
                if (method == AggregationMethod.TrimmedMean && minRaters <= 2 * trim)
                {
                    a.ErrorAt("minRaters", "range", $"A trimmed mean dropping {trim} at each end needs minRaters ≥ {2 * trim + 1}.");
                }
                aggregation = new Aggregation(method, trim, minRaters);
            }
            var proposes = item.Bool("proposesLevel", role == RaterRole.Self);
            groups.Add(new RaterGroup(id ?? "", item.String("name") ?? "", role, source, ballot, aggregation, proposes, groups.Count));
        }
        d.RaterGroups = groups;
    }

    private static void ReadDimensions(JsonNode root, SchemeDefinition d, Context c)
    {
        var dimensions = new List<Dimension>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        var dimensionItems = root.Array("dimensions", required: d.ResultKind != ResultKind.StarCount);
        foreach (var item in dimensionItems)
        {
            if (!item.IsObject("A dimension"))
            {
                continue;
            }
            item.AllowOnly("id", "name", "track", "indicators");
            var id = item.Id() ?? "";
            if (dimensions.Any(x => x.Id == id))
            {
                item.ErrorAt("id", "unique", $"Dimension id '{id}' is used twice.");
            }
            var track = item.Has("track") ? c.Ref(item, "track", c.HasTrack, "track") ?? d.Tracks[0].Id : d.Tracks[0].Id;
            var trackIndex = d.Tracks.FirstOrDefault(t => t.Id == track)?.Index ?? 0;
            var indicators = new List<Indicator>();
            foreach (var ind in item.Array("indicators", required: true, allowEmpty: false))
            {
                var indicator = ReadIndicator(ind, id, track, trackIndex, index, c);
                if (indicator is null)
                {
                    continue;
                }
                if (!seen.Add(indicator.Id))
                {
                    ind.ErrorAt("id", "unique", $"Indicator id '{indicator.Id}' is used twice in the scheme.");
                }
                indicators.Add(indicator);
                index++;
            }
            dimensions.Add(new Dimension(id, item.String("name") ?? "", track, indicators));
        }
        d.Dimensions = dimensions;
        if (dimensionItems.Count > 0 && d.RaterGroups.Count == 0)
        {
            root.ErrorAt("raterGroups", "required", "A scheme with indicators needs at least one rater group.");
        }
        foreach (var t in d.Tracks)
        {
            var sum = dimensions.Where(x => x.Track == t.Id).SelectMany(x => x.Indicators).Sum(i => i.Max);
            if (dimensions.Count > 0 && sum != t.Max)
            {
                var path = root.Has("tracks") ? $"$.tracks[{t.Index}].max" : "$.maxTotal";
                c.Errors.Add(new SchemeError(path, "sum", $"The indicators of track '{t.Id}' add up to {sum.ToString(CultureInfo.InvariantCulture)}, not {t.Max.ToString(CultureInfo.InvariantCulture)}."));
            }
        }
    }

    private static Indicator? ReadIndicator(JsonNode n, string dimension, string track, int trackIndex, int index, Context c)
    {
        if (!n.IsObject("An indicator"))
        {
            return null;
        }
        n.AllowOnly("id", "name", "max", "kind", "rankPoints", "rankOtherwise", "weights");
        var id = n.Id() ?? "";
        c.IndicatorPaths[id] = n.Path;
        var max = n.Decimal("max", min: 0) ?? 0;
        var kind = n.Enum<IndicatorKind>("kind", required: false, IndicatorKind.Scored) ?? IndicatorKind.Scored;
        var rankPoints = new List<decimal>();
        decimal otherwise = 0;
        if (kind == IndicatorKind.Rank)
        {
            foreach (var p in n.Array("rankPoints", required: true, allowEmpty: false))
            {
                if (p.AsDecimal(0, max) is { } v)
                {
                    rankPoints.Add(v);
                }
            }
            otherwise = n.Decimal("rankOtherwise", required: false, min: 0, max: max) ?? 0;
        }
        else if (n.Has("rankPoints") || n.Has("rankOtherwise"))
        {
            n.Error("not-applicable", "'rankPoints' and 'rankOtherwise' are only used with \"kind\": \"rank\".");
        }
        IReadOnlyDictionary<string, decimal>? weights = null;
        if (n.Has("weights"))
        {
            weights = ReadWeights(n, "weights", c);
        }
        return new Indicator(id, n.String("name") ?? "", dimension, track, trackIndex, max, kind, rankPoints, otherwise, weights, index);
    }

    private static IReadOnlyDictionary<string, decimal>? ReadWeights(JsonNode n, string name, Context c)
    {
        var weights = n.NumberMap(name, required: true, min: 0, max: 1);
        if (weights is null)
        {
            return null;
        }
        foreach (var key in weights.Keys.Where(k => !c.HasGroup(k)))
        {
            c.Errors.Add(new SchemeError($"{n.Path}.{name}.{key}", "reference", $"No rater group '{key}' is defined in this scheme."));
        }
        var sum = weights.Values.Sum();
        if (weights.Count > 0 && sum != 1m)
        {
            n.ErrorAt(name, "sum", $"Weights must add up to 1; they add up to {sum.ToString(CultureInfo.InvariantCulture)}.");
        }
        return weights;
    }

    private static void ReadCombination(JsonNode root, SchemeDefinition d, Context c)
    {
        var indicators = d.Dimensions.SelectMany(x => x.Indicators).ToList();
        if (root.Child("combination", required: indicators.Count > 0) is not { } n || !n.IsObject("'combination'"))
        {
            return;
        }
        n.AllowOnly("method", "weights", "priority", "whenGroupMissing");
        var method = n.Enum<CombinationMethod>("method", required: true) ?? CombinationMethod.Weighted;
        var missing = n.Enum<MissingGroupPolicy>("whenGroupMissing", required: false, MissingGroupPolicy.Reject) ?? MissingGroupPolicy.Reject;
        IReadOnlyDictionary<string, decimal> weights = new Dictionary<string, decimal>();
        var priority = new List<string>();
        if (method == CombinationMethod.Weighted)
        {
            weights = ReadWeights(n, "weights", c) ?? weights;
            if (n.Has("priority"))
            {
                n.ErrorAt("priority", "not-applicable", "'priority' is only used with the override method.");
            }
        }
        else
        {
            foreach (var (g, i) in n.Strings("priority", required: true).Select((g, i) => (g, i)))
            {
                if (!c.HasGroup(g))
                {
                    c.Errors.Add(new SchemeError($"{n.Path}.priority[{i}]", "reference", $"No rater group '{g}' is defined in this scheme."));
                }
                priority.Add(g);
            }
            if (n.Has("weights"))
            {
                n.ErrorAt("weights", "not-applicable", "'weights' is only used with the weighted method.");
            }
            foreach (var ind in indicators.Where(i => i.Weights is not null))
            {
                c.Errors.Add(new SchemeError($"{c.IndicatorPaths.GetValueOrDefault(ind.Id, "$.dimensions")}.weights", "not-applicable", "Per-indicator weights need the weighted combination method."));
            }
        }
        d.Combination = new Combination(method, weights, priority, missing);
    }

    private static void ReadStars(JsonNode root, SchemeDefinition d, Context c)
    {
        var items = root.Array("stars", required: d.ResultKind == ResultKind.StarCount, allowEmpty: d.ResultKind != ResultKind.StarCount);
        if (d.ResultKind != ResultKind.StarCount && items.Count > 0)
        {
            root.ErrorAt("stars", "not-applicable", "'stars' is only used with \"result\": { \"kind\": \"starCount\" }.");
        }
        var stars = new List<StarRule>();
        foreach (var item in items)
        {
            if (!item.IsObject("A star"))
            {
                continue;
            }
            item.AllowOnly("id", "name", "earn");
            var id = item.Id() ?? "";
            if (stars.Any(s => s.Id == id))
            {
                item.ErrorAt("id", "unique", $"Star id '{id}' is used twice.");
            }
            var earn = new StarEarnRule(StarEarnBy.Record, null, null, null, 0);
            if (item.Child("earn", required: true) is { } e && e.IsObject("'earn'"))
            {
                e.AllowOnly("by", "indicator", "ballot", "flag", "atLeast");
                var by = e.Enum<StarEarnBy>("by", required: true) ?? StarEarnBy.Record;
                earn = by switch
                {
                    StarEarnBy.Score => new StarEarnRule(by, c.Ref(e, "indicator", c.HasIndicator, "indicator"), null, null, e.Decimal("atLeast", min: 0) ?? 0),
                    StarEarnBy.Vote => new StarEarnRule(by, null, null, null, e.Decimal("atLeast", min: 0, max: 100) ?? 0),
                    StarEarnBy.Satisfaction => new StarEarnRule(by, null, c.Ref(e, "ballot", c.HasBallot, "ballot"), null, e.Decimal("atLeast", min: 0, max: 100) ?? 0),
                    _ => new StarEarnRule(by, null, null, e.String("flag"), 0),
                };
            }
            stars.Add(new StarRule(id, item.String("name") ?? "", earn));
        }
        d.Stars = stars;
        if (d.ResultKind == ResultKind.StarCount && d.Levels.Count > 0 && d.Levels.Count != stars.Count + 1)
        {
            root.ErrorAt("result", "consistency", $"A starCount scheme with {stars.Count} stars needs {stars.Count + 1} levels (0 … {stars.Count}); it has {d.Levels.Count}.");
        }
    }
}
