using System.Text.RegularExpressions;
using BranchRating.Notifications.Delivery;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Formats;
using BranchRating.Notifications.Signing;
using BranchRating.Storage.Notifications;

namespace BranchRating.Functions.Notifications.Http;

/// <summary>Checks a creation request field by field; every refusal names the field and the reason (problem details "errors").</summary>
public sealed partial class SubscriptionValidator(EndpointGuard guard)
{
    public async Task<(SubscriptionRecord? Subscription, string? Secret, Dictionary<string, string[]> Errors)> ValidateAsync(
        CreateSubscriptionRequest? request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["a JSON object with name, scope, eventTypes, endpoint and format is required"];
            return (null, null, errors);
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            errors["name"] = ["is required, at most 100 characters"];
        }

        if (request.Scope is null || !ScopePattern().IsMatch(request.Scope))
        {
            errors["scope"] = ["must be an organization path starting and ending with '/', e.g. '/32/3201/' ('/' covers everything)"];
        }

        var types = request.EventTypes ?? [];
        if (types.Count == 0)
        {
            errors["eventTypes"] = ["must list at least one of: " + string.Join(", ", NotificationEventTypes.All)];
        }
        else if (types.FirstOrDefault(t => !NotificationEventTypes.IsKnown(t)) is { } unknown)
        {
            errors["eventTypes"] = [$"'{unknown}' is not an event type; known: " + string.Join(", ", NotificationEventTypes.All)];
        }

        if (!WebhookFormats.TryParse(request.Format, out var format))
        {
            errors["format"] = ["must be one of: " + string.Join(", ", WebhookFormats.Names)];
        }

        Uri? endpoint = null;
        if (!Uri.TryCreate(request.Endpoint, UriKind.Absolute, out endpoint))
        {
            errors["endpoint"] = ["must be an absolute https URL"];
        }
        else
        {
            try
            {
                await guard.CheckAsync(endpoint, cancellationToken);
            }
            catch (EndpointRefusedException e)
            {
                errors["endpoint"] = [e.Message];
            }
        }

        var secret = request.Secret;
        if (!errors.ContainsKey("format"))
        {
            switch (format)
            {
                case WebhookFormat.CloudEvents when secret is null:
                    secret = StandardWebhookSigner.NewSecret();
                    break;
                case WebhookFormat.CloudEvents when !StandardWebhookSigner.IsValidSecret(secret):
                    errors["secret"] = ["for cloudevents must be empty (one is generated) or 'whsec_' + base64 of 24 to 64 bytes"];
                    break;
                case WebhookFormat.WeCom when secret is not null:
                    errors["secret"] = ["WeCom robots have no signing secret: the key is part of the endpoint URL; leave it empty"];
                    break;
                case WebhookFormat.DingTalk or WebhookFormat.Feishu when secret is { } s && (s.Length is < 8 or > 200 || s.Any(char.IsWhiteSpace)):
                    errors["secret"] = ["must be the robot's signing secret as shown by the robot settings (8–200 characters, no spaces)"];
                    break;
            }
        }

        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        var subscription = new SubscriptionRecord("sub_" + Guid.NewGuid().ToString("N"), request.Name!.Trim(), request.Scope!,
            types.Distinct().ToList(), endpoint!, format, now);
        return (subscription, secret, errors);
    }

    [GeneratedRegex("^/([A-Za-z0-9_-]+/)*$")]
    private static partial Regex ScopePattern();
}
