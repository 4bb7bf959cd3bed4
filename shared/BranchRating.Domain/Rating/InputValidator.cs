using System.Globalization;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Checks one subject's input against the scheme; collects every error (no list is allocated when valid).</summary>
internal sealed class InputValidator(Scheme scheme, SchemePlan plan)
{
    public List<InputError>? Validate(SubjectInput input)
    {
        List<InputError>? errors = null;
        void Add(string path, string rule, string message) => (errors ??= []).Add(new InputError(path, rule, message));

        if (string.IsNullOrWhiteSpace(input.Code))
        {
            Add("$.code", "required", "A subject needs a code.");
        }
        foreach (var kind in scheme.ScopeKinds)
        {
            if (input.Scopes is null || !input.Scopes.TryGetValue(kind, out var value) || string.IsNullOrWhiteSpace(value))
            {
                Add($"$.scopes.{kind}", "required", $"The scheme computes quotas or ranks within '{kind}'; the subject must name its {kind}.");
            }
        }
        ValidateSubmissions(input, Add);
        ValidateBallots(input, Add);
        ValidateStarVotes(input, Add);
        ValidateEvents(input, Add);
        ValidateVetoes(input, Add);
        return errors;
    }

    private void ValidateSubmissions(SubjectInput input, Action<string, string, string> add)
    {
        var submissions = input.Submissions ?? [];
        for (var s = 0; s < submissions.Count; s++)
        {
            var sub = submissions[s];
            var path = $"$.submissions[{s}]";
            if (sub is null)
            {
                add(path, "required", "A submission must not be null.");
                continue;
            }
            var group = scheme.FindGroup(sub.Group ?? "");
            if (group is null)
            {
                add($"{path}.group", "reference", $"No rater group '{sub.Group}' in scheme {scheme.Id}; groups: {string.Join(", ", scheme.RaterGroups.Select(g => g.Id))}.");
                continue;
            }
            if (group.Source == RaterSource.Ballot)
            {
                add($"{path}.group", "not-applicable", $"Group '{group.Id}' is scored from ballot '{group.Ballot}', not by submissions.");
                continue;
            }
            if (sub.Rater is not null)
            {
                for (var t = 0; t < s; t++)
                {
                    if (submissions[t] is { } other && other.Group == sub.Group && other.Rater == sub.Rater)
                    {
                        add($"{path}.rater", "unique", $"Rater '{sub.Rater}' of group '{sub.Group}' submitted twice (also $.submissions[{t}]).");
                    }
                }
            }
            if (sub.ProposedLevel is { } p)
            {
                if (!group.ProposesLevel)
                {
                    add($"{path}.proposedLevel", "not-applicable", $"Group '{group.Id}' does not propose a level.");
                }
                else if (p < 0 || p >= scheme.Levels.Count)
                {
                    add($"{path}.proposedLevel", "range", $"Level {p} does not exist; levels are 0 … {scheme.Levels.Count - 1}.");
                }
            }
            var scores = sub.Scores ?? EmptyMaps.Facts;
            foreach (var (id, value) in scores)
            {
                var ind = scheme.FindIndicator(id);
                if (ind is null)
                {
                    add($"{path}.scores.{id}", "reference", $"No indicator '{id}' in scheme {scheme.Id}.");
                    continue;
                }
                ValidateScore(ind, value, $"{path}.scores.{id}", add);
            }
            if (scores.Count < scheme.Indicators.Count)
            {
                foreach (var ind in scheme.Indicators)
                {
                    if (!scores.ContainsKey(ind.Id))
                    {
                        add($"{path}.scores.{ind.Id}", "required", $"Every submission must score every indicator; '{ind.Id}' is missing.");
                    }
                }
            }
        }
    }

    private static void ValidateScore(Indicator ind, decimal value, string path, Action<string, string, string> add)
    {
        switch (ind.Kind)
        {
            case IndicatorKind.Binary when value is not (0m or 1m):
                add(path, "binary", $"'{ind.Id}' is achieved (1) or not (0); {Text(value)} given.");
                break;
            case IndicatorKind.Rank when value < 1 || decimal.Truncate(value) != value:
                add(path, "rank", $"'{ind.Id}' takes a rank 1, 2, …; {Text(value)} given.");
                break;
            case IndicatorKind.Scored when value < 0 || value > ind.Max:
                add(path, "range", $"'{ind.Id}' is scored 0 … {Text(ind.Max)}; {Text(value)} given.");
                break;
        }
    }

