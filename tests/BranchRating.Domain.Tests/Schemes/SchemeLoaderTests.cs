using System.Text.Json.Nodes;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Tests.Schemes;

public sealed class SchemeLoaderTests
{
    private static JsonObject Anyang() => JsonNode.Parse(Presets.GetJson("anyang-100"))!.AsObject();

    private static IReadOnlyList<SchemeError> ErrorsOf(JsonObject scheme)
    {
        var result = SchemeLoader.Parse(scheme.ToJsonString());
        Assert.False(result.IsValid);
        Assert.Null(result.Scheme);
        return result.Errors;
    }

    [Fact]
    public void Anyang_100_loads_with_its_ten_indicators_and_quotas()
    {
        var scheme = Presets.Get("anyang-100");

        Assert.Equal("anyang-100", scheme.Id);
        Assert.Equal(10, scheme.Indicators.Count);
        Assert.Equal(100m, scheme.Indicators.Sum(i => i.Max));
        Assert.Equal(6, scheme.Levels.Count);
        Assert.Equal("五星级", scheme.TopLevel.Label);
        Assert.Equal(["county"], scheme.ScopeKinds);
        Assert.Contains(scheme.Quotas, q => q is { Kind: QuotaKind.Cap, Level: 5, Share: 0.10m });
        Assert.Contains(scheme.Quotas, q => q is { Kind: QuotaKind.Floor, Level: 1, Share: 0.10m });
        Assert.Equal(OrderKeyKind.Code, scheme.Order[^1].Kind);
        Assert.NotEmpty(scheme.Assumptions);
    }

    [Fact]
    public void Invalid_json_is_refused_with_the_position()
    {
        var error = Assert.Single(SchemeLoader.Parse("{ \"id\": ").Errors);

        Assert.Equal("$", error.Path);
        Assert.Equal("json", error.Rule);
    }

    [Fact]
    public void An_indicator_max_below_zero_names_its_path_and_the_range_rule()
    {
        var s = Anyang();
        s["dimensions"]![0]!["indicators"]![3]!["max"] = -1;

        var errors = ErrorsOf(s);

        Assert.Contains(errors, e => e is { Path: "$.dimensions[0].indicators[3].max", Rule: "range" });
    }

    [Fact]
    public void Indicators_that_do_not_add_up_to_max_total_are_refused()
    {
        var s = Anyang();
        s["dimensions"]![0]!["indicators"]![0]!["max"] = 9;

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.maxTotal", Rule: "sum" });
    }

    [Fact]
    public void Weights_must_add_up_to_one()
    {
        var s = Anyang();
        s["combination"] = new JsonObject { ["method"] = "weighted", ["weights"] = new JsonObject { ["self"] = 0.3, ["superior"] = 0.6 } };

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.combination.weights", Rule: "sum" });
    }

    [Fact]
    public void An_unknown_field_is_refused()
    {
        var s = Anyang();
        s["bandz"] = new JsonObject();

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.bandz", Rule: "unknown-field" });
    }

    [Fact]
    public void A_cap_on_a_level_that_does_not_exist_is_a_reference_error()
    {
        var s = Anyang();
        s["caps"]![0]!["maxLevel"] = 9;

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.caps[0].maxLevel", Rule: "reference" });
    }

    [Fact]
    public void A_condition_on_an_unknown_ballot_is_a_reference_error()
    {
        var s = Anyang();
        s["deductions"]!["items"]![6]!["when"]!["name"] = "households";

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.deductions.items[6].when.name", Rule: "reference" });
    }

    [Fact]
    public void Bands_out_of_order_are_refused()
    {
        var s = Anyang();
        s["bands"]!["thresholds"]![1]!["atLeast"] = 95;

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.bands.thresholds[1]", Rule: "order" });
    }

    [Fact]
    public void A_cap_level_at_or_below_a_floor_is_a_quota_conflict()
    {
        var s = Anyang();
        s["quotas"]![0]!["level"] = 1;

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.quotas", Rule: "quota-conflict" });
    }

    [Fact]
    public void An_adjustment_item_with_two_forms_is_refused()
    {
        var s = Anyang();
        s["bonuses"]!["items"]![0]!["perEvent"] = 3;

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.bonuses.items[0]", Rule: "one-of" });
    }

    [Fact]
    public void An_unknown_order_key_is_refused()
    {
        var s = Anyang();
        s["order"]![1] = "group:mayor";

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.order[1]", Rule: "order-key" });
    }

    [Fact]
    public void A_missing_required_field_is_named()
    {
        var s = Anyang();
        s.Remove("source");

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.source", Rule: "required" });
    }

    [Fact]
    public void A_distribution_expands_into_caps_and_a_floor()
    {
        var s = Anyang();
        s["quotas"] = JsonNode.Parse("""[{ "id": "dist", "kind": "distribution", "scope": "county", "shares": { "5": 0.2, "4": 0.4, "3": 0.3, "0": 0.1 } }]""");

        var scheme = SchemeLoader.Load(s.ToJsonString());

        Assert.Equal(
            ["Cap 5 0.2", "Cap 4 0.4", "Cap 3 0.3", "Floor 0 0.1"],
            scheme.Quotas.Select(q => $"{q.Kind} {q.Level} {q.Share}"));
    }

    [Fact]
    public void Load_throws_a_validation_exception_carrying_every_error()
    {
        var s = Anyang();
        s["id"] = "bad id!";
        s["maxTotal"] = -5;

        var ex = Assert.Throws<SchemeValidationException>(() => SchemeLoader.Load(s.ToJsonString()));

        Assert.Contains(ex.Errors, e => e is { Path: "$.id", Rule: "identifier" });
        Assert.Contains(ex.Errors, e => e is { Path: "$.maxTotal", Rule: "range" });
    }

    [Fact]
    public void Every_embedded_preset_is_valid()
    {
        Assert.Contains("anyang-100", Presets.Available);
        foreach (var id in Presets.Available)
        {
            var result = SchemeLoader.Parse(Presets.GetJson(id));
            Assert.True(result.IsValid, $"{id}: {string.Join("; ", result.Errors)}");
            Assert.Equal(id, result.Scheme!.Id);
        }
    }

    [Fact]
    public void An_unknown_preset_id_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Presets.GetJson("nine-star"));
        Assert.Equal(12, Presets.Ids.Count);
    }

    [Fact]
    public void A_cap_on_the_lowest_level_is_refused()
    {
        var s = Anyang();
        s["quotas"] = JsonNode.Parse("""[{ "id": "no-star-cap", "kind": "cap", "scope": "county", "level": 0, "share": 0.5 }]""");

        Assert.Contains(ErrorsOf(s), e => e is { Path: "$.quotas", Rule: "range" });
    }
}
