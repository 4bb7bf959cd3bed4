using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;

namespace BranchRating.Functions.Submissions;

/// <summary>
/// Checks a submission against the campaign's scheme before it is accepted, so a bad input is refused at once with
/// the field at fault (the engine checks the whole subject again when it scores).
/// </summary>
public static class SchemeChecks
{
    public static List<(string Field, string Reason)> Scores(Scheme scheme, string? group, RaterRole role, IReadOnlyDictionary<string, decimal>? scores, int? proposedLevel)
    {
        var errors = new List<(string, string)>();
        var rater = group is null ? scheme.RaterGroups.FirstOrDefault(g => g.Role == role) : scheme.FindGroup(group);
        if (rater is null)
        {
            errors.Add(("group", group is null ? $"The scheme has no {role.ToString().ToLowerInvariant()} rater group." : $"Unknown rater group; the scheme's groups: {string.Join(", ", scheme.RaterGroups.Select(g => g.Id))}."));
        }

        if (scores is null || scores.Count == 0)
        {
            errors.Add(("scores", "A score per indicator is required: {\"<indicator id>\": <score>}."));
        }
        else
        {
            foreach (var (id, value) in scores)
            {
                var indicator = scheme.FindIndicator(id);
                if (indicator is null) errors.Add(($"scores.{id}", "The scheme has no such indicator."));
                else if (value < 0 || value > indicator.Max) errors.Add(($"scores.{id}", $"Must be from 0 to {indicator.Max}."));
            }
        }

        if (proposedLevel is { } level && (level < 0 || level >= scheme.Levels.Count))
        {
            errors.Add(("proposedLevel", $"A level ordinal from 0 to {scheme.Levels.Count - 1}."));
        }

        return errors;
    }

    public static List<(string Field, string Reason)> Ballot(Scheme scheme, int index, BallotRequest ballot)
    {
        var errors = new List<(string, string)>();
        var prefix = $"ballots[{index}]";
        if (ballot.Choice is not null)
        {
            var rule = ballot.Ballot is null ? (scheme.Ballots.Count == 1 ? scheme.Ballots[0] : null) : scheme.FindBallot(ballot.Ballot);
            if (rule is null) errors.Add(($"{prefix}.ballot", $"Name one of the scheme's ballots: {string.Join(", ", scheme.Ballots.Select(b => b.Id))}."));
            else if (rule.Choices.All(c => c.Id != ballot.Choice)) errors.Add(($"{prefix}.choice", $"Must be one of: {string.Join(", ", rule.Choices.Select(c => c.Id))}."));
        }

        foreach (var star in ballot.ApprovedStars ?? [])
        {
            if (scheme.Stars.All(s => s.Id != star)) errors.Add(($"{prefix}.approvedStars", $"The scheme has no star '{star}'."));
        }

        if (ballot.Choice is null && (ballot.ApprovedStars is null || ballot.ApprovedStars.Count == 0))
        {
            errors.Add((prefix, "A ballot carries a choice, approved stars, or both."));
        }

        return errors;
    }

    public static List<(string Field, string Reason)> Adjustment(Scheme scheme, AdjustmentEventRequest a)
    {
        var errors = new List<(string, string)>();
        var kind = a.Kind ?? AdjustmentKinds.Event;
        if (!AdjustmentKinds.All.Contains(kind)) errors.Add(("kind", $"Must be one of: {string.Join(", ", AdjustmentKinds.All)}."));
        if (string.IsNullOrWhiteSpace(a.Type)) errors.Add(("type", "The item, flag, fact or veto type is required."));
        if (a.Count is < 1) errors.Add(("count", "At least 1 (events or persons)."));
        if (errors.Count > 0) return errors;

        switch (kind)
        {
            case AdjustmentKinds.Event:
                var item = scheme.Bonuses.Items.Concat(scheme.Deductions.Items).FirstOrDefault(i => i.Id == a.Type);
                if (item is null || item.When is not null)
                    errors.Add(("type", $"Not an event item of the scheme; its event items: {string.Join(", ", scheme.Bonuses.Items.Concat(scheme.Deductions.Items).Where(i => i.When is null).Select(i => i.Id))}."));
                else if (item.LevelPoints is { } levels && (a.Level is null || !levels.ContainsKey(a.Level)))
                    errors.Add(("level", $"For {a.Type}, one of: {string.Join(", ", levels.Keys)}."));
                break;
            case AdjustmentKinds.Fact when a.Value is null:
                errors.Add(("value", "A fact needs its numeric value."));
                break;
            case AdjustmentKinds.Veto:
                if (scheme.Veto is null || scheme.Veto.Types.All(t => t.Id != a.Type)) errors.Add(("type", "The scheme has no such veto type."));
                if (a.Date is null) errors.Add(("date", "A veto needs the date of the violation."));
                break;
        }

        return errors;
    }
}
