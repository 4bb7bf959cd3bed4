using System.Globalization;
using System.Runtime.CompilerServices;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Checks one subject's input against the scheme; collects every error (no list is allocated when valid).</summary>
internal sealed class InputValidator(Scheme scheme, SchemePlan plan)
{
    /// <summary>
    /// Validates; fills <paramref name="entries"/>[submission × indicators + indicator] with each submitted entry and
    /// <paramref name="tallies"/> (zeroed, <see cref="SchemePlan.TallyStart"/>) with each ballot's counts, so the scorer
    /// reads every score and count once. <paramref name="submissions"/>: the input's submissions (see
    /// <see cref="SubjectScorer"/>).
    /// </summary>
    public List<InputError>? Validate(SubjectInput input, ReadOnlySpan<RaterSubmission> submissions, decimal[] entries, Span<int> tallies)
    {
        List<InputError>? errors = null;

        if (string.IsNullOrWhiteSpace(input.Code))
        {
            Add(ref errors, "$.code", "required", "A subject needs a code.");
        }
        var kinds = scheme.ScopeKinds.Span();
        for (var k = 0; k < kinds.Length; k++)
        {
            var kind = kinds[k];
            if (input.Scopes is null || !plan.ScopeKindIds.TryGetIn(input.Scopes, k, out var value) || string.IsNullOrWhiteSpace(value))
            {
                Add(ref errors, $"$.scopes.{kind}", "required", $"The scheme computes quotas or ranks within '{kind}'; the subject must name its {kind}.");
            }
        }
        ValidateSubmissions(submissions, entries, ref errors);
        ValidateBallots(input, tallies, ref errors);
        ValidateStarVotes(input, ref errors);
        ValidateEvents(input, ref errors);
        ValidateVetoes(input, ref errors);
        return errors;
    }

    private static void Add(ref List<InputError>? errors, string path, string rule, string message) =>
        (errors ??= []).Add(new InputError(path, rule, message));

    private void ValidateSubmissions(ReadOnlySpan<RaterSubmission> submissions, decimal[] entries, ref List<InputError>? errors)
    {
        for (var s = 0; s < submissions.Length; s++)
        {
            var sub = submissions[s];
            if (sub is null)
            {
                Add(ref errors, Sub(s), "required", "A submission must not be null.");
                continue;
            }
            var groupIndex = plan.GroupIds.IndexOf(sub.Group);
            var group = groupIndex < 0 ? null : plan.Groups[groupIndex];
            if (group is null)
            {
                Add(ref errors, $"{Sub(s)}.group", "reference", $"No rater group '{sub.Group}' in scheme {scheme.Id}; groups: {string.Join(", ", scheme.RaterGroups.Select(g => g.Id))}.");
                continue;
            }
            if (group.Source == RaterSource.Ballot)
            {
                Add(ref errors, $"{Sub(s)}.group", "not-applicable", $"Group '{group.Id}' is scored from ballot '{group.Ballot}', not by submissions.");
                continue;
            }
            if (sub.Rater is not null)
            {
                for (var t = 0; t < s; t++)
                {
                    if (submissions[t] is { } other && other.Group == sub.Group && other.Rater == sub.Rater)
                    {
                        Add(ref errors, $"{Sub(s)}.rater", "unique", $"Rater '{sub.Rater}' of group '{sub.Group}' submitted twice (also $.submissions[{t}]).");
                    }
                }
            }
            if (sub.ProposedLevel is { } p)
            {
                if (!group.ProposesLevel)
                {
                    Add(ref errors, $"{Sub(s)}.proposedLevel", "not-applicable", $"Group '{group.Id}' does not propose a level.");
                }
                else if (p < 0 || p >= scheme.Levels.Count)
                {
                    Add(ref errors, $"{Sub(s)}.proposedLevel", "range", $"Level {p} does not exist; levels are 0 … {scheme.Levels.Count - 1}.");
                }
            }
            var scores = sub.Scores ?? EmptyMaps.Facts;
            var width = plan.Indicators.Length;
            var row = entries.AsSpan(s * width, width);
            bool within;
            if (scores is IndicatorScores ordered && plan.IsSchemeOrder(ordered.Order))
            {
                // Fastest path: values already in the scheme's indicator order, copied in one step.
                ordered.Values.CopyTo(row);
                within = WithinMaxima(row);
            }
            else if (scores is not Dictionary<string, decimal> map || map.Count != width || !IsOrdinal(map.Comparer)
                || !ReadAll(map, row, out within))
            {
                ValidateScores(scores, s, entries, ref errors);
                continue;
            }
            // Both fast paths read exactly the scheme's indicators (a dictionary in one pass, without hashing every id
            // twice); the values are checked against the maxima as scaled integers, and one by one only when that fails.
            if (!within)
            {
                for (var i = 0; i < width; i++)
                {
                    ValidateScore(plan.Indicators[i], row[i], s, ref errors);
                }
            }
        }
    }

