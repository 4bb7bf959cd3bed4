namespace BranchRating.Security.Ballots;

/// <summary>A ballot as stored: a random id, the rater group its token belonged to, the canonical content and the day it was cast.</summary>
public sealed record StoredBallot(string BallotId, BallotGroup Group, string ContentJson, string Day);

/// <summary>The printable list handed out for one ballot box: tokens by rater group.</summary>
public sealed record IssuedBallotTokens(BallotBoxKey Box, IReadOnlyList<IssuedBallotToken> Tokens);

public sealed record IssuedBallotToken(BallotGroup Group, string Token);

/// <summary>The outcome of casting a ballot. Refusals do not say whether a token never existed or was already used.</summary>
public sealed record BallotCastResult(bool Accepted, BallotGroup? Group, string? Refusal)
{
    public static BallotCastResult Accept(BallotGroup group) => new(true, group, null);

    public static BallotCastResult Refuse(string reason) => new(false, null, reason);
}

/// <summary>Exact participation of a ballot box: issued = cast + unused for every group, or the box has been tampered with.</summary>
public sealed record BallotParticipation(
    IReadOnlyDictionary<BallotGroup, int> Issued,
    IReadOnlyDictionary<BallotGroup, int> Cast,
    IReadOnlyDictionary<BallotGroup, int> Unused)
{
    public bool IsConsistent => Enum.GetValues<BallotGroup>().All(g => Get(Issued, g) == Get(Cast, g) + Get(Unused, g));

    public static int Get(IReadOnlyDictionary<BallotGroup, int> counts, BallotGroup group) => counts.TryGetValue(group, out var n) ? n : 0;
}
