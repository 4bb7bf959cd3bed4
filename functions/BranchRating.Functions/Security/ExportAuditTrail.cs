using BranchRating.Security.Audit;
using BranchRating.Security.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Security;

/// <summary>GET /api/v1/campaigns/{campaignId}/audit/export?format=jsonl|csv: the campaign's audit records, streamed.</summary>
public static class ExportAuditTrail
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/audit/export", HandleAsync)
            .WithName(nameof(ExportAuditTrail))
            .RequireRating(Permission.ReadAudit, ScopeFrom.Campaign("campaignId"));

    public static async Task<IResult> HandleAsync(string campaignId, string? format, HttpResponse response, AuditTrail audit, CancellationToken cancellationToken)
    {
        format ??= "jsonl";
        if (format is not ("jsonl" or "csv"))
        {
            return SecurityProblems.Invalid("format", "jsonl or csv.");
        }

        if (!AuditTrail.IsValidChain(campaignId))
        {
            return SecurityProblems.Invalid("campaignId", "1-64 letters, digits, '-' or '_'.");
        }

        response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"audit-{campaignId}.{format}\"";
        await using var writer = new StreamWriter(response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: format == "csv"));
        var records = audit.ReadAsync(campaignId, cancellationToken);
        _ = format == "csv"
            ? await AuditExport.WriteCsvAsync(records, writer, cancellationToken)
            : await AuditExport.WriteJsonLinesAsync(records, writer, cancellationToken);
        return TypedResults.Empty;
    }
}
