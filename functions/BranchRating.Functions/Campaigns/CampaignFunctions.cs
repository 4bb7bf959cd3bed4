using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Campaigns;

/// <summary>Registers the campaign pipeline's functions (HTTP, queue, timer) with the host.</summary>
public static class CampaignFunctions
{
    public static IServiceCollection AddCampaignFunctions(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapCampaignFunctions(this IEndpointRouteBuilder routes) => routes;
}
