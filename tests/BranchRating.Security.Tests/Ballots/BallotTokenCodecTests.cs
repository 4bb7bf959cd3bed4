using BranchRating.Security.Ballots;

namespace BranchRating.Security.Tests.Ballots;

public sealed class BallotTokenCodecTests
{
    private readonly BallotTokenCodec _codec = new();

    [Fact]
    public void A_token_is_four_hyphenated_groups_of_five_crockford_symbols_carrying_95_random_bits()
    {
        var token = _codec.Generate();

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$", token);
        Assert.Equal(95, _codec.EntropyBits);
    }

    [Fact]
    public void Typed_variants_normalize_to_the_same_token_lower_case_no_hyphens_o_for_zero_i_and_l_for_one()
    {
        string token;
        do
        {
            token = _codec.Generate();
        }
        while (!token.Contains('0') || !token.Contains('1'));

        var typed = token.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant().Replace('0', 'o').Replace('1', 'l');

        Assert.Equal(token.Replace("-", "", StringComparison.Ordinal), _codec.Normalize(typed));
    }

    [Fact]
    public void Every_single_mistyped_symbol_is_caught_by_the_check_symbol()
    {
        for (var round = 0; round < 20; round++)
        {
            var canonical = _codec.Normalize(_codec.Generate())!;
            for (var position = 0; position < canonical.Length; position++)
            {
                foreach (var symbol in BallotTokenCodec.Alphabet.Where(s => s != canonical[position]))
                {
                    var mistyped = canonical[..position] + symbol + canonical[(position + 1)..];
                    Assert.Null(_codec.Normalize(mistyped));
                }
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDE-FGHJK")]
    [InlineData("ABCDE-FGHJK-MNPQR-STVWU")]
    [InlineData("=1+1")]
    public void Malformed_tokens_normalize_to_nothing(string? typed)
    {
        Assert.Null(_codec.Normalize(typed));
    }

    [Fact]
    public void Ten_thousand_generated_tokens_are_distinct()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => _codec.Generate()).ToHashSet();

        Assert.Equal(10_000, tokens.Count);
    }

    [Fact]
    public void The_hash_depends_on_the_pepper_the_campaign_and_the_box()
    {
        var pepper = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var hasher = new BallotTokenHasher(pepper);
        var token = _codec.Normalize(_codec.Generate())!;
        var box = new BallotBoxKey("c2026", "appraisal", "B1");

        var hashes = new[]
        {
            hasher.Hash(box, token),
            hasher.Hash(new BallotBoxKey("c2027", "appraisal", "B1"), token),
            hasher.Hash(new BallotBoxKey("c2026", "appraisal", "B2"), token),
            new BallotTokenHasher(pepper.Reverse().ToArray()).Hash(box, token),
        };

        Assert.Equal(4, hashes.Distinct().Count());
        Assert.Equal(hashes[0], hasher.Hash(box, token));
        Assert.DoesNotContain(token.ToLowerInvariant(), hashes[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_pepper_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new BallotTokenHasher(new byte[16]));

        Assert.Contains("Ballots:PepperKey", error.Message, StringComparison.Ordinal);
    }
}