    /// <summary>
    /// Maps each entry to its indicator slot; false when an id is unknown (the slow path reports it). Entries are
    /// usually in scheme order, so the k-th id is first compared with the k-th indicator's (the same string
    /// instance in code-built inputs) and looked up only when it differs. <paramref name="within"/>: what
    /// <see cref="WithinMaxima"/> would say of the slots, checked as each value is read.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // kept out of ValidateSubmissions, whose error paths take the registers
    private bool ReadAll(Dictionary<string, decimal> map, Span<decimal> slots, out bool within)
    {
        var expected = plan.ExpectedIds;
        var maxima = plan.MaxScaled;
        within = plan.AllScored && maxima.Length == slots.Length;
        var k = 0;
        foreach (var (id, value) in map)
        {
            var i = k;
            if (k >= expected.Length || !ReferenceEquals(expected[k], id))
            {
                if (k < expected.Length && string.Equals(expected[k], id, StringComparison.Ordinal))
                {
                    expected[k] = id;
                }
                else if (!plan.IndicatorIndex.TryGetValue(id, out i))
                {
                    return false;
                }
            }
            slots[i] = value;
            if (within && !(DecimalBits.TryScaled(in value, out var scaled) && scaled >= 0 && scaled <= maxima[i]))
            {
                within = false;
            }
            k++;
        }
        return true;
    }

    /// <summary>
    /// Whether a dictionary's keys are distinct as ordinal strings (its comparer is the default or ordinal one), so
    /// that a fast path that maps each key to a slot fills as many slots as there are keys. A finer comparer (by
    /// reference, say) could hold one id twice and leave another slot unfilled: such a map takes the full check.
    /// </summary>
    private static bool IsOrdinal(IEqualityComparer<string> comparer) =>
        ReferenceEquals(comparer, EqualityComparer<string>.Default) || ReferenceEquals(comparer, StringComparer.Ordinal);

    /// <summary>Whether every entry is a scored indicator's 0 … max, compared as scaled integers (false: check each fully).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // as ReadAll
    private bool WithinMaxima(ReadOnlySpan<decimal> row)
    {
        var maxima = plan.MaxScaled;
        if (!plan.AllScored || maxima.Length != row.Length)
        {
            return false;
        }
        for (var i = 0; i < row.Length; i++)
        {
            if (!DecimalBits.TryScaled(in row[i], out var scaled) || scaled < 0 || scaled > maxima[i])
            {
                return false;
            }
        }
        return true;
    }

    private void ValidateScores(IReadOnlyDictionary<string, decimal> scores, int s, decimal[] entries, ref List<InputError>? errors)
    {
        var indicators = plan.Indicators;
        var found = 0;
        for (var i = 0; i < indicators.Length; i++)
        {
            var ind = indicators[i];
            if (scores.TryGetValue(ind.Id, out var value))
            {
                found++;
                ValidateScore(ind, value, s, ref errors);
                entries[s * indicators.Length + i] = value;
            }
            else
            {
                Add(ref errors, $"{Sub(s)}.scores.{ind.Id}", "required", $"Every submission must score every indicator; '{ind.Id}' is missing.");
            }
        }
        if (found != scores.Count)
        {
            foreach (var id in scores.Keys)
            {
                if (!plan.IndicatorIndex.ContainsKey(id))
                {
                    Add(ref errors, $"{Sub(s)}.scores.{id}", "reference", $"No indicator '{id}' in scheme {scheme.Id}.");
                }
            }
        }
    }

    private static string Sub(int s) => $"$.submissions[{s}]";

