using System.Text;
using System.Text.Json;

namespace BranchRating.Security.Ballots;

/// <summary>
/// The count of a box recomputed from its stored ballots ("当场唱票": counting must be reproducible): ballots per
/// rater group, and per question how many chose each option. <see cref="ToCanonicalJson"/> is what is published
/// and compared.
/// </summary>
public sealed class BallotTally
{
    private BallotTally(SortedDictionary<string, int> participation, SortedDictionary<string, SortedDictionary<string, int>> answers)
    {
        Participation = participation;
        Answers = answers;
    }

    public IReadOnlyDictionary<string, int> Participation { get; }

    public IReadOnlyDictionary<string, SortedDictionary<string, int>> Answers { get; }

    public int Total => Participation.Values.Sum();

    public static BallotTally Recount(IEnumerable<StoredBallot> ballots)
    {
        ArgumentNullException.ThrowIfNull(ballots);
        var participation = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var answers = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var ballot in ballots)
        {
            var group = ballot.Group.ToString();
            participation[group] = participation.GetValueOrDefault(group) + 1;
            foreach (var (question, option) in BallotContent.FromCanonicalJson(ballot.ContentJson).Answers)
            {
                if (!answers.TryGetValue(question, out var options))
                {
                    answers[question] = options = new SortedDictionary<string, int>(StringComparer.Ordinal);
                }

                options[option] = options.GetValueOrDefault(option) + 1;
            }
        }

        return new BallotTally(participation, answers);
    }

    public int Count(string question, string option) =>
        Answers.TryGetValue(question, out var options) ? options.GetValueOrDefault(option) : 0;

    public string ToCanonicalJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("participation");
            foreach (var (group, n) in Participation)
            {
                writer.WriteNumber(group, n);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("answers");
            foreach (var (question, options) in Answers)
            {
                writer.WriteStartObject(question);
                foreach (var (option, n) in options)
                {
                    writer.WriteNumber(option, n);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
