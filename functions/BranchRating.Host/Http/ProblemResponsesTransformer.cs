using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BranchRating.Host.Http;

/// <summary>
/// Completes the OpenAPI document with what the host guarantees for every operation: a <c>4XX</c> and a <c>5XX</c>
/// answer as RFC 9457 <c>application/problem+json</c> (component <c>ProblemDetails</c>, with <c>errors</c> keyed by
/// JSON path and <c>traceId</c>). The document names no server, so the copy kept in the repository does not depend
/// on where it was generated.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiDocumentTransformer
{
    public const string ProblemSchema = "ProblemDetails";
    public const string ProblemResponse = "Problem";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "BranchRating API";
        document.Info.Description =
            "Rating campaigns of grassroots Party organizations. Every refused request is answered with RFC 9457 problem details " +
            "naming the field and the reason; long work answers 202 with a status URL.";
        document.Servers?.Clear();

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it when reporting a 5XX." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Reasons per field, keyed by JSON path (e.g. $.steps[0].deadline).",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };

        document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>();
        document.Components.Responses[ProblemResponse] = new OpenApiResponse
        {
            Description = "Problem details (RFC 9457).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };

        foreach (var path in document.Paths.Values)
        {
            foreach (var operation in path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("4XX", new OpenApiResponseReference(ProblemResponse, document));
                operation.Responses.TryAdd("5XX", new OpenApiResponseReference(ProblemResponse, document));
            }
        }

        return Task.CompletedTask;
    }
}