    private static void ValidateScore(Indicator ind, decimal value, int submission, ref List<InputError>? errors)
    {
        var valid = ind.Kind switch
        {
            IndicatorKind.Binary => value is 0m or 1m,
            IndicatorKind.Rank => value >= 1 && decimal.Truncate(value) == value,
            _ => value >= 0 && value <= ind.Max,
        };
        if (valid)
        {
            return;
        }
        var path = $"{Sub(submission)}.scores.{ind.Id}";
        switch (ind.Kind)
        {
            case IndicatorKind.Binary when value is not (0m or 1m):
                Add(ref errors, path, "binary", $"'{ind.Id}' is achieved (1) or not (0); {Text(value)} given.");
                break;
            case IndicatorKind.Rank when value < 1 || decimal.Truncate(value) != value:
                Add(ref errors, path, "rank", $"'{ind.Id}' takes a rank 1, 2, …; {Text(value)} given.");
                break;
            case IndicatorKind.Scored when value < 0 || value > ind.Max:
                Add(ref errors, path, "range", $"'{ind.Id}' is scored 0 … {Text(ind.Max)}; {Text(value)} given.");
                break;
        }
    }

    private void ValidateBallots(SubjectInput input, Span<int> tallies, ref List<InputError>? errors)
    {
        var ballots = input.Ballots ?? EmptyMaps.Ballots;
        var matched = 0;
        var present = 0UL; // bit b: the input has a tally (maybe null) for ballot b
        foreach (var rule in plan.Ballots)
        {
            if (!plan.BallotIds.TryGetIn(ballots, rule.Index, out var tally))
            {
                continue;
            }
            matched++;
            present |= rule.Index < 64 ? 1UL << rule.Index : 0;
            var id = rule.Id;
            if (tally is null)
            {
                Add(ref errors, $"$.ballots.{id}", "required", "A ballot tally must not be null.");
                continue;
            }
            long valid = 0;
            var counts = tally.Counts ?? EmptyMaps.Counts;
            var known = 0;
            var at = plan.TallyStart[rule.Index];
            tallies[at] = 1;
            tallies[at + 1] = tally.Eligible;
            var choices = rule.Choices.Span();
            if (counts is Dictionary<string, int> map && map.Count == choices.Length && IsOrdinal(map.Comparer)
                && ReadCounts(map, rule.Index, tallies.Slice(at + 2, choices.Length), out valid))
            {
                // Fast path: exactly the ballot's choices, none negative, read in one pass.
                known = choices.Length;
                choices = default;
            }
            for (var c = 0; c < choices.Length; c++)
            {
                if (counts.TryGet(choices[c].Id, out var count))
                {
                    tallies[at + 2 + c] = count;
                    known++;
                    valid += count;
                    if (count < 0)
                    {
                        Add(ref errors, $"$.ballots.{id}.counts.{choices[c].Id}", "range", $"A count cannot be negative ({count}).");
                    }
                }
            }
            if (known != counts.Count)
            {
                foreach (var choice in counts.Keys)

                {
                    if (!rule.Choices.Any(c => c.Id == choice))
                    {
                        Add(ref errors, $"$.ballots.{id}.counts.{choice}", "reference", $"Ballot '{id}' has no choice '{choice}'; choices: {string.Join(", ", rule.Choices.Select(c => c.Id))}.");
                    }
                }
            }
            if (valid == 0)
            {
                Add(ref errors, $"$.ballots.{id}.counts", "required", $"Ballot '{id}' has no valid ballots; a satisfaction rate cannot be computed.");
            }
            if (tally.Eligible <= 0)
            {
                Add(ref errors, $"$.ballots.{id}.eligible", "range", $"The eligible base must be positive ({tally.Eligible}).");
            }
            else if (valid > tally.Eligible)
            {
                Add(ref errors, $"$.ballots.{id}.eligible", "consistency", $"{valid} valid ballots exceed the {tally.Eligible} eligible.");
            }
        }
        if (matched != ballots.Count)
        {
            foreach (var id in ballots.Keys)
            {
                if (scheme.FindBallot(id) is null)
                {
                    Add(ref errors, $"$.ballots.{id}", "reference", $"No ballot '{id}' in scheme {scheme.Id}.");
                }
            }
        }
        foreach (var needed in (plan.RequiredBallots).Span())
        {
            var b = plan.BallotIds.IndexOf(needed);
            var found = b is >= 0 and < 64 ? (present & (1UL << b)) != 0 : ballots.TryGet(needed, out _);
            if (!found)
            {
                Add(ref errors, $"$.ballots.{needed}", "required", $"Scheme {scheme.Id} uses ballot '{needed}' (satisfaction rules); the input has no tally for it.");
            }
        }
    }

