using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using BranchRating.Domain.Lifecycle;
using BranchRating.Notifications.Events;
using BranchRating.Storage.Notifications;
using BranchRating.Storage.Tables;

namespace BranchRating.Storage.Lifecycle;

/// <summary>
/// The campaign lifecycle in table <c>campaigns</c>, partition = campaign id, beside the pipeline's rows (row keys
/// <c>lc|…</c>, never in the pipeline's <c>step|</c> range): <c>lc|step|NN</c> timelines, <c>lc|action|…</c> the
/// department's actions, <c>lc|missing|NN|committee</c> the missing report of a closed step, <c>lc|notice</c>, <c>lc|objection|id</c>, <c>lc|determination|code</c>. Every change that
/// notifies writes its outbox event (<see cref="OutboxWriter"/>) in the same transaction.
/// </summary>
public class LifecycleStore(TableClient table)
{
    public const string StepPrefix = "lc|step|";
    private const string ActionPrefix = "lc|action|";
    private const string NoticeRow = "lc|notice";
    private const string ObjectionPrefix = "lc|objection|";
    private const string DeterminationPrefix = "lc|determination|";

    /// <summary>The pipeline's step row (see CampaignStore): the hard expiry is its deadline, so the gate refuses after it.</summary>
    private static string PipelineStepKey(int order) => string.Create(CultureInfo.InvariantCulture, $"step|{order:D2}");

    private static string StepKey(int order) => string.Create(CultureInfo.InvariantCulture, $"{StepPrefix}{order:D2}");

