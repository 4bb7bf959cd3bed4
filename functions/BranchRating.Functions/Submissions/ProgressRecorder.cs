using BranchRating.Storage.Progress;
using BranchRating.Storage.Roster;

namespace BranchRating.Functions.Submissions;

/// <summary>
/// Moves the progress counters (<see cref="ProgressStore"/>) after a write has succeeded. Handlers call it only for
/// a first write, never for an idempotent replay, so a duplicated request never counts twice.
/// </summary>
public sealed class ProgressRecorder(ProgressStore progress)
{
    public Task RosterImportedAsync(string campaignId, int buckets, IEnumerable<RosterChange> changes, CancellationToken cancellationToken) =>
        progress.AddAsync(campaignId, buckets, changes.SelectMany(c => c.Before is { } before
            ? new[] { Change(before, new ProgressCounts(Organizations: -1)), Change(c.After, new ProgressCounts(Organizations: 1)) }
            : [Change(c.After, new ProgressCounts(Organizations: 1))]), cancellationToken);

    public Task DraftStartedAsync(string campaignId, int buckets, OrganizationRecord organization, CancellationToken cancellationToken) =>
        progress.AddAsync(campaignId, buckets, Change(organization, new ProgressCounts(SelfDrafts: 1)), cancellationToken);

    public Task SelfAssessmentSubmittedAsync(string campaignId, int buckets, OrganizationRecord organization, CancellationToken cancellationToken) =>
        progress.AddAsync(campaignId, buckets, Change(organization, new ProgressCounts(SelfDrafts: -1, SelfSubmitted: 1)), cancellationToken);

    /// <summary>A reviewer's first review of the organization (a later one replaces it and is not counted).</summary>
    public Task ReviewedAsync(string campaignId, int buckets, OrganizationRecord organization, bool firstOfOrganization, CancellationToken cancellationToken) =>
        progress.AddAsync(campaignId, buckets, Change(organization, new ProgressCounts(Reviews: 1, ReviewedOrganizations: firstOfOrganization ? 1 : 0)), cancellationToken);

    public Task BallotsCastAsync(string campaignId, int buckets, OrganizationRecord organization, int ballots, CancellationToken cancellationToken) =>
        progress.AddAsync(campaignId, buckets, Change(organization, new ProgressCounts(BallotsCast: ballots)), cancellationToken);

    public Task TokensIssuedAsync(string campaignId, int buckets, OrganizationRecord organization, int tokens, CancellationToken cancellationToken) =>
        progress.AddAsync(campaignId, buckets, Change(organization, new ProgressCounts(BallotTokens: tokens)), cancellationToken);

    private static ProgressChange Change(OrganizationRecord o, ProgressCounts delta) => new(o.Code, o.Region, o.Field, delta);
}
