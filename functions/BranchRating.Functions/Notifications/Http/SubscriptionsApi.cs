using BranchRating.Functions.Notifications.Delivery;
using BranchRating.Notifications.Queue;
using BranchRating.Storage.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace BranchRating.Functions.Notifications.Http;

/// <summary>
/// /api/v1/subscriptions: create (the secret is in this answer only), list, get, delete, delivery log, dead letters,
/// delivery status, manual redelivery, test ping. Refusals are RFC 9457 problem details naming the field.
/// </summary>
public static class SubscriptionsApi
{
    public static RouteGroupBuilder MapSubscriptionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/subscriptions").WithTags("subscriptions");
        group.MapPost("/", CreateAsync).WithName("CreateSubscription").Accepts<CreateSubscriptionRequest>("application/json")
            .Produces<SubscriptionResponse>(StatusCodes.Status201Created).WithSummary("Subscribe a department's endpoint; the secret is shown in this answer only.");
        group.MapGet("/", ListAsync).WithName("ListSubscriptions").Produces<SubscriptionResponse[]>();
        group.MapGet("/{id}", GetAsync).WithName("GetSubscription").Produces<SubscriptionResponse>();
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteSubscription").Produces(StatusCodes.Status204NoContent);
        group.MapGet("/{id}/deliveries", LogAsync).WithName("ListDeliveryLog").Produces<DeliveryLogEntry[]>();
        group.MapGet("/{id}/deliveries/{eventId}", StatusAsync).WithName("GetDelivery").Produces<DeliveryStatusResponse>();
        group.MapPost("/{id}/deliveries/{eventId}/redeliver", RedeliverAsync).WithName("RedeliverDelivery").Produces<DeliveryStatusResponse>(StatusCodes.Status202Accepted);
        group.MapGet("/{id}/dead-letters", DeadLettersAsync).WithName("ListDeadLetters").Produces<DeadLetter[]>();
        group.MapPost("/{id}/ping", PingAsync).WithName("PingSubscription").Produces<PingResponse>().WithSummary("Send a test event now and report how the endpoint answered.");
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpRequest http, SubscriptionValidator validator, NotificationStorage storage, SubscriptionCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        CreateSubscriptionRequest? request;
        try
        {
            request = await http.ReadFromJsonAsync<CreateSubscriptionRequest>(cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            return HttpResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["is not valid JSON: " + e.Message] });
        }

        var (subscription, secret, errors) = await validator.ValidateAsync(request, clock.GetUtcNow(), cancellationToken);
        if (subscription is null)
        {
            return HttpResults.ValidationProblem(errors, title: "The subscription was refused.");
        }

        await storage.Subscriptions.CreateAsync(subscription, secret, cancellationToken);
        cache.Invalidate();
        return HttpResults.Created($"/api/v1/subscriptions/{subscription.Id}", SubscriptionResponse.From(subscription, secret));
    }

    private static async Task<IResult> ListAsync(NotificationStorage storage, string? scope, CancellationToken cancellationToken)
    {
        var all = await storage.Subscriptions.ListAllAsync(cancellationToken);
        return HttpResults.Ok(all.Where(s => scope is null || s.Scope.StartsWith(scope, StringComparison.Ordinal))
            .OrderBy(s => s.Scope, StringComparer.Ordinal).Select(s => SubscriptionResponse.From(s)));
    }

    private static async Task<IResult> GetAsync(string id, NotificationStorage storage, CancellationToken cancellationToken) =>
        await storage.Subscriptions.GetAsync(id, cancellationToken) is { } s ? HttpResults.Ok(SubscriptionResponse.From(s)) : NotFound(id);

    private static async Task<IResult> DeleteAsync(string id, NotificationStorage storage, SubscriptionCache cache, CancellationToken cancellationToken)
    {
        if (!await storage.Subscriptions.DeleteAsync(id, cancellationToken))
        {
            return NotFound(id);
        }

        cache.Invalidate();
        return HttpResults.NoContent();
    }

    private static async Task<IResult> LogAsync(string id, int? limit, NotificationStorage storage, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return HttpResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["must be between 1 and 1000"] });
        }

        if (await storage.Subscriptions.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        return HttpResults.Ok(await storage.Log.ListAsync(id, limit ?? 100, cancellationToken));
    }

    private static async Task<IResult> DeadLettersAsync(string id, NotificationStorage storage, CancellationToken cancellationToken) =>
        await storage.Subscriptions.GetAsync(id, cancellationToken) is null
            ? NotFound(id)
            : HttpResults.Ok(await storage.DeadLetters.ListAsync(id, 1000, cancellationToken));

    private static async Task<IResult> StatusAsync(string id, string eventId, NotificationStorage storage, CancellationToken cancellationToken) =>
        await storage.Records.GetAsync(id, eventId, cancellationToken) is { } r
            ? HttpResults.Ok(new DeliveryStatusResponse(r.EventId, r.Event.Type, r.State.ToString(), r.Attempts, r.PartsDelivered, r.NextAttemptAt, r.LastError))
            : HttpResults.Problem(statusCode: 404, title: "No such delivery.", detail: $"eventId: no delivery of event '{eventId}' to subscription '{id}'.");

    private static async Task<IResult> RedeliverAsync(string id, string eventId, NotificationStorage storage, CancellationToken cancellationToken)
    {
        var record = await storage.Records.GetAsync(id, eventId, cancellationToken);
        if (record is null)
        {
            return HttpResults.Problem(statusCode: 404, title: "No such delivery.", detail: $"eventId: no delivery of event '{eventId}' to subscription '{id}'.");
        }

        var reset = await storage.Records.ResetForRedeliveryAsync(record, cancellationToken);
        if (reset is null)
        {
            return HttpResults.Problem(statusCode: 409, title: "The delivery cannot be redelivered.",
                detail: $"eventId: the delivery is {record.State}; only DeadLettered or Retrying deliveries can be redelivered.");
        }

        await storage.Queue.SendAsync(new DeliverMessage(id, [eventId]), cancellationToken: cancellationToken);
        await storage.DeadLetters.RemoveAsync(id, eventId, cancellationToken);
        return HttpResults.Accepted($"/api/v1/subscriptions/{id}/deliveries/{eventId}",
            new DeliveryStatusResponse(eventId, record.Event.Type, reset.State.ToString(), reset.Attempts, reset.PartsDelivered, null, record.LastError));
    }

    private static async Task<IResult> PingAsync(string id, NotificationStorage storage, PingSender ping, CancellationToken cancellationToken)
    {
        if (await storage.Subscriptions.GetAsync(id, cancellationToken) is not { } subscription)
        {
            return NotFound(id);
        }

        var result = await ping.PingAsync(subscription, cancellationToken);
        return HttpResults.Ok(new PingResponse(result.Accepted, result.StatusCode, result.Latency.TotalMilliseconds, result.Error));
    }

    private static IResult NotFound(string id) =>
        HttpResults.Problem(statusCode: 404, title: "No such subscription.", detail: $"id: no subscription '{id}'.");
}