    private void ValidateBallots(SubjectInput input, Action<string, string, string> add)
    {
        var ballots = input.Ballots ?? EmptyMaps.Ballots;
        foreach (var (id, tally) in ballots)
        {
            var path = $"$.ballots.{id}";
            var rule = scheme.FindBallot(id);
            if (rule is null)
            {
                add(path, "reference", $"No ballot '{id}' in scheme {scheme.Id}.");
                continue;
            }
            if (tally is null)
            {
                add(path, "required", "A ballot tally must not be null.");
                continue;
            }
            long valid = 0;
            foreach (var (choice, count) in tally.Counts ?? EmptyMaps.Counts)
            {
                if (!rule.Choices.Any(c => c.Id == choice))
                {
                    add($"{path}.counts.{choice}", "reference", $"Ballot '{id}' has no choice '{choice}'; choices: {string.Join(", ", rule.Choices.Select(c => c.Id))}.");
                }
                if (count < 0)
                {
                    add($"{path}.counts.{choice}", "range", $"A count cannot be negative ({count}).");
                }
                valid += count;
            }
            if (valid == 0)
            {
                add($"{path}.counts", "required", $"Ballot '{id}' has no valid ballots; a satisfaction rate cannot be computed.");
            }
            if (tally.Eligible <= 0)
            {
                add($"{path}.eligible", "range", $"The eligible base must be positive ({tally.Eligible}).");
            }
            else if (valid > tally.Eligible)
            {
                add($"{path}.eligible", "consistency", $"{valid} valid ballots exceed the {tally.Eligible} eligible.");
            }
        }
        foreach (var needed in plan.RequiredBallots)
        {
            if (!ballots.ContainsKey(needed))
            {
                add($"$.ballots.{needed}", "required", $"Scheme {scheme.Id} uses ballot '{needed}' (satisfaction rules); the input has no tally for it.");
            }
        }
    }

    private void ValidateStarVotes(SubjectInput input, Action<string, string, string> add)
    {
        foreach (var (id, vote) in input.StarVotes ?? EmptyMaps.StarVotes)
        {
            var path = $"$.starVotes.{id}";
            var star = scheme.Stars.FirstOrDefault(s => s.Id == id);
            if (star is null || star.Earn.By != StarEarnBy.Vote)
            {
                add(path, "reference", $"Scheme {scheme.Id} has no star '{id}' earned by vote.");
                continue;
            }
            if (vote is null || vote.Approve < 0 || vote.Total <= 0 || vote.Approve > vote.Total)
            {
                add(path, "range", $"A star vote needs 0 ≤ approve ≤ total and total > 0 ({vote?.Approve} of {vote?.Total}).");
            }
        }
    }

    private void ValidateEvents(SubjectInput input, Action<string, string, string> add)
    {
        var events = input.Events ?? [];
        for (var e = 0; e < events.Count; e++)
        {
            var ev = events[e];
            var path = $"$.events[{e}]";
            if (ev is null)
            {
                add(path, "required", "An event must not be null.");
                continue;
            }
            if (ev.Count < 0)
            {
                add($"{path}.count", "range", $"An event count cannot be negative ({ev.Count}).");
            }
            var item = plan.FindAdjustment(ev.Type ?? "");
            if (item is null)
            {
                if (!plan.CountedEvents.Contains(ev.Type ?? ""))
                {
                    add($"{path}.type", "reference", $"Scheme {scheme.Id} has no bonus or deduction item '{ev.Type}' and no rule counting it.");
                }
                continue;
            }
            if (item.When is not null)
            {
                add($"{path}.type", "not-applicable", $"Item '{item.Id}' applies by its condition, not by events.");
            }
            else if (item.LevelPoints is { } levels)
            {
                if (ev.Level is null || !levels.ContainsKey(ev.Level))
                {
                    add($"{path}.level", "reference", $"Item '{item.Id}' needs a level: {string.Join(", ", levels.Keys)}; '{ev.Level}' given.");
                }
            }
            else if (ev.Level is not null)
            {
                add($"{path}.level", "not-applicable", $"Item '{item.Id}' counts events; it has no levels.");
            }
        }
    }

    private void ValidateVetoes(SubjectInput input, Action<string, string, string> add)
    {
        var vetoes = input.Vetoes ?? [];
        for (var v = 0; v < vetoes.Count; v++)
        {
            var veto = vetoes[v];
            if (veto is null || scheme.Veto is null || !scheme.Veto.Types.Any(t => t.Id == veto.Type))
            {
                var known = scheme.Veto is null ? "the scheme has no veto" : "types: " + string.Join(", ", scheme.Veto.Types.Select(t => t.Id));
                add($"$.vetoes[{v}].type", "reference", $"'{veto?.Type}' is not a veto type of scheme {scheme.Id} ({known}).");
            }
        }
    }

    private static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
