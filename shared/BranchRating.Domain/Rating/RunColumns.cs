using BranchRating.Domain.Ranking;
using BranchRating.Domain.Results;

namespace BranchRating.Domain.Rating;

/// <summary>
/// What ranking decided for every subject of a run, by subject index (the order of the scores given): final
/// levels, quota changes (null for most), rectification marks (one bit per rectification rule), and the order.
/// </summary>
internal sealed record RunColumns(
    ScoreColumns Subjects,
    int[] Sorted,
    int[] Levels,
    LevelChange[]?[] Changes,
    RectificationMarks Marks,
    RankTable Ranks);