    /// <summary>Writes the timelines (keeping what was already opened or sent) and moves each open pipeline step's deadline to the hard expiry.</summary>
    public async Task SetScheduleAsync(string campaignId, IReadOnlyList<(int Order, StepTimeline Timeline)> steps, CancellationToken cancellationToken = default)
    {
        var actions = new List<TableTransactionAction>();
        foreach (var (order, t) in steps)
        {
            actions.Add(new(TableTransactionActionType.UpsertMerge, new TableEntity(campaignId, StepKey(order))
            {
                ["Kind"] = t.Kind, ["OpensAt"] = t.OpensAt.ToUniversalTime(), ["SoftDeadline"] = t.SoftDeadline.ToUniversalTime(), ["HardExpiry"] = t.HardExpiry.ToUniversalTime(),
            }));
            if (ProcedureSteps.OutsidePipeline(t.Kind)) continue; // publish-standard, public-notice, ledger: no pipeline row
            actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(campaignId, PipelineStepKey(order))
            {
                ["Deadline"] = t.HardExpiry.ToUniversalTime(), ["OpensAt"] = t.OpensAt.ToUniversalTime(),
            }));
        }

        await TransactionBatches.SubmitAsync(table, actions, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LifecycleStep>> GetStepsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var list = new List<LifecycleStep>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == campaignId && x.RowKey.CompareTo(StepPrefix) >= 0 && x.RowKey.CompareTo(Partitions.PrefixEnd(StepPrefix)) < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ToStep(e));
        }

        return list.OrderBy(s => s.Order).ToList();
    }

    /// <summary>Campaign ids with a lifecycle step not yet reported closed, or a notice whose end is not yet reported.</summary>
    public async Task<IReadOnlyList<string>> FindActiveCampaignsAsync(CancellationToken cancellationToken = default)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        var steps = TableClient.CreateQueryFilter($"RowKey ge {StepPrefix} and RowKey lt {Partitions.PrefixEnd(StepPrefix)}");
        await foreach (var e in table.QueryAsync<TableEntity>(steps, select: ["PartitionKey", "ReportedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.GetDateTimeOffset("ReportedAt") is null) ids.Add(e.PartitionKey);
        }

        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {NoticeRow}"), select: ["PartitionKey", "EndReportedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.GetDateTimeOffset("EndReportedAt") is null) ids.Add(e.PartitionKey);
        }

        return ids.ToList();
    }

    /// <summary>Applies a change to the step row (ETag-conditional) with its events; false when another writer changed it first.</summary>
    public async Task<bool> UpdateStepAsync(LifecycleStep step, Action<TableEntity> change, IEnumerable<NotificationEvent> events, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(step.CampaignId, StepKey(step.Order));
        change(entity);
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateMerge, entity, step.ETag) };
        foreach (var evt in events) OutboxWriter.AddTo(batch, step.CampaignId, evt);
        return await TrySubmitAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds events alone (stable ids): false when they were written before (the whole batch exists).</summary>
    public Task<bool> AddEventsAsync(string campaignId, IEnumerable<NotificationEvent> events, CancellationToken cancellationToken = default)
    {
        var batch = new List<TableTransactionAction>();
        foreach (var evt in events) OutboxWriter.AddTo(batch, campaignId, evt);
        return batch.Count == 0 ? Task.FromResult(true) : TrySubmitAsync(batch, cancellationToken);
    }

    /// <summary>Extends a step: new timeline, reminders to send again, the pipeline deadline moved, and the action recorded — one transaction.</summary>
    public Task<bool> ExtendAsync(LifecycleStep step, StepTimeline extended, ETag pipelineStepETag, LifecycleAction action, CancellationToken cancellationToken = default)
    {
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, new TableEntity(step.CampaignId, StepKey(step.Order))
            {
                ["SoftDeadline"] = extended.SoftDeadline.ToUniversalTime(), ["HardExpiry"] = extended.HardExpiry.ToUniversalTime(), ["Reminders"] = "",
            }, step.ETag),
            new(TableTransactionActionType.UpdateMerge, new TableEntity(step.CampaignId, PipelineStepKey(step.Order)) { ["Deadline"] = extended.HardExpiry.ToUniversalTime() }, pipelineStepETag),
            ActionRow(step.CampaignId, action),
        };
        return TrySubmitAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Closes a step outside the pipeline early: the step marked closed with its event, the notice (for the
    /// <c>public-notice</c> step) ending now, and the action recorded — one transaction, ETag-conditional.
    /// </summary>
    public Task<bool> CloseProcedureStepAsync(LifecycleStep step, NoticeRecord? notice, DateTimeOffset now, LifecycleAction action, NotificationEvent evt, CancellationToken cancellationToken = default)
    {
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, new TableEntity(step.CampaignId, StepKey(step.Order)) { ["ReportedAt"] = now.ToUniversalTime(), ["OpenedAt"] = (step.OpenedAt ?? now).ToUniversalTime() }, step.ETag),
            ActionRow(step.CampaignId, action),
        };
        if (notice is not null) batch.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(notice.CampaignId, NoticeRow) { ["EndsAt"] = now.ToUniversalTime() }, notice.ETag));
        OutboxWriter.AddTo(batch, step.CampaignId, evt);
        return TrySubmitAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Extends a step outside the pipeline: new timeline, reminders to send again, the notice's end moved with it (for
    /// a started <c>public-notice</c>), and the action recorded — one transaction, ETag-conditional.
    /// </summary>
    public Task<bool> ExtendProcedureStepAsync(LifecycleStep step, StepTimeline extended, NoticeRecord? notice, LifecycleAction action, CancellationToken cancellationToken = default)
    {
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, new TableEntity(step.CampaignId, StepKey(step.Order))
            {
                ["SoftDeadline"] = extended.SoftDeadline.ToUniversalTime(), ["HardExpiry"] = extended.HardExpiry.ToUniversalTime(), ["Reminders"] = "",
            }, step.ETag),
            ActionRow(step.CampaignId, action),
        };
        if (notice is not null) batch.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(notice.CampaignId, NoticeRow) { ["EndsAt"] = extended.SoftDeadline.ToUniversalTime() }, notice.ETag));
        return TrySubmitAsync(batch, cancellationToken);
    }

    public Task RecordActionAsync(string campaignId, LifecycleAction action, CancellationToken cancellationToken = default) =>
        table.AddEntityAsync((TableEntity)ActionRow(campaignId, action).Entity, cancellationToken);

    public async Task<IReadOnlyList<LifecycleAction>> GetActionsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var list = new List<LifecycleAction>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == campaignId && x.RowKey.CompareTo(ActionPrefix) >= 0 && x.RowKey.CompareTo(Partitions.PrefixEnd(ActionPrefix)) < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new LifecycleAction(e.GetString("Kind"), e.GetString("Step"), e.GetString("By"), e.GetString("Reason"), e.GetDateTimeOffset("At")!.Value, e.GetString("Detail")));
        }

        return list;
    }

    /// <summary>Starts the notice; false when the campaign already has one.</summary>
    public Task<bool> StartNoticeAsync(string campaignId, NoticePeriod period, string tokenHash, string by, NotificationEvent evt, CancellationToken cancellationToken = default)
    {
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(campaignId, NoticeRow)
            {
                ["Version"] = period.Version, ["StartsAt"] = period.StartsAt.ToUniversalTime(), ["EndsAt"] = period.EndsAt.ToUniversalTime(), ["TokenHash"] = tokenHash, ["StartedBy"] = by,
            }),
        };
        OutboxWriter.AddTo(batch, campaignId, evt);
        return TrySubmitAsync(batch, cancellationToken);
    }

    public async Task<NoticeRecord?> GetNoticeAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(campaignId, NoticeRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue) return null;
        var e = found.Value!;
        return new NoticeRecord(campaignId, new NoticePeriod(e.GetInt64("Version") ?? 0, e.GetDateTimeOffset("StartsAt")!.Value, e.GetDateTimeOffset("EndsAt")!.Value),
            e.GetString("TokenHash"), e.GetString("StartedBy"), e.GetDateTimeOffset("EndReportedAt"), e.ETag);
    }

    public Task<bool> MarkNoticeEndedAsync(NoticeRecord notice, DateTimeOffset now, NotificationEvent evt, CancellationToken cancellationToken = default)
    {
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, new TableEntity(notice.CampaignId, NoticeRow) { ["EndReportedAt"] = now.ToUniversalTime() }, notice.ETag),
        };
        OutboxWriter.AddTo(batch, notice.CampaignId, evt);
        return TrySubmitAsync(batch, cancellationToken);
    }

    /// <summary>Adds the objection with its event; false when an objection with this id exists (the same objection again).</summary>
    public Task<bool> AddObjectionAsync(ObjectionRecord o, NotificationEvent evt, CancellationToken cancellationToken = default)
    {
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(o.CampaignId, ObjectionPrefix + o.Id)
            {
                ["Code"] = o.Code, ["Text"] = o.Text, ["Evidence"] = o.Evidence, ["RaisedAt"] = o.RaisedAt.ToUniversalTime(), ["State"] = o.State,
            }),
        };
        OutboxWriter.AddTo(batch, o.CampaignId, evt);
        return TrySubmitAsync(batch, cancellationToken);
    }

    /// <summary>Records the decision if the objection is still as read (ETag); false when it was decided concurrently.</summary>
    public Task<bool> DecideObjectionAsync(ObjectionRecord decided, IEnumerable<NotificationEvent> events, CancellationToken cancellationToken = default)
    {
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, new TableEntity(decided.CampaignId, ObjectionPrefix + decided.Id)
            {
                ["State"] = decided.State, ["DecisionReason"] = decided.DecisionReason, ["ReasonCode"] = decided.ReasonCode, ["FromLevel"] = decided.FromLevel,
                ["ToLevel"] = decided.ToLevel, ["DecidedBy"] = decided.DecidedBy, ["DecidedAt"] = decided.DecidedAt?.ToUniversalTime(),
            }, decided.ETag),
        };
        foreach (var evt in events) OutboxWriter.AddTo(batch, decided.CampaignId, evt);
        return TrySubmitAsync(batch, cancellationToken);
    }

    public async Task<IReadOnlyList<ObjectionRecord>> GetObjectionsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var list = new List<ObjectionRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == campaignId && x.RowKey.CompareTo(ObjectionPrefix) >= 0 && x.RowKey.CompareTo(Partitions.PrefixEnd(ObjectionPrefix)) < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ObjectionRecord(campaignId, e.RowKey[ObjectionPrefix.Length..], e.GetString("Code"), e.GetString("Text"), e.GetString("Evidence"), e.GetDateTimeOffset("RaisedAt")!.Value,
                e.GetString("State"), e.GetString("DecisionReason"), e.GetString("ReasonCode"), e.GetInt32("FromLevel"), e.GetInt32("ToLevel"), e.GetString("DecidedBy"), e.GetDateTimeOffset("DecidedAt"), e.ETag));
        }

        return list.OrderBy(o => o.RaisedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Records (replaces) the final determination of one organization.</summary>
    public Task SetDeterminationAsync(DeterminationRecord d, CancellationToken cancellationToken = default) =>
        table.UpsertEntityAsync(new TableEntity(d.CampaignId, DeterminationPrefix + d.Code)
        {
            ["Action"] = d.Action, ["FromLevel"] = d.FromLevel, ["ToLevel"] = d.ToLevel, ["Reason"] = d.Reason, ["By"] = d.By, ["At"] = d.At.ToUniversalTime(),
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<DeterminationRecord>> GetDeterminationsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var list = new List<DeterminationRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == campaignId && x.RowKey.CompareTo(DeterminationPrefix) >= 0 && x.RowKey.CompareTo(Partitions.PrefixEnd(DeterminationPrefix)) < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new DeterminationRecord(campaignId, e.RowKey[DeterminationPrefix.Length..], e.GetString("Action"), e.GetInt32("FromLevel") ?? 0, e.GetInt32("ToLevel") ?? 0,
                e.GetString("Reason"), e.GetString("By"), e.GetDateTimeOffset("At")!.Value));
        }

        return list;
    }

    private const string RectificationPrefix = "lc|rectification|";

    private static string MissingPrefix(int order) => string.Create(CultureInfo.InvariantCulture, $"lc|missing|{order:D2}|");

    /// <summary>Stores a step's missing report, one row per reviewing committee (replaced if written before: the report of a closed step never changes).</summary>
    public Task WriteMissingReportAsync(string campaignId, int order, IEnumerable<CommitteeMissing> report, CancellationToken cancellationToken = default)
    {
        var actions = report.Select(c =>
        {
            var e = new TableEntity(campaignId, MissingPrefix(order) + c.Committee);
            LargeText.Write(e, "Items", Serialize(c.Items));
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, e);
        }).ToList();
        return actions.Count == 0 ? Task.CompletedTask : TransactionBatches.SubmitAsync(table, actions, cancellationToken);
    }

    public async Task<IReadOnlyList<CommitteeMissing>> ReadMissingReportAsync(string campaignId, int order, CancellationToken cancellationToken = default)
    {
        var prefix = MissingPrefix(order);
        var list = new List<CommitteeMissing>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == campaignId && x.RowKey.CompareTo(prefix) >= 0 && x.RowKey.CompareTo(Partitions.PrefixEnd(prefix)) < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new CommitteeMissing(e.RowKey[prefix.Length..], JsonSerializer.Deserialize<List<MissingItem>>(LargeText.Read(e, "Items") ?? "[]", JsonSerializerOptions.Web)!));
        }

        return list;
    }

    /// <summary>Issues the notice with its event; false when the organization already has one in this campaign.</summary>
    public Task<bool> AddRectificationAsync(RectificationRecord r, NotificationEvent evt, CancellationToken cancellationToken = default)
    {
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(r.CampaignId, RectificationPrefix + r.Code)
            {
                ["Name"] = r.Name, ["Reasons"] = JsonSerializer.Serialize(r.Reasons), ["Problems"] = r.Problems, ["Deadline"] = r.Deadline.ToUniversalTime(),
                ["IssuedBy"] = r.IssuedBy, ["IssuedAt"] = r.IssuedAt.ToUniversalTime(),
            }),
        };
        OutboxWriter.AddTo(batch, r.CampaignId, evt);
        return TrySubmitAsync(batch, cancellationToken);
    }

    /// <summary>Records the closure if the notice is still as read (ETag).</summary>
    public async Task<bool> CloseRectificationAsync(RectificationRecord r, string by, DateTimeOffset at, string note, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.UpdateEntityAsync(new TableEntity(r.CampaignId, RectificationPrefix + r.Code) { ["ClosedBy"] = by, ["ClosedAt"] = at.ToUniversalTime(), ["ClosureNote"] = note },
                r.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<RectificationRecord>> GetRectificationsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var list = new List<RectificationRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == campaignId && x.RowKey.CompareTo(RectificationPrefix) >= 0 && x.RowKey.CompareTo(Partitions.PrefixEnd(RectificationPrefix)) < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new RectificationRecord(campaignId, e.RowKey[RectificationPrefix.Length..], e.GetString("Name"), JsonSerializer.Deserialize<List<string>>(e.GetString("Reasons") ?? "[]")!,
                e.GetString("Problems"), e.GetDateTimeOffset("Deadline")!.Value, e.GetString("IssuedBy"), e.GetDateTimeOffset("IssuedAt")!.Value,
                e.GetString("ClosedBy"), e.GetDateTimeOffset("ClosedAt"), e.GetString("ClosureNote"), e.ETag));
        }

        return list;
    }

    private static TableTransactionAction ActionRow(string campaignId, LifecycleAction a) =>
        new(TableTransactionActionType.Add, new TableEntity(campaignId, string.Create(CultureInfo.InvariantCulture, $"{ActionPrefix}{a.At.UtcTicks:D19}|{Guid.NewGuid():N}"))
        {
            ["Kind"] = a.Kind, ["Step"] = a.Step, ["By"] = a.By, ["Reason"] = a.Reason, ["At"] = a.At.ToUniversalTime(), ["Detail"] = a.Detail,
        });

    private async Task<bool> TrySubmitAsync(IReadOnlyList<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static LifecycleStep ToStep(TableEntity e)
    {
        var reminders = (e.GetString("Reminders") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => TimeSpan.FromMinutes(double.Parse(s, CultureInfo.InvariantCulture))).ToHashSet();
        return new LifecycleStep(
            e.PartitionKey, int.Parse(e.RowKey[StepPrefix.Length..], CultureInfo.InvariantCulture),
            new StepTimeline(e.GetString("Kind"), e.GetDateTimeOffset("OpensAt")!.Value, e.GetDateTimeOffset("SoftDeadline")!.Value, e.GetDateTimeOffset("HardExpiry")!.Value),
            e.GetDateTimeOffset("OpenedAt"), reminders, e.GetDateTimeOffset("ReportedAt"), e.GetInt32("MissingTotal"), e.ETag);
    }

    /// <summary>Serialises the reminder set as minutes, comma-separated.</summary>
    public static string Reminders(IEnumerable<TimeSpan> sent) =>
        string.Join(',', sent.Select(t => t.TotalMinutes.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
