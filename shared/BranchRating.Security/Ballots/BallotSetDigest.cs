using System.Security.Cryptography;
using System.Text;

namespace BranchRating.Security.Ballots;

/// <summary>
/// An order-independent fingerprint of a box's ballot set, published with the tally: SHA-256 over the sorted
/// SHA-256 leaves of every ballot (id, group, canonical content). A reviewer recomputes it from the exported
/// ballots; an added, removed or edited ballot changes it.
/// </summary>
public sealed record BallotSetDigest(int Count, string Sha256)
{
    public static BallotSetDigest Compute(IEnumerable<StoredBallot> ballots)
    {
        ArgumentNullException.ThrowIfNull(ballots);
        var leaves = ballots
            .Select(b => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{b.BallotId}\n{b.Group}\n{b.ContentJson}"))))
            .Order(StringComparer.Ordinal)
            .ToList();
        var root = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', leaves)));
        return new BallotSetDigest(leaves.Count, Convert.ToHexStringLower(root));
    }
}
