using BranchRating.Storage.Roster;
using BranchRating.Storage.Submissions;

namespace BranchRating.Functions.Scoring;

/// <summary>What the pipeline needs to know of a validated scheme.</summary>
public sealed record SchemeSummary(string Id, string Version, string Name);

/// <summary>A refused scheme or input, as the engine reports it: JSON path, rule, message.</summary>
public sealed record RatingError(string Path, string Rule, string Message);

/// <summary>Everything stored about one subject, handed to the engine adapter to build its input.</summary>
public sealed record SubjectData(OrganizationRecord Organization, IReadOnlyList<SubmissionRecord> Submissions, IReadOnlyList<BallotRecord> Ballots);

/// <summary>One ranked subject of a run, with the engine's full result serialized as JSON.</summary>
public sealed record RankedSubject(string Code, decimal FinalTotal, int LevelOrdinal, string Level, IReadOnlyDictionary<string, int> Ranks, string ResultJson);

/// <summary>The stored inputs of a subject are invalid for the scheme (each error names its path).</summary>
public sealed class RatingInputRefusedException(IReadOnlyList<RatingError> errors)
    : Exception("The subject's inputs are invalid for the scheme: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")))
{
    public IReadOnlyList<RatingError> Errors { get; } = errors;
}
