namespace BranchRating.Security.Ballots;

/// <summary>A box recounted from storage, and its comparison with what was published.</summary>
public sealed record BallotRecount(BallotTally Tally, BallotSetDigest Digest, BallotParticipation Participation)
{
    /// <summary>Recounts a box: tally, digest and participation, from its stored rows only.</summary>
    public static async Task<BallotRecount> RunAsync(BallotBox ballots, BallotBoxKey box, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ballots);
        var stored = new List<StoredBallot>();
        await foreach (var ballot in ballots.ReadBallotsAsync(box, cancellationToken))
        {
            stored.Add(ballot);
        }

        return new BallotRecount(BallotTally.Recount(stored), BallotSetDigest.Compute(stored), await ballots.ParticipationAsync(box, cancellationToken));
    }

    /// <summary>The differences from a published tally and digest (empty = the published figures are reproduced).</summary>
    public IReadOnlyList<string> Compare(string publishedTallyJson, BallotSetDigest publishedDigest)
    {
        ArgumentNullException.ThrowIfNull(publishedDigest);
        var differences = new List<string>();
        if (!string.Equals(Tally.ToCanonicalJson(), publishedTallyJson, StringComparison.Ordinal))
        {
            differences.Add($"tally: recounted {Tally.ToCanonicalJson()} but published {publishedTallyJson}");
        }

        if (Digest.Count != publishedDigest.Count)
        {
            differences.Add($"count: {Digest.Count} ballots stored but {publishedDigest.Count} published");
        }

        if (!string.Equals(Digest.Sha256, publishedDigest.Sha256, StringComparison.Ordinal))
        {
            differences.Add($"digest: stored ballots hash to {Digest.Sha256} but {publishedDigest.Sha256} was published");
        }

        if (!Participation.IsConsistent)
        {
            differences.Add("participation: issued tokens are not equal to cast ballots plus unused tokens");
        }

        return differences;
    }
}
