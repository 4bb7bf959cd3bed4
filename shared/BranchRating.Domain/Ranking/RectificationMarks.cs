namespace BranchRating.Domain.Ranking;

/// <summary>
/// Which rectification rules (scheme order) flagged which subject: one bit per rule and subject, packed (a rule
/// over 500,000 subjects takes 61 KiB), no list per subject.
/// </summary>
internal sealed class RectificationMarks
{
    private readonly ulong[] _bits;

    public RectificationMarks(int rules, int subjects)
    {
        Rules = rules;
        _bits = new ulong[(int)(((long)rules * subjects + 63) / 64)];
    }

    public int Rules { get; }

    public void Mark(int subject, int rule)
    {
        var bit = (long)subject * Rules + rule;
        _bits[bit >> 6] |= 1UL << (int)(bit & 63);
    }

    public bool IsMarked(int subject, int rule)
    {
        var bit = (long)subject * Rules + rule;
        return (_bits[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

    /// <summary>How many rules flagged the subject.</summary>
    public int Count(int subject)
    {
        var n = 0;
        for (var r = 0; r < Rules; r++)
        {
            n += IsMarked(subject, r) ? 1 : 0;
        }
        return n;
    }
}
