using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Tests.PresetSchemes;

/// <summary>Every standard of RATING-RULES §5 ships as a valid scheme file naming its seed source and assumptions.</summary>
public sealed class PresetCatalogTests
{
    private static readonly string[] RatingRulesSection5 =
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

    public static TheoryData<string> PresetIds => new(RatingRulesSection5);

    [Fact]
    public void Preset_ids_are_exactly_the_twelve_of_rating_rules_section_5()
    {
        Assert.Equal(RatingRulesSection5.Order(StringComparer.Ordinal), Presets.Ids.Order(StringComparer.Ordinal));
        Assert.Equal(12, Presets.Ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_preset_is_embedded_in_the_build()
    {
        Assert.Equal(RatingRulesSection5.Order(StringComparer.Ordinal), Presets.Available.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PresetIds))]
    public void Every_preset_loads_and_validates_without_errors(string id)
    {
        var result = SchemeLoader.Parse(Presets.GetJson(id));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(id, result.Scheme!.Id);
    }

    [Theory]
    [MemberData(nameof(PresetIds))]
    public void Every_preset_header_names_a_seed_source_and_its_assumptions(string id)
    {
        var scheme = Presets.Get(id);

        // A seed is named as "000", "001 篇…", "002" … "004" — the files of shared/seeds.
        Assert.Matches(@"^00[0-4]\b", scheme.Source);
        Assert.Contains("RATING-RULES.md", scheme.Source, StringComparison.Ordinal);
        Assert.NotEmpty(scheme.Assumptions);
        Assert.All(scheme.Assumptions, a => Assert.False(string.IsNullOrWhiteSpace(a)));
        Assert.Equal("branchrating.scheme/1", SchemeLoader.Format);
    }

    [Theory]
    [MemberData(nameof(PresetIds))]
    public void Every_preset_json_is_refused_when_an_unknown_field_is_added(string id)
    {
        // The shipped file is exactly what the loader validates: no field is silently ignored.
        var json = Presets.GetJson(id);
        var tampered = "{ \"unexpected\": 1," + json.TrimStart()[1..];

        var result = SchemeLoader.Parse(tampered);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e is { Path: "$.unexpected", Rule: "unknown-field" });
    }
}
