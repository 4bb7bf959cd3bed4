using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>Builds inputs for a shipped preset the way a test author computes by hand.</summary>
internal static class PresetInputs
{
    public static RatingEngine Engine(string presetId, RatingOptions? options = null) => new(Presets.Get(presetId), options);

    /// <summary>
    /// Scores adding up to <paramref name="total"/> on the indicators of <paramref name="track"/> (all tracks when
    /// null): each indicator in file order gets its max until the remainder is smaller, which goes to the next
    /// one; the rest get 0. Indicators of other tracks get 0.
    /// </summary>
    public static Dictionary<string, decimal> Fill(Scheme scheme, decimal total, string? track = null)
    {
        var scores = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var left = total;
        foreach (var i in scheme.Indicators)
        {
            if (track is not null && i.Track != track)
            {
                scores[i.Id] = 0;
                continue;
            }
            var v = Math.Min(i.Max, left);
            scores[i.Id] = v;
            left -= v;
        }
        Assert.Equal(0m, left);
        return scores;
    }

    /// <summary>Binary answers: the first <paramref name="achieved"/> indicators achieved (1), the rest not (0).</summary>
    public static Dictionary<string, decimal> Achieved(Scheme scheme, int achieved) =>
        scheme.Indicators.Select((i, n) => (i.Id, Value: n < achieved ? 1m : 0m)).ToDictionary(x => x.Id, x => x.Value, StringComparer.Ordinal);

    /// <summary>The same score on every indicator.</summary>
    public static Dictionary<string, decimal> Each(Scheme scheme, decimal score) =>
        scheme.Indicators.ToDictionary(i => i.Id, _ => score, StringComparer.Ordinal);

    public static RaterSubmission By(string group, IReadOnlyDictionary<string, decimal> scores, string? rater = null, int? proposed = null) =>
        new() { Group = group, Rater = rater ?? group, Scores = scores, ProposedLevel = proposed };

    public static SubjectInput Subject(string code, IReadOnlyDictionary<string, string> scopes, params RaterSubmission[] submissions) =>
        new() { Code = code, Scopes = scopes, Submissions = submissions };

    public static Dictionary<string, string> Scope(string kind, string value) => new(StringComparer.Ordinal) { [kind] = value };

    public static BallotTally Tally(int eligible, int satisfied, int basically = 0, int dissatisfied = 0) => new()
    {
        Eligible = eligible,
        Counts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["satisfied"] = satisfied,
            ["basically-satisfied"] = basically,
            ["dissatisfied"] = dissatisfied,
        },
    };

    public static SubjectResult ResultOf(RatingRun run, string code) => Assert.Single(run.Results, r => r.Code == code);

    public static int LevelOf(RatingRun run, string code) => ResultOf(run, code).FinalLevel.Ordinal;

    public static QuotaOutcome QuotaOf(RatingRun run, string quota, string scopeValue) =>
        Assert.Single(run.Quotas, q => q.Quota == quota && q.ScopeValue == scopeValue);
}
