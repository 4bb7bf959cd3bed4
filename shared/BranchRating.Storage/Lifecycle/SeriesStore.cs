using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace BranchRating.Storage.Lifecycle;

/// <summary>A campaign registered as one round of a series (e.g. a county's yearly star rating: 2026 round 1 in March, round 2 in July).</summary>
public sealed record SeriesRound(string SeriesId, int Year, int Round, string CampaignId, string RegisteredBy, DateTimeOffset RegisteredAt);

/// <summary>Series in table <c>campaigns</c>: partition <c>series|{seriesId}</c>, row <c>round|{year:D4}|{round:D2}</c>.</summary>
public sealed class SeriesStore(TableClient table)
{
    private static string Partition(string seriesId) => "series|" + seriesId;

    /// <summary>Registers the round; false when it is already registered to another campaign.</summary>
    public async Task<bool> RegisterAsync(SeriesRound round, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(Partition(round.SeriesId), string.Create(CultureInfo.InvariantCulture, $"round|{round.Year:D4}|{round.Round:D2}"))
        {
            ["Year"] = round.Year, ["Round"] = round.Round, ["CampaignId"] = round.CampaignId, ["RegisteredBy"] = round.RegisteredBy, ["RegisteredAt"] = round.RegisteredAt.ToUniversalTime(),
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return existing.GetString("CampaignId") == round.CampaignId;
        }
    }

    public async Task<IReadOnlyList<SeriesRound>> ListAsync(string seriesId, CancellationToken cancellationToken = default)
    {
        var pk = Partition(seriesId);
        var list = new List<SeriesRound>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new SeriesRound(seriesId, e.GetInt32("Year") ?? 0, e.GetInt32("Round") ?? 0, e.GetString("CampaignId"), e.GetString("RegisteredBy"), e.GetDateTimeOffset("RegisteredAt") ?? default));
        }

        return list.OrderBy(r => r.Year).ThenBy(r => r.Round).ToList();
    }
}
