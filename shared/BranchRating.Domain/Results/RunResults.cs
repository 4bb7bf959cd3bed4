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
    private readonly SubjectResult?[] _built = new SubjectResult?[columns.Sorted.Length];

    public int Count => _built.Length;

    public SubjectResult this[int index]
    {
        get
        {
            var built = Volatile.Read(ref _built[index]);
            if (built is null)
            {
                // A race builds two equal results; the first one stored is the one every reader gets.
                built = engine.Result(columns, columns.Sorted[index]);
                built = Interlocked.CompareExchange(ref _built[index], built, null) ?? built;
            }
            return built;
        }
    }

    public IEnumerator<SubjectResult> GetEnumerator()
    {
        for (var i = 0; i < _built.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
