using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Scores;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Scoring;

/// <summary>
/// When a version written ahead of the final close may be published as it is. A publication is computed from the
/// stored scores of every bucket, the scheme and the published scopes. Its <em>basis</em> fingerprints them through each
/// bucket's scoring mark (<see cref="BucketScoringMarks"/>): a mark is rewritten whenever its bucket is scored whole, and
/// gets a new rescore id before any of its scores is replaced one by one. So equal bases mean equal scores, and the
/// prepared version is exactly what ranking and writing again would produce.
/// </summary>
public sealed class PreparedPublications(BucketScoringMarks marks, CampaignStore campaigns, IOptions<PipelineOptions> options)
{
    /// <summary>
    /// The basis a publication of <paramref name="campaign"/> computed now would have; null when some bucket's scores are
    /// not current under the campaign's rating date and scheme (never scored ahead, stale, or being scored).
    /// </summary>
    public async Task<string?> BasisAsync(CampaignSnapshot campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var c = campaign.Campaign;
        var asOf = RatingDate.Of(campaign);
        var scheme = SubjectScorer.SchemeHash(c.SchemeJson);
        var all = await marks.ListAsync(c.Id, cancellationToken);
        var text = new StringBuilder();
        for (var bucket = 0; bucket < c.Buckets; bucket++)
        {
            if (!all.TryGetValue(bucket, out var mark) || !mark.Matches(asOf, scheme)) return null;
            text.Append(CultureInfo.InvariantCulture, $"{bucket}|{mark.ETag}|{mark.Watermark:O}|{mark.RescoreId}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"scheme|{scheme}\nranking|{string.Join(',', options.Value.RankingScopes)}\ndistribution|{string.Join(',', options.Value.DistributionScopes)}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The prepared version the campaign may publish now: newer than the published one, and on the current basis.</summary>
    public async Task<PreparedPublication?> FindCurrentAsync(CampaignSnapshot campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (await campaigns.GetPreparedAsync(campaign.Campaign.Id, cancellationToken) is not { } prepared) return null;
        if (prepared.Version <= campaign.Publication.Version) return null;
        return await BasisAsync(campaign, cancellationToken) == prepared.Basis ? prepared : null;
    }
}
