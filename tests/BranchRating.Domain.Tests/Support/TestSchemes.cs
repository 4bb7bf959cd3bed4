using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Tests.Support;

/// <summary>Small schemes written for single building blocks (the presets cover the seeds).</summary>
internal static class TestSchemes
{
    /// <summary>Two indicators, 0.3 self + 0.7 superior (per indicator, 001 篇十二 (五)), a trimmed-mean mass group on one indicator.</summary>
    public static string Weighted(string whenMissing = "reject", string superiorAggregation = """{ "method": "mean" }""") => $$"""
    {
      "format": "branchrating.scheme/1", "id": "weighted-test", "version": "1", "name": "weighted", "source": "test", "assumptions": [],
      "subjectKind": "organization",
      "result": { "kind": "tiers", "levels": [ { "ordinal": 0, "label": "后进" }, { "ordinal": 1, "label": "一般" }, { "ordinal": 2, "label": "先进" } ] },
      "maxTotal": 100,
      "dimensions": [ { "id": "d", "name": "d", "indicators": [
        { "id": "work", "name": "work", "max": 60 },
        { "id": "service", "name": "service", "max": 40, "weights": { "self": 0.2, "superior": 0.5, "masses": 0.3 } } ] } ],
      "raterGroups": [
        { "id": "self", "name": "自评", "role": "self" },
        { "id": "superior", "name": "上级", "role": "superior", "aggregation": {{superiorAggregation}} },
        { "id": "masses", "name": "群众", "role": "mass", "source": "ballot", "ballot": "masses" }
      ],
      "combination": { "method": "weighted", "weights": { "self": 0.3, "superior": 0.7 }, "whenGroupMissing": "{{whenMissing}}" },
      "ballots": [ { "id": "masses", "name": "群众", "choices": [ { "id": "yes", "label": "满意", "weight": 1 }, { "id": "half", "label": "基本满意", "weight": 0.5 }, { "id": "no", "label": "不满意", "weight": 0 } ] } ],
      "bands": { "thresholds": [ { "level": 2, "atLeast": 85 }, { "level": 1, "atLeast": 60 } ], "otherwise": 0 }
    }
    """;

    /// <summary>双百分制 with a binary and a rank-based indicator; both tracks ranked, no scopes needed ("all").</summary>
    public const string TwoTracks = """
    {
      "format": "branchrating.scheme/1", "id": "two-tracks", "version": "1", "name": "双百分制", "source": "test", "assumptions": [],
      "subjectKind": "organization",
      "result": { "kind": "tiers", "levels": [ { "ordinal": 0, "label": "不合格" }, { "ordinal": 1, "label": "合格" }, { "ordinal": 2, "label": "优秀" } ] },
      "maxTotal": 100,
      "tracks": [ { "id": "party", "name": "党建责任", "max": 100 }, { "id": "central", "name": "中心工作", "max": 100 } ],
      "dimensions": [
        { "id": "p", "name": "党建", "track": "party", "indicators": [
          { "id": "meets", "name": "三会一课", "max": 40, "kind": "binary" },
          { "id": "duty", "name": "主体责任", "max": 60 } ] },
        { "id": "c", "name": "中心", "track": "central", "indicators": [
          { "id": "rank", "name": "市直排名", "max": 100, "kind": "rank", "rankPoints": [100, 97, 94], "rankOtherwise": 90 } ] }
      ],
      "raterGroups": [ { "id": "superior", "name": "上级", "role": "superior" } ],
      "combination": { "method": "override", "priority": ["superior"] },
      "bands": { "thresholds": [ { "level": 2, "atLeast": 90 }, { "level": 1, "atLeast": 60 } ], "otherwise": 0 },
      "order": ["final", "track:central"],
      "rankings": [ { "scope": "all", "by": "final" }, { "scope": "all", "by": "track:central", "style": "dense" } ]
    }
    """;

    /// <summary>非公企业星级党员 shape (001 篇十五): five stars, each earned by a score ≥ 8 of 10; member quotas.</summary>
    public const string Members = """
    {
      "format": "branchrating.scheme/1", "id": "members-test", "version": "1", "name": "星级党员", "source": "test", "assumptions": [],
      "subjectKind": "member",
      "result": { "kind": "starCount", "levels": [
        { "ordinal": 0, "label": "无星" }, { "ordinal": 1, "label": "一星" }, { "ordinal": 2, "label": "二星" },
        { "ordinal": 3, "label": "三星" }, { "ordinal": 4, "label": "四星" }, { "ordinal": 5, "label": "五星" } ] },
      "maxTotal": 50,
      "dimensions": [ { "id": "stars", "name": "五星", "indicators": [
        { "id": "dedication", "name": "爱岗敬业", "max": 10 }, { "id": "innovation", "name": "技术创新", "max": 10 },
        { "id": "safety", "name": "安全生产", "max": 10 }, { "id": "charity", "name": "奉献爱心", "max": 10 },
        { "id": "honesty", "name": "诚实守信", "max": 10 } ] } ],
      "raterGroups": [
        { "id": "members", "name": "党员", "role": "mass", "aggregation": { "method": "mean", "minRaters": 2 } },
        { "id": "staff", "name": "非党员代表", "role": "mass", "aggregation": { "method": "median", "minRaters": 1 } }
      ],
      "combination": { "method": "weighted", "weights": { "members": 0.5, "staff": 0.5 } },
      "stars": [
        { "id": "dedication", "name": "爱岗敬业星", "earn": { "by": "score", "indicator": "dedication", "atLeast": 8 } },
        { "id": "innovation", "name": "技术创新星", "earn": { "by": "score", "indicator": "innovation", "atLeast": 8 } },
        { "id": "safety", "name": "安全生产星", "earn": { "by": "score", "indicator": "safety", "atLeast": 8 } },
        { "id": "charity", "name": "奉献爱心星", "earn": { "by": "score", "indicator": "charity", "atLeast": 8 } },
        { "id": "honesty", "name": "诚实守信星", "earn": { "by": "score", "indicator": "honesty", "atLeast": 8 } }
      ],
      "caps": [
        { "id": "average-at-most-4", "when": { "test": "indicatorAverageAtMost", "value": 4 }, "maxLevel": 2, "reason": "每星平均分4分以下最多二星" },
        { "id": "disqualified", "when": { "test": "anyFlag", "names": ["no-organization-life-6-months", "party-warning", "criminal-case"] }, "maxLevel": 0, "reason": "取消评星资格" }
      ],
      "quotas": [
        { "id": "five-star-cap", "kind": "cap", "scope": "company", "level": 5, "share": 0.10 },
        { "id": "one-per-branch", "kind": "minimumPerScope", "scope": "branch", "level": 5, "count": 1 },
        { "id": "three-star-target", "kind": "target", "scope": "company", "atOrAbove": 3, "compare": "atLeast", "share": 0.6 }
      ],
      "order": ["final", "code"],
      "rankings": [ { "scope": "branch", "by": "final" } ]
    }
    """;

    public static Scheme Load(string json) => SchemeLoader.Load(json);
}
