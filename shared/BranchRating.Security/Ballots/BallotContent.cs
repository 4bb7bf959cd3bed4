using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BranchRating.Security.Ballots;

/// <summary>
/// What a voter marked: question → option (e.g. <c>overall → satisfied</c>, <c>indicator-3 → 8</c>). Which options
/// a question allows is the scheme's business (the pipeline checks it); here the shape is checked and the content
/// has one canonical JSON form (keys in ordinal order) so digests and recounts are reproducible.
/// </summary>
public sealed partial class BallotContent
{
    public const int MaxAnswers = 200;

    private BallotContent(SortedDictionary<string, string> answers) => Answers = answers;

    public IReadOnlyDictionary<string, string> Answers { get; }

    public static BallotContent Create(IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count is 0 or > MaxAnswers)
        {
            throw new ArgumentException($"answers: a ballot answers 1 to {MaxAnswers} questions.", nameof(answers));
        }

        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (question, option) in answers)
        {
            if (!CodePattern().IsMatch(question ?? ""))
            {
                throw new ArgumentException("answers: question codes are 1-64 letters, digits, '.', '-' or '_'.", nameof(answers));
            }

            if (!CodePattern().IsMatch(option ?? ""))
            {
                throw new ArgumentException($"answers.{question}: options are 1-64 letters, digits, '.', '-' or '_'.", nameof(answers));
            }

            sorted[question!] = option!;
        }

        return new BallotContent(sorted);
    }

    public static BallotContent FromCanonicalJson(string json) =>
        Create(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? throw new FormatException("empty ballot content"));

    public string ToCanonicalJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (question, option) in Answers)
            {
                writer.WriteString(question, option);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex CodePattern();
}
