using BranchRating.Contracts.Campaigns;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;

namespace BranchRating.Functions.Campaigns;

public static class CampaignMapping
{
    public static CampaignResponse ToResponse(CampaignRecord c, IReadOnlyList<StepRecord> steps, PublicationPointer? publication) => new(
        c.Id, c.Name, c.SchemeId, c.SchemeVersion, c.SchemeName, c.CreatedAt,
        steps.Select(s => new StepResponse(
            s.Kind, s.Order, s.Final, s.Deadline, ShanghaiTime.Format(s.Deadline), s.State, s.ClosedAt, ShanghaiTime.Format(s.ClosedAt))).ToList(),
        publication is { Version: > 0 } p ? p.Version : null,
        $"/api/v1/campaigns/{c.Id}");
}
