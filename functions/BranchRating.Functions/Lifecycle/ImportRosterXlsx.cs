using BranchRating.Contracts.Roster;
using BranchRating.Exports;
using BranchRating.Functions.Http;
using BranchRating.Functions.Roster;
using BranchRating.Functions.Submissions;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Roster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Lifecycle;

/// <summary>
/// POST /api/v1/campaigns/{campaignId}/roster/xlsx: the roster as an Excel workbook (first sheet, header row with the
/// CSV column names or their Chinese labels), validated and stored exactly as the CSV/JSON import does.
/// </summary>
public static class ImportRosterXlsx
{
    /// <summary>Chinese column labels accepted beside the CSV names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["组织代码"] = "code", ["组织名称"] = "name", ["上级组织代码"] = "parentCode", ["区域"] = "region", ["县"] = "county", ["领域"] = "field", ["党员人数"] = "memberCount",
    };

    public const long MaxBytes = 20 * 1024 * 1024;

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) => api.MapPost("/campaigns/{campaignId}/roster/xlsx", HandleAsync)
        .WithName(nameof(ImportRosterXlsx)).Accepts<IFormFile>(LedgerEndpoints.XlsxType).Produces<RosterImportResponse>();

    public static async Task<IResult> HandleAsync(
        string campaignId, HttpRequest http, CampaignStore campaigns, RosterStore roster, ProgressRecorder progress, IOptions<PipelineOptions> options, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null) return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        if (http.ContentLength > MaxBytes) return Problems.Invalid("body", $"At most {MaxBytes / 1024 / 1024} MB.");

        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBytes) return Problems.Invalid("body", $"At most {MaxBytes / 1024 / 1024} MB.");
        buffer.Position = 0;
        IReadOnlyList<IReadOnlyList<string>> sheet;
        try
        {
            sheet = XlsxExport.Read(buffer);
        }
        catch (Exception e) when (e is InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or System.IO.FileFormatException or InvalidOperationException)
        {
            return Problems.Invalid("body", $"Not an Excel .xlsx workbook: {e.Message}", "The roster could not be read.");
        }

        if (sheet.Count == 0) return Problems.Invalid("body", "The first sheet is empty; it needs a header row: " + string.Join(',', OrganizationRow.CsvColumns), "The roster could not be read.");
        var header = sheet[0].Select(h => Labels.TryGetValue(h.Trim(), out var name) ? name : h.Trim()).ToList();
        var index = OrganizationRow.CsvColumns.ToDictionary(c => c, c => header.FindIndex(h => h.Equals(c, StringComparison.OrdinalIgnoreCase)));
        var missing = index.Where(kv => kv.Value < 0 && kv.Key != "parentCode").Select(kv => kv.Key).ToList();
        if (missing.Count > 0) return Problems.Invalid("body", $"The header row lacks column(s): {string.Join(", ", missing)}.", "The roster could not be read.");
        var rows = sheet.Skip(1).Where(r => r.Any(c => c.Length > 0)).Select(l =>
        {
            string? Cell(string column) => index[column] is var i && i >= 0 && i < l.Count && l[i].Trim().Length > 0 ? l[i].Trim() : null;
            return new OrganizationRow
            {
                Code = Cell("code"), Name = Cell("name"), ParentCode = Cell("parentCode"), Region = Cell("region"), County = Cell("county"), Field = Cell("field"),
                MemberCount = int.TryParse(Cell("memberCount"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null,
            };
        }).ToList();
        if (rows.Count > options.Value.MaxRosterRows) return Problems.Invalid("organizations", $"At most {options.Value.MaxRosterRows} rows per request; split the import.");

        var (valid, refused) = RosterValidator.Check(rows);
        var records = await RosterValidator.BuildPathsAsync(valid, code => roster.GetAsync(campaignId, campaign.Campaign.Buckets, code, cancellationToken), refused);
        var changes = await roster.ImportAsync(campaignId, campaign.Campaign.Buckets, records, cancellationToken);
        await progress.RosterImportedAsync(campaignId, campaign.Campaign.Buckets, changes, cancellationToken);
        return TypedResults.Ok(new RosterImportResponse(rows.Count, records.Count, refused.OrderBy(r => r.Row).ToList()));
    }
}
