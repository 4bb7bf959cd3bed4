using System.Text.Json.Nodes;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Tests.Support;

/// <summary>Inputs for the anyang-100 scheme, built from a total the way a test author computes by hand.</summary>
internal static class Anyang
{
    public static Scheme Scheme => Presets.Get("anyang-100");

    public static RatingEngine Engine(RatingOptions? options = null) => new(Scheme, options);

    public static readonly string[] Indicators =
        ["organization", "rules", "bastion", "vanguard", "service-satisfaction", "leading-role", "discipline", "facilities", "execution", "mass-base"];

    /// <summary>Scores adding up to <paramref name="total"/>: 10 on the first indicators, the remainder on the next, then 0.</summary>
    public static Dictionary<string, decimal> Scores(decimal total)
    {
        var scores = new Dictionary<string, decimal>();
        var left = total;
        foreach (var id in Indicators)
        {
            var v = Math.Min(10m, left);
            scores[id] = v;
            left -= v;
        }
        return scores;
    }

    public static SubjectInput Subject(
        string code,
        decimal superior,
        decimal? self = null,
        string county = "C01",
        int satisfied = 40,
        int basically = 0,
        int dissatisfied = 0,
        int eligible = 40,
        int? proposed = null,
        IReadOnlyList<AdjustmentEvent>? events = null,
        IReadOnlyList<string>? flags = null,
        IReadOnlyDictionary<string, decimal>? facts = null) => new()
    {
        Code = code,
        Scopes = new Dictionary<string, string> { ["county"] = county },
        Submissions =
        [
            new RaterSubmission { Group = "self", Rater = "committee", Scores = Scores(self ?? superior), ProposedLevel = proposed },
            new RaterSubmission { Group = "superior", Rater = "team", Scores = Scores(superior) },
        ],
        Ballots = new Dictionary<string, BallotTally>
        {
            ["members"] = new()
            {
                Eligible = eligible,
                Counts = new Dictionary<string, int> { ["satisfied"] = satisfied, ["basically-satisfied"] = basically, ["dissatisfied"] = dissatisfied },
            },
        },
        Events = events ?? [],
        Flags = flags ?? [],
        Facts = facts ?? new Dictionary<string, decimal>(),
    };

    public static AdjustmentEvent Event(string type, int count = 1, string? level = null) => new() { Type = type, Count = count, Level = level };

    /// <summary>anyang-100 as a mutable JSON tree, to derive test schemes from the reference format.</summary>
    public static JsonObject Json() => JsonNode.Parse(Presets.GetJson("anyang-100"))!.AsObject();

    public static Scheme Load(JsonObject json) => SchemeLoader.Load(json.ToJsonString());

    public static SubjectResult Only(RatingRun run) => Assert.Single(run.Results);
}
