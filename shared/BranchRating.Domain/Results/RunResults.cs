using System.Collections;

namespace BranchRating.Domain.Results;

/// <summary>
/// A run's results, best first, as columns owned by the run: the scores in order, the final levels, the quota
/// changes and rectification marks of the few subjects that have any, the rank table. A <see cref="SubjectResult"/>
/// is assembled when first read (then kept), so ranking creates no object per subject.
/// </summary>
internal sealed class RunResults(
    Rating.RatingEngine engine,
    Rating.RunColumns columns) : IReadOnlyList<SubjectResult>
{
    // Allocated when a result is first read: a run that is only counted or stored column by column needs none.
    private SubjectResult?[]? _built;

    public int Count => columns.Sorted.Length;

    public SubjectResult this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var all = Volatile.Read(ref _built) ?? Interlocked.CompareExchange(ref _built, new SubjectResult?[Count], null) ?? _built;
            var built = Volatile.Read(ref all[index]);
            if (built is null)
            {
                // A race builds two equal results; the first one stored is the one every reader gets.
                built = engine.Result(columns, columns.Sorted[index]);
                built = Interlocked.CompareExchange(ref all[index], built, null) ?? built;
            }
            return built;
        }
    }

    public IEnumerator<SubjectResult> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
