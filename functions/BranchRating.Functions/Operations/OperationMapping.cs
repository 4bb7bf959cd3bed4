using BranchRating.Contracts.Operations;
using BranchRating.Storage.Operations;

namespace BranchRating.Functions.Operations;

public static class OperationMapping
{
    public static OperationResponse ToResponse(OperationRecord o) => new(
        o.Id, o.CampaignId, o.Kind, o.Status, o.Done, o.Total, o.Version, o.Detail, o.CreatedAt, o.CompletedAt, Publications.StatusUrl(o.CampaignId, o.Id));
}
