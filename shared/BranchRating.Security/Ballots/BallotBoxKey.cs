using System.Text.RegularExpressions;

namespace BranchRating.Security.Ballots;

/// <summary>One ballot box: an organization's appraisal step in a campaign. It is one table partition.</summary>
public sealed partial record BallotBoxKey
{
    public BallotBoxKey(string campaignId, string step, string organizationId)
    {
        CampaignId = Check(campaignId, nameof(campaignId));
        Step = Check(step, nameof(step));
        OrganizationId = organizationId is not null && OrganizationPattern().IsMatch(organizationId)
            ? organizationId
            : throw new ArgumentException("organizationId must be 1-200 letters, digits, '.', '-' or '_'.", nameof(organizationId));
    }

    /// <summary>The box of the organization at <paramref name="organization"/> (its path with dots: <c>P01.C03.X12</c>).</summary>
    public static BallotBoxKey For(string campaignId, string step, Authorization.OrganizationPath organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return new BallotBoxKey(campaignId, step, string.Join('.', organization.Segments));
    }

    public string CampaignId { get; }

    public string Step { get; }

    public string OrganizationId { get; }

    /// <summary>The partition holding this box's unused token hashes, its ballots and its issuance record.</summary>
    public string PartitionKey => $"{CampaignId}|{Step}|{OrganizationId}";

    private static string Check(string value, string name) =>
        value is not null && IdPattern().IsMatch(value)
            ? value
            : throw new ArgumentException($"{name} must be 1-64 letters, digits, '-' or '_'.", name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,200}$")]
    private static partial Regex OrganizationPattern();
}
