using BranchRating.Contracts.Submissions;

namespace BranchRating.Functions.Submissions;

/// <summary>Shape checks of scored submissions; whether each indicator exists and fits its maximum is the engine's check at scoring.</summary>
public static class ScoreValidation
{
    public static List<(string Field, string Reason)> Check(IReadOnlyDictionary<string, decimal>? scores, int? proposedLevel)
    {
        var errors = new List<(string, string)>();
        if (scores is null || scores.Count == 0)
        {
            errors.Add(("scores", "A score per indicator is required: {\"<indicator id>\": <score>}."));
        }
        else
        {
            errors.AddRange(scores.Where(s => s.Value < 0).Select(s => ($"scores.{s.Key}", "A score cannot be negative.")));
            errors.AddRange(scores.Keys.Where(k => string.IsNullOrWhiteSpace(k) || k.Length > 100).Select(k => ($"scores", $"Indicator id '{k}' is not valid.")));
        }

        if (proposedLevel is < 0 or > 20)
        {
            errors.Add(("proposedLevel", "A level ordinal from 0 (lowest) upward is expected."));
        }

        return errors;
    }

    public static List<(string Field, string Reason)> Check(SelfAssessmentRequest request) => Check(request.Scores, request.ProposedLevel);
}
