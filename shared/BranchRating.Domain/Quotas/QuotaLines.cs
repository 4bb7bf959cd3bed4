using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Quotas;

/// <summary>
/// A quota drawn on a distribution chart: at most (<c>cap</c>, <c>target</c> atMost) or at least (<c>floor</c>,
/// <c>target</c> atLeast, <c>minimumPerScope</c>) <see cref="Bound"/> organizations at <see cref="Level"/>
/// (or at or below / at or above it, see <see cref="Match"/>) in one scope value of N organizations.
/// </summary>
public sealed record QuotaLine(string Quota, string Kind, int Level, string Match, bool AtMost, int Bound);

/// <summary>The scheme's quotas for one scope value, with the bounds the engine applies (floor(q·N) for caps, ceil(q·N) for floors).</summary>
public static class QuotaLines
{
    /// <summary>Lines of the quotas whose scope kind is <paramref name="scope"/>, for a scope value of <paramref name="n"/> organizations.</summary>
    public static IReadOnlyList<QuotaLine> For(Scheme scheme, string scope, int n)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var lines = new List<QuotaLine>();
        foreach (var q in scheme.Quotas)
        {
            if (!string.Equals(q.Scope, scope, StringComparison.Ordinal)) continue;
            var match = q.Match switch { LevelMatch.AtOrBelow => "atOrBelow", LevelMatch.AtOrAbove => "atOrAbove", _ => "exact" };
            var line = q.Kind switch
            {
                QuotaKind.Cap => new QuotaLine(q.Id, "cap", q.Level, match, true, QuotaEnforcer.CapBound(q.Share, n)),
                QuotaKind.Floor => new QuotaLine(q.Id, "floor", q.Level, match, false, QuotaEnforcer.FloorBound(q.Share, n)),
                QuotaKind.MinimumPerScope => new QuotaLine(q.Id, "minimumPerScope", q.Level, match, false, q.Count),
                _ when q.Compare == TargetCompare.AtMost => new QuotaLine(q.Id, "target", q.Level, match, true, QuotaEnforcer.CapBound(q.Share, n)),
                _ => new QuotaLine(q.Id, "target", q.Level, match, false, QuotaEnforcer.FloorBound(q.Share, n)),
            };
            lines.Add(line);
        }

        return lines;
    }
}
