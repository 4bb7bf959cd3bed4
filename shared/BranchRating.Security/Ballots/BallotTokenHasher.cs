using System.Security.Cryptography;
using System.Text;

namespace BranchRating.Security.Ballots;

/// <summary>
/// Token → stored hash: HMAC-SHA256 keyed per campaign (HKDF-SHA256 from the pepper secret, info = campaign id),
/// over the ballot box and the canonical token. The pepper lives in configuration (Key Vault in Azure), never in
/// the tables, so a copy of the tables alone cannot test guesses; lookup needs no stored token.
/// </summary>
public sealed class BallotTokenHasher
{
    public const int MinimumPepperBytes = 32;
    private readonly byte[] _pepper;

    public BallotTokenHasher(byte[] pepper)
    {
        ArgumentNullException.ThrowIfNull(pepper);
        if (pepper.Length < MinimumPepperBytes)
        {
            throw new ArgumentException($"Ballots:PepperKey must hold at least {MinimumPepperBytes} random bytes (base64).", nameof(pepper));
        }

        _pepper = (byte[])pepper.Clone();
    }

    /// <summary>Lower-case hex of the HMAC; the table row key of an unused token is <c>t-</c> + this.</summary>
    public string Hash(BallotBoxKey box, string canonicalToken)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentException.ThrowIfNullOrEmpty(canonicalToken);
        var campaignKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, _pepper, 32, salt: [],
            info: Encoding.UTF8.GetBytes("branchrating/ballot-token/v1/" + box.CampaignId));
        var mac = HMACSHA256.HashData(campaignKey, Encoding.UTF8.GetBytes(box.PartitionKey + "\n" + canonicalToken));
        return Convert.ToHexStringLower(mac);
    }
}
