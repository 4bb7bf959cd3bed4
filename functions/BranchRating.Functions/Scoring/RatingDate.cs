using BranchRating.Storage.Campaigns;
using NodaTime;

namespace BranchRating.Functions.Scoring;

/// <summary>
/// A campaign's rating date (the engine's <c>RatingOptions.AsOf</c>): the Asia/Shanghai date of its final step's
/// deadline, when the results are determined. Vetoes dated after it or older than the scheme's bar before it do not
/// count; the same date decides which earlier vetoes a series carries into the campaign.
/// </summary>
public static class RatingDate
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static DateOnly? Of(CampaignSnapshot campaign)
    {
        var final = campaign.Steps.FirstOrDefault(s => s.Final) ?? campaign.Steps.LastOrDefault();
        return final is null ? null : Instant.FromDateTimeOffset(final.Deadline).InZone(Zone).Date.ToDateOnly();
    }
}
