using System.Collections.Concurrent;

namespace BranchRating.Domain.Schemes;

/// <summary>The twelve standards of RATING-RULES §5, shipped as embedded scheme files (Schemes/&lt;id&gt;.json).</summary>
public static class Presets
{
    private static readonly ConcurrentDictionary<string, Scheme> Cache = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> Ids { get; } =
    [
        "grading-3tier",
        "grading-4tier",
        "five-good",
        "kaifaqu-5star-110",
        "six-good",
        "ten-star",
        "checklist-50",
        "anyang-100",
        "village-3-7",
        "member-5star",
        "township-service-5star",
        "double-100",
    ];

    /// <summary>The ids whose scheme file is embedded in this build.</summary>
    public static IReadOnlyList<string> Available => Ids.Where(id => typeof(Presets).Assembly.GetManifestResourceInfo(ResourceName(id)) is not null).ToArray();

    /// <summary>The shipped JSON of a preset.</summary>
    public static string GetJson(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!Ids.Contains(id, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{id}' is not a preset; presets are: {string.Join(", ", Ids)}.", nameof(id));
        }
        using var stream = typeof(Presets).Assembly.GetManifestResourceStream(ResourceName(id))
            ?? throw new InvalidOperationException($"The scheme file of preset '{id}' is not embedded in this build (Schemes/{id}.json).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The validated scheme of a preset (parsed once, then cached).</summary>
    public static Scheme Get(string id) => Cache.GetOrAdd(id, static key => SchemeLoader.Load(GetJson(key)));

    private static string ResourceName(string id) => $"BranchRating.Schemes.{id}.json";
}
