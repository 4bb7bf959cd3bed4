using System.Globalization;
using BranchRating.Exports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Lifecycle;

/// <summary>
/// GET /api/v1/campaigns/{campaignId}/lifecycle/ledger?format=json|csv|xlsx — the ledger as JSON or as a file with Chinese
/// column labels; the rectification notices of the campaign (issue, list, close).
/// </summary>
public static class LedgerEndpoints
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/campaigns/{campaignId}/lifecycle/ledger", (string campaignId, string? format, LedgerService ledger, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () =>
            {
                if (format is not (null or "json" or "csv" or "xlsx")) throw LifecycleProblem.Invalid("format", "One of json, csv, xlsx.");
                var rows = await ledger.RowsAsync(campaignId, ct);
                var file = $"{campaignId}-台账";
                return format switch
                {
                    "csv" => TypedResults.File(CsvExport.Write(LedgerService.Labels, rows.Select(r => LedgerService.Cells(r).Select(Text).ToList())), "text/csv; charset=utf-8", file + ".csv"),
                    "xlsx" => TypedResults.File(XlsxExport.Write("台账", LedgerService.Labels, rows.Select(LedgerService.Cells)), XlsxType, file + ".xlsx"),
                    _ => (IResult)TypedResults.Ok(rows),
                };
            })).WithName("GetLedger").Produces<IReadOnlyList<BranchRating.Contracts.Lifecycle.LedgerRow>>().Produces(StatusCodes.Status200OK, contentType: "text/csv").Produces(StatusCodes.Status200OK, contentType: XlsxType);
        var r = api.MapGroup("/campaigns/{campaignId}/lifecycle/rectifications");
        r.MapPost("", (string campaignId, BranchRating.Contracts.Lifecycle.IssueRectificationsRequest request, RectificationService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.IssueAsync(campaignId, request, ct)))).WithName("IssueRectifications").Produces<IReadOnlyList<BranchRating.Contracts.Lifecycle.RectificationResponse>>();
        r.MapGet("", (string campaignId, RectificationService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.ListAsync(campaignId, ct)))).WithName("ListRectifications").Produces<IReadOnlyList<BranchRating.Contracts.Lifecycle.RectificationResponse>>();
        r.MapPost("/{code}/close", (string campaignId, string code, BranchRating.Contracts.Lifecycle.CloseRectificationRequest request, RectificationService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.CloseAsync(campaignId, code, request, ct)))).WithName("CloseRectification").Produces<BranchRating.Contracts.Lifecycle.RectificationResponse>();
        return api;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
