namespace BranchRating.Domain.Ranking;

/// <summary>Which rectification rules (scheme order) flagged which subject: one bit per rule and subject, no list per subject.</summary>
internal sealed class RectificationMarks
{
    private readonly ulong[] _bits;
    private readonly int _words;

    public RectificationMarks(int rules, int subjects)
    {
        Rules = rules;
        _words = (rules + 63) / 64;
        _bits = new ulong[_words * subjects];
    }

    public int Rules { get; }

    public void Mark(int subject, int rule) => _bits[subject * _words + rule / 64] |= 1UL << (rule % 64);

    public bool IsMarked(int subject, int rule) => (_bits[subject * _words + rule / 64] & (1UL << (rule % 64))) != 0;

    /// <summary>How many rules flagged the subject.</summary>
    public int Count(int subject)
    {
        var n = 0;
        for (var w = 0; w < _words; w++)
        {
            n += System.Numerics.BitOperations.PopCount(_bits[subject * _words + w]);
        }
        return n;
    }
}
