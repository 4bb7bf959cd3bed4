namespace BranchRating.Domain.Schemes;

public enum SubjectKind { Organization, Member }

/// <summary>stars: bands give 0★…5★; tiers: bands give named tiers; starCount: level = number of stars earned.</summary>
public enum ResultKind { Stars, Tiers, StarCount }

/// <summary>scored: 0…max; binary: achieved (1) = max, not achieved (0) = 0; rank: a rank 1…n mapped to points.</summary>
public enum IndicatorKind { Scored, Binary, Rank }

public enum RaterRole { Self, Superior, Mass, Other }

/// <summary>scores: raters submit per-indicator scores; ballot: every indicator = satisfaction rate × max.</summary>
public enum RaterSource { Scores, Ballot }

public enum AggregationMethod { Mean, Median, TrimmedMean }

/// <summary>weighted: Σ weight × group score; override: the first group of the priority list that has enough raters.</summary>
public enum CombinationMethod { Weighted, Override }

/// <summary>What to do when a weighted group has fewer raters than its minimum.</summary>
public enum MissingGroupPolicy { Reject, Renormalize }

public enum StarEarnBy { Score, Vote, Record, Satisfaction }

public enum ConditionTest
{
    Flag,
    NotFlag,
    AnyFlag,
    FactAtLeast,
    EventsAtLeast,
    SatisfactionBelow,
    ParticipationBelow,
    IndicatorAverageAtMost,
}

public enum QuotaKind { Cap, Floor, Target, MinimumPerScope }

public enum TargetCompare { AtMost, AtLeast }

public enum LevelMatch { Exact, AtOrBelow, AtOrAbove }

public enum OrderKeyKind { Final, Base, Track, Group, Satisfaction, Code }

public enum RankStyle { Competition, Dense }
