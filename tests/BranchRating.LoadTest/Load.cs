using System.Diagnostics;
using Azure.Data.Tables;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Operations;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;
using BranchRating.Simulation;
using BranchRating.Storage.Queues;

namespace BranchRating.LoadTest;

/// <summary>
/// The load benchmark, one run: raw Azurite rates with plain SDK loops (queue send, 100-entity batch insert), then our
/// ingest (ballots batched per organization, one request each) and the time from the final close to published results.
/// </summary>
public static class Load
{
    public static async Task<int> RunAsync(Arguments args)
    {
        if (args.Storage is null || args.Prepare is not ("http" or "direct")) return Arguments.Usage();
        var ballotsPerOrganization = (int)Math.Clamp(args.Ballots / Math.Max(1, args.Organizations), 1, BallotBatchRequest.MaxPerRequest);
        Console.WriteLine($"Load: {args.Organizations} organizations × {ballotsPerOrganization} ballots = {(long)args.Organizations * ballotsPerOrganization} ballots, parallelism {args.Parallelism}.");

        using var http = new HttpClient { BaseAddress = args.Url, Timeout = TimeSpan.FromMinutes(10) };
        var id = "load-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var driver = new CampaignDriver(http, id);
        var county = new CountyGenerator(Presets.Get("anyang-100"), args.Seed).Generate(args.Organizations, ballotsPerOrganization: ballotsPerOrganization);
        var far = DateTimeOffset.UtcNow.AddDays(30);
        await driver.CreateAsync("anyang-100", [new(StepKinds.SelfAssessment, far), new(StepKinds.Appraisal, far), new(StepKinds.SuperiorReview, far), new(StepKinds.Determination, far)], "load");
        var clock = Stopwatch.StartNew();
        await driver.ImportRosterAsync(county.Organizations.Select(o => o.Row), chunk: 5000);
        Console.WriteLine($"roster import:     {args.Organizations / clock.Elapsed.TotalSeconds,10:F0} organizations/s");

        // Preparation (not measured): self-assessments, reviews and ballot tokens, over HTTP or straight into the stores.
        clock.Restart();
        string[][] tokens;
        if (args.Prepare == "direct")
        {
            tokens = await DirectPreparation.RunAsync(args.Storage, id, county.Organizations, args.Parallelism);
        }
        else
        {
            tokens = new string[county.Organizations.Count][];
            await Parallel.ForEachAsync(Enumerable.Range(0, county.Organizations.Count), new ParallelOptions { MaxDegreeOfParallelism = args.Parallelism }, async (i, ct) =>
            {
                var o = county.Organizations[i];
                await driver.SubmitSelfAssessmentAsync(o, ct);
                await driver.ReviewAsync(o, ct);
                tokens[i] = [.. await driver.IssueTokensAsync(o.Row.Code!, o.Ballots.Count, ct)];
            });
        }
        Console.WriteLine($"preparation:       {clock.Elapsed.TotalSeconds,10:F0} s (self-assessments, reviews, tokens; {args.Prepare})");

        // Each raw rate is measured right before the phase it is compared with (the machine is shared: its load drifts).
        var rawSend = await RawQueueSendAsync(args.Storage, RawQueueMessages, args.Parallelism);
        Console.WriteLine($"raw queue send:    {rawSend,10:F0} messages/s");
        clock.Restart();
        await Parallel.ForEachAsync(Enumerable.Range(0, county.Organizations.Count), new ParallelOptions { MaxDegreeOfParallelism = args.Parallelism }, async (i, ct) =>
        {
            var o = county.Organizations[i];
            var ballots = o.Ballots.Select((b, j) => b with { Token = tokens[i][j] }).ToList();
            await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{id}/organizations/{o.Row.Code}/ballots", new BallotBatchRequest(ballots), $"load-ballots-{o.Row.Code}", ct);
        });
        var ingestSeconds = clock.Elapsed.TotalSeconds;
        var ballotsPerSecond = county.BallotCount / ingestSeconds;
        var requestsPerSecond = county.Organizations.Count / ingestSeconds;
        var rawSendAfter = await RawQueueSendAsync(args.Storage, RawQueueMessages, args.Parallelism);
        Console.WriteLine($"raw queue send, again: {rawSendAfter,10:F0} messages/s");
        rawSend = (rawSend + rawSendAfter) / 2;
        Console.WriteLine($"our ingest:        {ballotsPerSecond,10:F0} ballots/s ({requestsPerSecond:F0} requests/s, each stored durably before its 202)");

        // Closing the last input step scores every organization ahead of the determination (an operation of its own), and
        // ranks and writes a version then, unpublished (unless Pipeline:PrepareAhead is off): in a campaign the steps close
        // days apart. It is timed here, and waited for before the raw insert rate is measured.
        clock.Restart();
        OperationResponse? lastInput = null;
        foreach (var step in new[] { StepKinds.SelfAssessment, StepKinds.Appraisal, StepKinds.SuperiorReview }) lastInput = await driver.CloseStepAsync(step);
        if (lastInput!.Kind == OperationKinds.Score) lastInput = await driver.WaitAsync(lastInput.StatusUrl, TimeSpan.FromHours(2));
        Console.WriteLine($"input steps closed → scored ahead: {clock.Elapsed.TotalSeconds:F1} s ({lastInput.Kind}: {lastInput.Detail})");
        var rawInsert = await RawBatchInsertAsync(args.Storage, Math.Clamp(args.Organizations, 20000, 100000), 8);
        Console.WriteLine($"raw batch insert:  {rawInsert,10:F0} entities/s (100-entity transactions)");
        clock.Restart();
        var closedAt = DateTime.UtcNow;
        var publication = await driver.CloseStepAsync(StepKinds.Determination);
        var done = await driver.WaitAsync(publication.StatusUrl, TimeSpan.FromHours(2));
        var publishSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"final close at {closedAt:HH:mm:ss.fff} UTC, completion seen at {DateTime.UtcNow:HH:mm:ss.fff} UTC (compare with the host log)");
        // Rows written by the publication as it reports them: one result per organization, the ranking rows (each ranking
        // of a scope value — region, county, field — packed 100 entries a row: ⌈n / 100⌉ rows for n entries), and the
        // distribution rows.
        var written = WrittenRows(done.Detail);
        var publishRate = written / publishSeconds;
        // Measured again right after, as the machine's load drifts (the rate of one loop varies by ±40 % between minutes
        // here): the publication is compared with the mean of the two loops around it.
        var rawInsertAfter = await RawBatchInsertAsync(args.Storage, Math.Clamp(args.Organizations, 20000, 100000), 8);
        Console.WriteLine($"raw batch insert, again: {rawInsertAfter,10:F0} entities/s");
        rawInsert = (rawInsert + rawInsertAfter) / 2;
        Console.WriteLine($"final close → published: {publishSeconds:F1} s ({done.Detail}); {publishRate:F0} entities/s written");
        // With nothing changed since the input close, the final close publishes the version prepared then (0 rows written
        // at the close): its ranking and writing were timed above, in the scoring ahead, and the host log has them
        // ("ranked and written ahead of the final close"). LOAD_PREPARE_AHEAD=false measures the close ranking and writing.
        if (written == 0) Console.WriteLine("  (the version prepared at the input close was published: its rows were written before the final close)");
        Console.WriteLine();
        // Ingest counts a ballot as accepted once its request got 202: token checked and spent, ballots row and idempotency
        // row stored in one transaction. Live scoring per submission is off in this run (the publication rescoring reads
        // every stored input), so nothing is queued per submission.
        Console.WriteLine($"ingest / raw send:    {ballotsPerSecond / rawSend:F2} (accepted ballots/s ÷ mean raw messages/s before and after; target ≥ 0.8)   requests/s ÷ messages/s = {requestsPerSecond / rawSend:F2}");
        // Publish counts organizations over the whole time from the final close to the completed operation: finding what
        // changed since the scoring ahead, reading every score, ranking and writing. The raw loop writes one result-like row
        // per organization, so organizations published per second is the like-for-like rate; entities per second (results,
        // packed ranking rows, distributions) is printed beside it.
        var organizationRate = county.Organizations.Count / publishSeconds;
        Console.WriteLine($"publish / raw insert: {organizationRate / rawInsert:F2} (organizations published/s, close to completion ÷ mean raw 100-entity batch-insert entities/s before and after; target ≥ 0.8)   entities/s ÷ entities/s = {publishRate / rawInsert:F2} ({written} entities)");
        return 0;
    }

    /// <summary>
    /// Messages of each raw send loop. Few on purpose: the loop deletes its queue, and Azurite's in-memory extent store then
    /// frees the messages one at a time, rebuilding its extent index (a sort of every extent) for each — O(n² log n) on
    /// the emulator's one thread. After two loops of 20,000 messages it ran for over ten minutes and stalled every table
    /// request of the run (a CPU profile of Azurite: 99 % in <c>deleteExtent</c> → <c>ensureAllIndexes</c>).
    /// </summary>
    private const int RawQueueMessages = 2000;

    private static long WrittenRows(string? detail) =>
        System.Text.RegularExpressions.Regex.Match(detail ?? "", @"(\d+) rows written") is { Success: true } m
            ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The publication did not report the rows it wrote: '{detail}'.");

    private static async Task<double> RawQueueSendAsync(string storage, int messages, int parallelism)
    {
        var queue = QueueClientDefaults.CreateServiceClient(storage).GetQueueClient("load-raw-" + Guid.NewGuid().ToString("N")[..8]);
        await queue.CreateAsync();
        var body = new string('x', 512);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (_, ct) => await queue.SendMessageAsync(body, ct));
        var rate = messages / clock.Elapsed.TotalSeconds;
        await queue.DeleteAsync();
        return rate;
    }

    private static async Task<double> RawBatchInsertAsync(string storage, int entities, int parallelism)
    {
        var table = new TableClient(storage, "loadraw" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateAsync();
        var batches = Enumerable.Range(0, entities).Chunk(100).Select(chunk => chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            new TableEntity($"p{i / 100 % 64:D3}", $"r{i:D8}") { ["Name"] = "某某党支部", ["Total"] = 87.5, ["Level"] = "四星级", ["Rank"] = i })).ToList()).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
        var rate = entities / clock.Elapsed.TotalSeconds;
        await table.DeleteAsync();
        return rate;
    }
}
