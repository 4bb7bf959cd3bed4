using System.Text.Json;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Submissions;

namespace BranchRating.Functions.Scoring;

/// <summary>
/// Builds the engine's <see cref="SubjectInput"/> from what is stored about one organization: the submitted
/// self-assessment and the reviews (rater submissions), ballot tallies and star votes (eligible = member count),
/// and adjustments (events, flags, facts, vetoes). A draft self-assessment is not an input.
/// </summary>
public static class SubjectInputBuilder
{
    public static SubjectInput Build(Scheme scheme, SubjectData data)
    {
        var o = data.Organization;
        var raters = new List<RaterSubmission>();
        var events = new List<AdjustmentEvent>();
        var flags = new List<string>();
        var facts = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var vetoes = new List<VetoEvent>();
        foreach (var s in data.Submissions.OrderBy(s => s.ReceivedAt))
        {
            switch (s.Kind)
            {
                case SubmissionRecord.Self when s.State == SubmissionRecord.Submitted:
                    var self = Read<SelfAssessmentRequest>(s.Data);
                    raters.Add(new RaterSubmission { Group = GroupOf(scheme, RaterRole.Self), Rater = "self", Scores = self.Scores ?? new Dictionary<string, decimal>(), ProposedLevel = self.ProposedLevel });
                    break;
                case SubmissionRecord.Review:
                    var review = Read<SuperiorReviewRequest>(s.Data);
                    raters.Add(new RaterSubmission { Group = review.Group ?? GroupOf(scheme, RaterRole.Superior), Rater = review.Reviewer, Scores = review.Scores ?? new Dictionary<string, decimal>(), ProposedLevel = review.ProposedLevel });
                    break;
                case SubmissionRecord.Adjustment:
                    var a = Read<AdjustmentEventRequest>(s.Data);
                    switch (a.Kind ?? AdjustmentKinds.Event)
                    {
                        case AdjustmentKinds.Event: events.Add(new AdjustmentEvent { Type = a.Type!, Count = a.Count ?? 1, Level = a.Level }); break;
                        case AdjustmentKinds.Flag: flags.Add(a.Type!); break;
                        case AdjustmentKinds.Fact: facts[a.Type!] = a.Value ?? 0; break;
                        case AdjustmentKinds.Veto: vetoes.Add(new VetoEvent { Type = a.Type!, Date = a.Date ?? default }); break;
                    }

                    break;
            }
        }

        return new SubjectInput
        {
            Code = o.Code,
            Scopes = scheme.ScopeKinds.ToDictionary(k => k, k => ScopeValue(o, k)),
            Submissions = raters,
            Ballots = Tallies(scheme, data),
            StarVotes = StarVotes(data.Ballots),
            Events = events,
            Flags = flags.Distinct().ToList(),
            Facts = facts,
            Vetoes = vetoes,
        };
    }

    public static string ScopeValue(OrganizationRecord o, string kind) => kind switch
    {
        "county" => o.County,
        "region" => o.Region,
        "field" => o.Field,
        _ => Scheme.AllScope,
    };

    /// <summary>The scheme's group of a role (the first one when several), e.g. the self group for self-assessments.</summary>
    public static string GroupOf(Scheme scheme, RaterRole role) => scheme.RaterGroups.FirstOrDefault(g => g.Role == role)?.Id ?? role.ToString().ToLowerInvariant();

    private static Dictionary<string, BallotTally> Tallies(Scheme scheme, SubjectData data)
    {
        var single = scheme.Ballots.Count == 1 ? scheme.Ballots[0].Id : null;
        return data.Ballots.Where(b => b.Choice is not null && (b.Ballot ?? single) is not null)
            .GroupBy(b => (b.Ballot ?? single)!)
            .ToDictionary(g => g.Key, g => new BallotTally
            {
                Eligible = Math.Max(data.Organization.MemberCount, g.Count()),
                Counts = g.GroupBy(b => b.Choice!).ToDictionary(c => c.Key, c => c.Count()),
            });
    }

    private static Dictionary<string, StarVote> StarVotes(IReadOnlyList<BallotRecord> ballots)
    {
        var voting = ballots.Where(b => b.ApprovedStars.Count > 0 || b.Choice is null).ToList();
        return voting.SelectMany(b => b.ApprovedStars).Distinct().ToDictionary(
            star => star, star => new StarVote { Approve = voting.Count(b => b.ApprovedStars.Contains(star)), Total = voting.Count });
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, RatingAdapter.Json)!;
}