    /// <summary>
    /// Reads every count into its choice's slot when the keys are exactly the ballot's choices and no count is
    /// negative (else false: the full check reports what is wrong); keys usually come in scheme order.
    /// </summary>
    private bool ReadCounts(Dictionary<string, int> map, int ballot, Span<int> slots, out long valid)
    {
        var ids = plan.ChoiceIds[ballot];
        valid = 0;
        var k = 0;
        foreach (var (id, count) in map)
        {
            var c = k < ids.Count && ids.Is(k, id) ? k : ids.IndexOf(id);
            if (c < 0 || count < 0)
            {
                slots.Clear();
                valid = 0;
                return false;
            }
            slots[c] = count;
            valid += count;
            k++;
        }
        return true;
    }

    private void ValidateStarVotes(SubjectInput input, ref List<InputError>? errors)
    {
        if (input.StarVotes is not { Count: > 0 } votes)
        {
            return;
        }
        foreach (var (id, vote) in votes)

        {
            var path = $"$.starVotes.{id}";
            var star = scheme.Stars.FirstOrDefault(s => s.Id == id);
            if (star is null || star.Earn.By != StarEarnBy.Vote)
            {
                Add(ref errors, path, "reference", $"Scheme {scheme.Id} has no star '{id}' earned by vote.");
                continue;
            }
            if (vote is null || vote.Approve < 0 || vote.Total <= 0 || vote.Approve > vote.Total)
            {
                Add(ref errors, path, "range", $"A star vote needs 0 ≤ approve ≤ total and total > 0 ({vote?.Approve} of {vote?.Total}).");
            }
        }
    }

    private void ValidateEvents(SubjectInput input, ref List<InputError>? errors)
    {
        var events = input.Events ?? [];
        for (var e = 0; e < events.Count; e++)
        {
            var ev = events[e];
            if (ev is null)
            {
                Add(ref errors, $"$.events[{e}]", "required", "An event must not be null.");
                continue;
            }
            if (ev.Count < 0)
            {
                Add(ref errors, $"$.events[{e}].count", "range", $"An event count cannot be negative ({ev.Count}).");
            }
            var item = plan.FindAdjustment(ev.Type ?? "");
            if (item is null)
            {
                if (!plan.CountedEvents.Contains(ev.Type ?? ""))
                {
                    Add(ref errors, $"$.events[{e}].type", "reference", $"Scheme {scheme.Id} has no bonus or deduction item '{ev.Type}' and no rule counting it.");
                }
                continue;
            }
            if (item.When is not null)
            {
                Add(ref errors, $"$.events[{e}].type", "not-applicable", $"Item '{item.Id}' applies by its condition, not by events.");
            }
            else if (item.LevelPoints is { } levels)
            {
                if (ev.Level is null || !levels.ContainsKey(ev.Level))
                {
                    Add(ref errors, $"$.events[{e}].level", "reference", $"Item '{item.Id}' needs a level: {string.Join(", ", levels.Keys)}; '{ev.Level}' given.");
                }
            }
            else if (ev.Level is not null)
            {
                Add(ref errors, $"$.events[{e}].level", "not-applicable", $"Item '{item.Id}' counts events; it has no levels.");
            }
        }
    }

    private void ValidateVetoes(SubjectInput input, ref List<InputError>? errors)
    {
        var vetoes = input.Vetoes ?? [];
        for (var v = 0; v < vetoes.Count; v++)
        {
            var veto = vetoes[v];
            if (veto is null || scheme.Veto is null || !scheme.Veto.Types.Any(t => t.Id == veto.Type))
            {
                var known = scheme.Veto is null ? "the scheme has no veto" : "types: " + string.Join(", ", scheme.Veto.Types.Select(t => t.Id));
                Add(ref errors, $"$.vetoes[{v}].type", "reference", $"'{veto?.Type}' is not a veto type of scheme {scheme.Id} ({known}).");
            }
        }
    }

    private static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
