using System.Text.RegularExpressions;
using BranchRating.Contracts.Campaigns;
using BranchRating.Functions.Http;
using BranchRating.Functions.Scoring;
using BranchRating.Functions.Security;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Campaigns;

/// <summary>POST /api/v1/campaigns: a campaign from a preset or an uploaded scheme, with its steps and deadlines.</summary>
public static partial class CreateCampaign
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) => api.MapPost("/campaigns", HandleAsync).WithName(nameof(CreateCampaign))
        .Produces<BranchRating.Contracts.Campaigns.CampaignResponse>(201)
        .ProducesValidationProblem()
        .ProducesProblem(403)
        .ProducesProblem(409);

    public static async Task<IResult> HandleAsync(
        CreateCampaignRequest request, HttpContext context, CampaignStore campaigns, RatingAdapter rating, TimeProvider time, IOptions<PipelineOptions> options, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        if (!CampaignOwnerScope.TryOwner(context, request.Scope, out var owner, out var scopeError)) errors.Add(("scope", scopeError));
        if (string.IsNullOrWhiteSpace(request.Name)) errors.Add(("name", "A name is required."));
        if (request.Id is not null && !IdPattern().IsMatch(request.Id)) errors.Add(("id", "3–40 characters: lower-case letters, digits and '-', starting with a letter or digit."));
        var steps = request.Steps ?? [];
        if (steps.Count == 0) errors.Add(("steps", "At least one step with a deadline is required."));
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Kind is not { } kind || !StepKinds.All.Contains(kind)) errors.Add(($"steps[{i}].kind", $"Must be one of: {string.Join(", ", StepKinds.All)}."));
            if (steps[i].Deadline is null) errors.Add(($"steps[{i}].deadline", "An instant with an offset is required, e.g. 2026-06-05T18:00:00+08:00."));
            else if (i > 0 && steps[i - 1].Deadline is { } before && steps[i].Deadline < before) errors.Add(($"steps[{i}].deadline", "Must not be before the previous step's deadline."));
            if (steps.Take(i).Any(s => s.Kind == steps[i].Kind)) errors.Add(($"steps[{i}].kind", "Each step kind appears once."));
        }

        string? schemeJson = null;
        if ((request.PresetId is null) == (request.Scheme is null)) errors.Add(("presetId", "Give exactly one of presetId or scheme."));
        else if (request.PresetId is { } presetId && (schemeJson = rating.PresetJson(presetId)) is null) errors.Add(("presetId", $"Unknown preset; known: {string.Join(", ", rating.PresetIds)}."));
        else schemeJson ??= request.Scheme!.Value.GetRawText();

        SchemeSummary? scheme = null;
        if (schemeJson is not null)
        {
            var parsed = rating.ParseScheme(schemeJson);
            scheme = parsed.Scheme;
            errors.AddRange(parsed.Errors.Select(e => ("scheme" + e.Path.TrimStart('$'), $"{e.Message} (rule {e.Rule})")));
        }

        if (errors.Count > 0 || scheme is null)
        {
            return Problems.Invalid(errors, "The campaign cannot be created.");
        }

        var id = request.Id ?? Guid.NewGuid().ToString("N")[..12];
        var record = new CampaignRecord(id, request.Name!, scheme.Id, scheme.Version, scheme.Name, schemeJson!, options.Value.Buckets, time.GetUtcNow(),
            owner, BallotTokens.NewKey());
        if (!await campaigns.CreateAsync(record, steps.Select(s => (s.Kind!, s.Deadline!.Value.ToUniversalTime())).ToList(), cancellationToken))
        {
            return Problems.Conflict("id", $"Campaign '{id}' already exists.");
        }

        var created = await campaigns.GetAsync(id, cancellationToken);
        return TypedResults.Created($"/api/v1/campaigns/{id}", CampaignMapping.ToResponse(created!.Campaign, created.Steps, created.Publication));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,39}$")]
    private static partial Regex IdPattern();
}
