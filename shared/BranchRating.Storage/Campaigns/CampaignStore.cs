using Azure;
using Azure.Data.Tables;
using BranchRating.Notifications.Events;
using BranchRating.Storage.Notifications;
using BranchRating.Storage.Results;
using BranchRating.Storage.Tables;

namespace BranchRating.Storage.Campaigns;

/// <summary>
/// Table <c>campaigns</c>: partition = campaign id. Rows: <c>campaign</c> (header + scheme JSON), <c>step|NN</c>
/// (deadline instant, state), <c>publication</c> (pointer to the published version), <c>version-counter</c>,
/// <c>prepared</c> (the version written ahead of the final close, <see cref="PreparedPublication"/>), <c>anchor|{version}</c>.
/// </summary>
public class CampaignStore
{
    private const string HeaderRow = "campaign";
    private const string PointerRow = "publication";
    private const string CounterRow = "version-counter";
    private const string PreparedRow = "prepared";
    private const string StepPrefix = "step|";
    private const string AnchorPrefix = "anchor|";

    private readonly TableClient _table;
    private readonly CampaignStoreOptions _options;

    public CampaignStore(TableClient table, CampaignStoreOptions? options = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _options = options ?? new CampaignStoreOptions();
    }

    protected CampaignStore()
    {
        _table = null!;
        _options = new CampaignStoreOptions();
    }

