using System.Text.Json;
using BranchRating.Contracts.Roster;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Roster;
using BranchRating.Functions.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Roster;

/// <summary>
/// POST /api/v1/campaigns/{campaignId}/organizations: bulk import of the roster as JSON (<c>{"organizations":[…]}</c>)
/// or CSV (<c>text/csv</c>, header row with the columns of <see cref="OrganizationRow.CsvColumns"/>). Valid rows are
/// stored; refused rows are reported with row, column and reason.
/// </summary>
public static class ImportRoster
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) => api.MapPost("/campaigns/{campaignId}/organizations", HandleAsync)
        .WithName(nameof(ImportRoster))
        .Accepts<RosterImportRequest>("application/json", "text/csv")
        .Produces<RosterImportResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(
        string campaignId, HttpRequest http, CampaignStore campaigns, RosterStore roster, ProgressRecorder progress, IOptions<PipelineOptions> options, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        }

        var (rows, error) = await ReadAsync(http, cancellationToken);
        if (rows is null)
        {
            return Problems.Invalid("body", error!, "The roster could not be read.");
        }

        if (rows.Count > options.Value.MaxRosterRows)
        {
            return Problems.Invalid("organizations", $"At most {options.Value.MaxRosterRows} rows per request; split the import.");
        }

        var buckets = campaign.Campaign.Buckets;
        var (valid, refused) = RosterValidator.Check(rows);
        var records = await RosterValidator.BuildPathsAsync(valid, code => roster.GetAsync(campaignId, buckets, code, cancellationToken), refused);
        var changes = await roster.ImportAsync(campaignId, buckets, records, cancellationToken);
        await progress.RosterImportedAsync(campaignId, buckets, changes, cancellationToken);
        return TypedResults.Ok(new RosterImportResponse(rows.Count, records.Count, refused.OrderBy(r => r.Row).ToList()));
    }

    private static async Task<(IReadOnlyList<OrganizationRow>? Rows, string? Error)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (http.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(http.Body);
            var text = await reader.ReadToEndAsync(cancellationToken);
            var lines = CsvReader.Read(new StringReader(text)).Where(l => l.Any(f => f.Length > 0)).ToList();
            if (lines.Count == 0) return (null, "The CSV is empty; it needs a header row: " + string.Join(',', OrganizationRow.CsvColumns));
            var header = lines[0].Select(h => h.Trim()).ToList();
            var index = OrganizationRow.CsvColumns.ToDictionary(c => c, c => header.FindIndex(h => h.Equals(c, StringComparison.OrdinalIgnoreCase)));
            var missing = index.Where(kv => kv.Value < 0 && kv.Key != "parentCode").Select(kv => kv.Key).ToList();
            if (missing.Count > 0) return (null, $"The CSV header lacks column(s): {string.Join(", ", missing)}.");
            string? Cell(IReadOnlyList<string> line, string column) => index[column] is var i && i >= 0 && i < line.Count ? line[i].Trim() : null;
            return (lines.Skip(1).Select(l => new OrganizationRow
            {
                Code = Cell(l, "code"), Name = Cell(l, "name"), ParentCode = Cell(l, "parentCode"), Region = Cell(l, "region"),
                County = Cell(l, "county"), Field = Cell(l, "field"),
                MemberCount = int.TryParse(Cell(l, "memberCount"), out var n) ? n : null,
            }).ToList(), null);
        }

        try
        {
            var request = await JsonSerializer.DeserializeAsync<RosterImportRequest>(http.Body, JsonSerializerOptions.Web, cancellationToken);
            return request?.Organizations is { } list ? (list, null) : (null, "Expected {\"organizations\": [ … ]} or a text/csv body.");
        }
        catch (JsonException e)
        {
            return (null, $"Invalid JSON at {e.Path}: {e.Message}");
        }
    }
}
