using System.Security.Cryptography;
using Azure.Data.Tables;
using BranchRating.Security.Ballots;
using BranchRating.Testing;
using NodaTime;
using NodaTime.Testing;

namespace BranchRating.Security.Tests.Ballots;

public sealed class BallotBoxTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    // 01:30 on 1 July in Shanghai is still 30 June in UTC: the stamped day must be Shanghai's.
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 6, 30, 17, 30));
    private readonly BallotBoxKey _box = new("c2026", "appraisal", "B" + Guid.NewGuid().ToString("N")[..8]);

    private static BallotContent Satisfied => BallotContent.Create(new Dictionary<string, string> { ["overall"] = "satisfied" });

    [Fact]
    public async Task Tokens_are_issued_in_the_requested_counts_and_only_their_hashes_are_stored()
    {
        var (table, box) = await CreateAsync();

        var issued = await box.IssueAsync(_box, Counts(members: 12, representatives: 6, households: 3), Ct);

        Assert.Equal(12, issued.Tokens.Count(t => t.Group == BallotGroup.Member));
        Assert.Equal(6, issued.Tokens.Count(t => t.Group == BallotGroup.NonMemberRepresentative));
        Assert.Equal(3, issued.Tokens.Count(t => t.Group == BallotGroup.Household));
        Assert.Equal(21, issued.Tokens.Select(t => t.Token).Distinct().Count());

        var stored = string.Join("\n", (await AllRowsAsync(table)).SelectMany(r => r.Select(p => $"{p.Key}={p.Value}").Append(r.RowKey)));
        foreach (var token in issued.Tokens)
        {
            var canonical = token.Token.Replace("-", "", StringComparison.Ordinal);
            Assert.DoesNotContain(canonical, stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(token.Token, stored, StringComparison.OrdinalIgnoreCase);
        }

        var participation = await box.ParticipationAsync(_box, Ct);
        Assert.Equal(12, participation.Unused[BallotGroup.Member]);
        Assert.Equal(12, participation.Issued[BallotGroup.Member]);
        Assert.True(participation.IsConsistent);
    }

    [Fact]
    public async Task A_box_is_issued_once()
    {
        var (_, box) = await CreateAsync();
        await box.IssueAsync(_box, Counts(members: 2), Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => box.IssueAsync(_box, Counts(members: 2), Ct));

        Assert.Contains("already issued", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 5)]
    [InlineData(150, 0)]
    public async Task Token_counts_outside_the_limits_are_refused_naming_the_field(int members, int households)
    {
        var (_, box) = await CreateAsync(new BallotBoxOptions { MaxTokensPerBox = 100 });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => box.IssueAsync(_box, Counts(members: members, households: households), Ct));

        Assert.StartsWith("counts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_accepted_once_and_its_replay_is_refused()
    {
        var (_, box) = await CreateAsync();
        var token = (await box.IssueAsync(_box, Counts(members: 3), Ct)).Tokens[0].Token;

        var first = await box.CastAsync(_box, token, Satisfied, Ct);
        var replay = await box.CastAsync(_box, token, Satisfied, Ct);
        var retyped = await box.CastAsync(_box, token.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal), Satisfied, Ct);

        Assert.True(first.Accepted);
        Assert.Equal(BallotGroup.Member, first.Group);
        Assert.False(replay.Accepted);
        Assert.Contains("already used", replay.Refusal, StringComparison.Ordinal);
        Assert.False(retyped.Accepted);
        var participation = await box.ParticipationAsync(_box, Ct);
        Assert.Equal(1, participation.Cast[BallotGroup.Member]);
        Assert.Equal(2, participation.Unused[BallotGroup.Member]);
    }

    [Fact]
    public async Task Concurrent_casts_of_one_token_accept_exactly_one_ballot()
    {
        var (_, box) = await CreateAsync();
        var token = (await box.IssueAsync(_box, Counts(members: 1), Ct)).Tokens[0].Token;

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => box.CastAsync(_box, token, Satisfied, Ct)));

        Assert.Single(results, r => r.Accepted);
        var participation = await box.ParticipationAsync(_box, Ct);
        Assert.Equal(1, BallotParticipation.Get(participation.Cast, BallotGroup.Member));
        Assert.True(participation.IsConsistent);
    }

    [Fact]
    public async Task A_token_of_another_box_or_a_made_up_token_is_refused()
    {
        var (_, box) = await CreateAsync();
        var token = (await box.IssueAsync(_box, Counts(members: 1), Ct)).Tokens[0].Token;
        var otherBox = new BallotBoxKey(_box.CampaignId, _box.Step, _box.OrganizationId + "x");
        await box.IssueAsync(otherBox, Counts(members: 1), Ct);

        Assert.False((await box.CastAsync(otherBox, token, Satisfied, Ct)).Accepted);
        Assert.False((await box.CastAsync(_box, new BallotTokenCodec().Generate(), Satisfied, Ct)).Accepted);
        Assert.Contains("mistyped", (await box.CastAsync(_box, "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZ0", Satisfied, Ct)).Refusal, StringComparison.Ordinal);
        Assert.True((await box.CastAsync(_box, token, Satisfied, Ct)).Accepted);
    }

    [Fact]
    public async Task A_stored_ballot_carries_no_token_no_voter_and_only_the_calendar_day_in_Shanghai()
    {
        var (table, box) = await CreateAsync();
        var tokens = (await box.IssueAsync(_box, Counts(households: 2), Ct)).Tokens;
        await box.CastAsync(_box, tokens[0].Token, Satisfied, Ct);

        var ballotRow = Assert.Single(await AllRowsAsync(table), r => r.RowKey.StartsWith("b-", StringComparison.Ordinal));

        Assert.Equal(
            ["Content", "Day", "Group", "PartitionKey", "RowKey", "Timestamp", "odata.etag"],
            ballotRow.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("2026-07-01", ballotRow.GetString("Day"));
        Assert.Equal("Household", ballotRow.GetString("Group"));
        Assert.Matches("^b-[0-9a-f]{32}$", ballotRow.RowKey);
        // The used token's row is gone with the cast (same transaction): nothing is left whose time could be matched.
        Assert.Single(await AllRowsAsync(table), r => r.RowKey.StartsWith("t-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_recount_reproduces_the_tally_and_digest_and_exposes_an_edited_or_removed_ballot()
    {
        var (table, box) = await CreateAsync();
        var tokens = (await box.IssueAsync(_box, Counts(members: 10, representatives: 5, households: 4), Ct)).Tokens;
        var choices = new[] { "satisfied", "satisfied", "basically", "dissatisfied", "satisfied", "basically", "satisfied" };
        var cast = tokens.Where((_, i) => i % 3 != 2).ToList();
        for (var i = 0; i < cast.Count; i++)
        {
            var content = BallotContent.Create(new Dictionary<string, string> { ["overall"] = choices[i % choices.Length], ["q2"] = (i % 4).ToString() });
            Assert.True((await box.CastAsync(_box, cast[i].Token, content, Ct)).Accepted);
        }

        var published = await BallotRecount.RunAsync(box, _box, Ct);
        Assert.Equal(cast.Count, published.Tally.Total);
        Assert.Equal(cast.Count(t => t.Group == BallotGroup.Member), published.Tally.Participation["Member"]);
        Assert.Equal(Enumerable.Range(0, cast.Count).Count(i => choices[i % choices.Length] == "satisfied"), published.Tally.Count("overall", "satisfied"));
        Assert.True(published.Participation.IsConsistent);
        Assert.Empty((await BallotRecount.RunAsync(box, _box, Ct)).Compare(published.Tally.ToCanonicalJson(), published.Digest));

        // Someone with write access to the table turns a "dissatisfied" into "satisfied".
        var victim = (await AllRowsAsync(table)).First(r => r.RowKey.StartsWith("b-", StringComparison.Ordinal) && r.GetString("Content").Contains("dissatisfied", StringComparison.Ordinal));
        victim["Content"] = victim.GetString("Content").Replace("dissatisfied", "satisfied", StringComparison.Ordinal);
        await table.UpdateEntityAsync(victim, victim.ETag, TableUpdateMode.Replace, Ct);

        var afterEdit = (await BallotRecount.RunAsync(box, _box, Ct)).Compare(published.Tally.ToCanonicalJson(), published.Digest);
        Assert.Contains(afterEdit, d => d.StartsWith("tally:", StringComparison.Ordinal));
        Assert.Contains(afterEdit, d => d.StartsWith("digest:", StringComparison.Ordinal));

        // And removes a ballot.
        var removed = (await AllRowsAsync(table)).First(r => r.RowKey.StartsWith("b-", StringComparison.Ordinal));
        await table.DeleteEntityAsync(removed, cancellationToken: Ct);

        var afterRemoval = (await BallotRecount.RunAsync(box, _box, Ct)).Compare(published.Tally.ToCanonicalJson(), published.Digest);
        Assert.Contains(afterRemoval, d => d.StartsWith("count:", StringComparison.Ordinal));
        Assert.Contains(afterRemoval, d => d.StartsWith("participation:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_digest_does_not_depend_on_the_order_ballots_are_read()
    {
        var ballots = Enumerable.Range(0, 50)
            .Select(i => new StoredBallot(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), BallotGroup.Member, $$"""{"overall":"o{{i % 3}}"}""", "2026-07-01"))
            .ToList();

        var forward = BallotSetDigest.Compute(ballots);
        var shuffled = BallotSetDigest.Compute(ballots.OrderBy(_ => RandomNumberGenerator.GetInt32(1000)));
        var oneLess = BallotSetDigest.Compute(ballots.Skip(1));

        Assert.Equal(forward, shuffled);
        Assert.NotEqual(forward.Sha256, oneLess.Sha256);
        Assert.Equal(50, forward.Count);
    }

    private async Task<(TableClient Table, BallotBox Box)> CreateAsync(BallotBoxOptions? options = null)
    {
        var table = new TableClient(azurite.ConnectionString, "ballots" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(Ct);
        return (table, new BallotBox(table, new BallotTokenHasher(RandomNumberGenerator.GetBytes(32)), options, _clock));
    }

    private static async Task<List<TableEntity>> AllRowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: Ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static Dictionary<BallotGroup, int> Counts(int members = 0, int representatives = 0, int households = 0) => new()
    {
        [BallotGroup.Member] = members,
        [BallotGroup.NonMemberRepresentative] = representatives,
        [BallotGroup.Household] = households,
    };
}