    /// <summary>Creates the campaign with its steps and pointer in one transaction; false when the id exists.</summary>
    public virtual async Task<bool> CreateAsync(CampaignRecord campaign, IReadOnlyList<(string Kind, DateTimeOffset Deadline)> steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var header = new TableEntity(campaign.Id, HeaderRow)
        {
            ["Name"] = campaign.Name,
            ["SchemeId"] = campaign.SchemeId,
            ["SchemeVersion"] = campaign.SchemeVersion,
            ["SchemeName"] = campaign.SchemeName,
            ["Buckets"] = campaign.Buckets,
            ["CreatedAt"] = campaign.CreatedAt.ToUniversalTime(),
        };
        if (campaign.OwnerScope is not null)
        {
            header["OwnerScope"] = campaign.OwnerScope;
        }

        if (campaign.BallotKey is not null)
        {
            header["BallotKey"] = campaign.BallotKey;
        }

        LargeText.Write(header, "Scheme", campaign.SchemeJson);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, header),
            new(TableTransactionActionType.Add, new TableEntity(campaign.Id, PointerRow) { ["Version"] = 0L }),
            new(TableTransactionActionType.Add, new TableEntity(campaign.Id, CounterRow) { ["Next"] = 1L }),
        };
        for (var i = 0; i < steps.Count; i++)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(campaign.Id, StepKey(i + 1))
            {
                ["Kind"] = steps[i].Kind,
                ["Final"] = i == steps.Count - 1,
                ["Deadline"] = steps[i].Deadline.ToUniversalTime(),
                ["State"] = StepRecord.Open,
            }));
        }

        try
        {
            await TransactionBatches.SubmitAsync(_table, actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (TransactionBatches.IsConflict(e))
        {
            return false;
        }
    }

    public virtual async Task<CampaignSnapshot?> GetAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        TableEntity? header = null, pointer = null;
        var steps = new List<StepRecord>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == campaignId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.RowKey == HeaderRow) header = e;
            else if (e.RowKey == PointerRow) pointer = e;
            else if (e.RowKey.StartsWith(StepPrefix, StringComparison.Ordinal)) steps.Add(ToStep(e));
        }

        return header is null || pointer is null ? null : new CampaignSnapshot(ToCampaign(header), steps.OrderBy(s => s.Order).ToList(), ToPointer(pointer));
    }

    /// <summary>
    /// One page of campaign headers (without their scheme text) and the token of the next page
    /// (<see cref="PageToken"/>; <see cref="FormatException"/> for a malformed token).
    /// </summary>
    public virtual async Task<(IReadOnlyList<CampaignRecord> Items, string? ContinuationToken)> ListAsync(string? continuationToken, CancellationToken cancellationToken = default)
    {
        var pages = _table.QueryAsync<TableEntity>(x => x.RowKey == HeaderRow, _options.PageSize, cancellationToken: cancellationToken)
            .AsPages(PageToken.Parse(continuationToken), _options.PageSize);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            return (page.Values.Select(ToCampaign).ToList(), PageToken.Format(page.ContinuationToken));
        }

        return ([], null);
    }

    /// <summary>Open steps whose deadline has passed at <paramref name="now"/>, across all campaigns.</summary>
    public virtual async Task<IReadOnlyList<StepRecord>> FindDueStepsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {StepPrefix} and RowKey lt {Partitions.PrefixEnd(StepPrefix)} and State eq {StepRecord.Open} and Deadline le {now.ToUniversalTime()}");
        var due = new List<StepRecord>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(ToStep(e));
        }

        return due;
    }

    /// <summary>
    /// Closes the step if it is still the version read (ETag): exactly one caller wins, even if the timer fires twice.
    /// A final step records the publication operation it starts (<paramref name="operationId"/>, <paramref name="version"/>).
    /// </summary>
    public virtual async Task<bool> TryCloseStepAsync(StepRecord step, DateTimeOffset now, string? operationId = null, long? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.State == StepRecord.Closed)
        {
            return false;
        }

        var update = new TableEntity(step.CampaignId, StepKey(step.Order))
        {
            ["State"] = StepRecord.Closed, ["ClosedAt"] = now.ToUniversalTime(), ["OperationId"] = operationId, ["Version"] = version, ["PublicationQueued"] = false,
        };
        try
        {
            await _table.UpdateEntityAsync(update, step.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (TransactionBatches.IsPreconditionFailed(e))
        {
            return false;
        }
    }

    /// <summary>Records that the publication started by closing this final step has been queued.</summary>
    public virtual Task MarkPublicationQueuedAsync(string campaignId, int order, CancellationToken cancellationToken = default) =>
        _table.UpdateEntityAsync(new TableEntity(campaignId, StepKey(order)) { ["PublicationQueued"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Closed final steps whose publication was not queued (the closer stopped in between): queue them again.</summary>
    public virtual async Task<IReadOnlyList<(StepRecord Step, string OperationId, long Version)>> FindUnqueuedPublicationsAsync(CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {StepPrefix} and RowKey lt {Partitions.PrefixEnd(StepPrefix)} and State eq {StepRecord.Closed} and PublicationQueued eq {false}");
        var list = new List<(StepRecord, string, long)>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.GetString("OperationId") is { } op && e.GetInt64("Version") is { } v)
            {
                list.Add((ToStep(e), op, v));
            }
        }

        return list;
    }

    /// <summary>Allocates the next publication version number (ETag-guarded counter: never twice the same).</summary>
    public virtual async Task<long> NextVersionAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var counter = (await _table.GetEntityAsync<TableEntity>(campaignId, CounterRow, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            var next = counter.GetInt64("Next") ?? 1;
            counter["Next"] = next + 1;
            try
            {
                await _table.UpdateEntityAsync(counter, counter.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return next;
            }
            catch (RequestFailedException e) when (TransactionBatches.IsPreconditionFailed(e) && attempt < _options.MaxConcurrencyRetries)
            {
            }
        }
    }

    /// <summary>Points readers at <paramref name="version"/> unless a newer one is already published; ETag-conditional.</summary>
    /// <summary>
    /// Flips the publication pointer to <paramref name="version"/> (ETag-conditional) unless it already points there or
    /// further; true when it points at this version afterwards. <paramref name="published"/>, when given, is written to
    /// the outbox in the same transaction as the flip, so it is written exactly once per version: a redelivered
    /// publication finds the pointer already moved and writes nothing.
    /// </summary>
    public virtual Task<bool> TryPublishAsync(
        string campaignId, long version, string operationId, DateTimeOffset now, NotificationEvent? published = null, CancellationToken cancellationToken = default) =>
        TryPublishAsync(campaignId, version, operationId, now, published, null, cancellationToken);

    /// <summary>
    /// As above, and records <paramref name="auditHead"/> (the campaign's audit chain head at publication) on the pointer and
    /// in row <c>anchor|{version}</c> of the same transaction: each published version anchors the audit chain.
    /// </summary>
    public virtual async Task<bool> TryPublishAsync(
        string campaignId, long version, string operationId, DateTimeOffset now, NotificationEvent? published, PublishedAuditHead? auditHead, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var pointer = ToPointer((await _table.GetEntityAsync<TableEntity>(campaignId, PointerRow, cancellationToken: cancellationToken).ConfigureAwait(false)).Value);
            if (pointer.Version >= version)
            {
                return pointer.Version == version;
            }

            var update = new TableEntity(campaignId, PointerRow) { ["Version"] = version, ["PublishedAt"] = now.ToUniversalTime(), ["OperationId"] = operationId };
            try
            {
                var batch = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, update, pointer.ETag) };
                if (auditHead is not null)
                {
                    update["AuditSequence"] = auditHead.Sequence;
                    update["AuditHead"] = auditHead.Hash;
                    batch.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(campaignId, AnchorKey(version))
                    {
                        ["Version"] = version, ["PublishedAt"] = now.ToUniversalTime(), ["AuditSequence"] = auditHead.Sequence, ["AuditHead"] = auditHead.Hash,
                    }));
                }

                if (published is not null) OutboxWriter.AddTo(batch, campaignId, published);
                await _table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when ((TransactionBatches.IsPreconditionFailed(e) || TransactionBatches.IsConflict(e)) && attempt < _options.MaxConcurrencyRetries)
            {
            }
        }
    }

    /// <summary>Records the version written ahead of the final close (replacing an earlier one: the latest preparation counts).</summary>
    public virtual Task SavePreparedAsync(string campaignId, PreparedPublication prepared, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        return _table.UpsertEntityAsync(new TableEntity(campaignId, PreparedRow)
        {
            ["Version"] = prepared.Version, ["Basis"] = prepared.Basis, ["PreparedAt"] = prepared.PreparedAt.ToUniversalTime(),
            ["Summary"] = System.Text.Json.JsonSerializer.Serialize(prepared.Summary),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Removes the record of a prepared version when it still names <paramref name="version"/> (a newer preparation stays).</summary>
    public virtual async Task ForgetPreparedAsync(string campaignId, long version, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(campaignId, PreparedRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value!.GetInt64("Version") != version) return;
        try
        {
            await _table.DeleteEntityAsync(campaignId, PreparedRow, found.Value.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (TransactionBatches.IsPreconditionFailed(e) || e.Status == 404)
        {
            // Replaced by a newer preparation meanwhile (that one stays), or forgotten by a concurrent delivery.
        }
    }

    public virtual async Task<PreparedPublication?> GetPreparedAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(campaignId, PreparedRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue) return null;
        var e = found.Value!;
        return new PreparedPublication(e.GetInt64("Version") ?? 0, e.GetString("Basis") ?? "",
            System.Text.Json.JsonSerializer.Deserialize<PublicationSummary>(e.GetString("Summary") ?? "null") ?? new PublicationSummary(0, []),
            e.GetDateTimeOffset("PreparedAt") ?? DateTimeOffset.MinValue);
    }

    public virtual async Task<PublicationPointer?> GetPublicationAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(campaignId, PointerRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToPointer(response.Value!) : null;
    }

    /// <summary>The audit heads anchored by the campaign's published versions, oldest first.</summary>
    public virtual async Task<IReadOnlyList<PublicationAnchor>> ListAnchorsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        var list = new List<PublicationAnchor>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {AnchorPrefix} and RowKey lt {Partitions.PrefixEnd(AnchorPrefix)}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PublicationAnchor(e.GetInt64("Version") ?? 0, e.GetDateTimeOffset("PublishedAt"), new PublishedAuditHead(e.GetInt64("AuditSequence") ?? 0, e.GetString("AuditHead") ?? "")));
        }

        return list.OrderBy(a => a.Version).ToList();
    }

    private static string AnchorKey(long version) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{AnchorPrefix}{version:D19}");

    private static string StepKey(int order) => $"{StepPrefix}{order:D2}";

    private static CampaignRecord ToCampaign(TableEntity e) => new(
        e.PartitionKey, e.GetString("Name"), e.GetString("SchemeId"), e.GetString("SchemeVersion"), e.GetString("SchemeName"),
        LargeText.Read(e, "Scheme") ?? "", e.GetInt32("Buckets") ?? 1, e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetString("OwnerScope"), e.GetBinary("BallotKey"));

    private static StepRecord ToStep(TableEntity e) => new(
        e.PartitionKey, int.Parse(e.RowKey[StepPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture), e.GetString("Kind"),
        e.GetBoolean("Final") ?? false, e.GetDateTimeOffset("Deadline")!.Value, e.GetString("State"), e.GetDateTimeOffset("ClosedAt"), e.ETag,
        e.GetDateTimeOffset("OpensAt"));

    private static PublicationPointer ToPointer(TableEntity e) =>
        new(e.PartitionKey, e.GetInt64("Version") ?? 0, e.GetDateTimeOffset("PublishedAt"), e.GetString("OperationId"), e.ETag,
            e.GetString("AuditHead") is { } head ? new PublishedAuditHead(e.GetInt64("AuditSequence") ?? 0, head) : null);
}
