using System.Collections.Concurrent;
using System.Text.Json;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Functions.Scoring;

/// <summary>
/// The one place the pipeline meets the rating engine: parses schemes (cached by their JSON), builds the engine's
/// input from stored submissions, scores, ranks, and serializes the engine's records for storage.
/// </summary>
public sealed class RatingAdapter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<(string Json, DateOnly? AsOf), (Scheme Scheme, RatingEngine Engine)> _schemes = new();

    public IReadOnlyList<string> PresetIds => Presets.Available;

    public string? PresetJson(string id) => Presets.Available.Contains(id) ? Presets.GetJson(id) : null;

    public (SchemeSummary? Scheme, IReadOnlyList<RatingError> Errors) ParseScheme(string json)
    {
        var parsed = SchemeLoader.Parse(json);
        return parsed.Scheme is { } s
            ? (new SchemeSummary(s.Id, s.Version, s.Name), [])
            : (null, parsed.Errors.Select(e => new RatingError(e.Path, e.Rule, e.Message)).ToList());
    }

    public Scheme Scheme(string schemeJson) => Load(schemeJson).Scheme;

    /// <summary>
    /// Steps (a)–(d) for one subject; the engine's SubjectScore as JSON. <paramref name="asOf"/> is the rating date
    /// (<see cref="RatingOptions.AsOf"/>): a veto counts only within the scheme's bar before it; null counts every veto.
    /// </summary>
    public string Score(string schemeJson, SubjectData data, DateOnly? asOf = null)
    {
        var (scheme, engine) = Load(schemeJson, asOf);
        try
        {
            return JsonSerializer.Serialize(engine.Score(SubjectInputBuilder.Build(scheme, data)), Json);
        }
        catch (RatingInputException e)
        {
            throw new RatingInputRefusedException(e.Errors.Select(x => new RatingError(x.Path, x.Rule, x.Message)).ToList());
        }
    }

    /// <summary>A stored score (JSON of <see cref="Score"/>) read back for ranking.</summary>
    public static SubjectScore ReadScore(string scoreJson) => JsonSerializer.Deserialize<SubjectScore>(scoreJson, Json)!;

    /// <summary>
    /// Steps (e)–(f) over every stored score (read with <see cref="ReadScore"/>): quotas and ranks, deterministic whatever the
    /// order of the input; each result is serialized on its own (in parallel: the results do not share state).
    /// </summary>
    public IReadOnlyList<RankedSubject> Rank(string schemeJson, IReadOnlyList<SubjectScore> scores)
    {
        var (_, engine) = Load(schemeJson);
        var run = engine.Rank(scores);
        return run.Results.AsParallel().AsOrdered().Select(r => new RankedSubject(
            r.Code, r.Totals.Final, r.FinalLevel.Ordinal, r.FinalLevel.Label,
            r.Ranks.GroupBy(x => x.Scope).ToDictionary(g => g.Key, g => g.First().Rank),
            JsonSerializer.Serialize(r, Json))).ToList();
    }

    private (Scheme Scheme, RatingEngine Engine) Load(string schemeJson, DateOnly? asOf = null) =>
        _schemes.GetOrAdd((schemeJson, asOf), static key =>
        {
            var scheme = SchemeLoader.Load(key.Json);
            return (scheme, new RatingEngine(scheme, new RatingOptions { AsOf = key.AsOf }));
        });
}
