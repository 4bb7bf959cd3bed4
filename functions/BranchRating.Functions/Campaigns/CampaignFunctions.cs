using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Functions.Campaigns;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Notifications;
using BranchRating.Functions.Operations;
using BranchRating.Functions.Queues;
using BranchRating.Functions.Results;
using BranchRating.Functions.Roster;
using BranchRating.Functions.Scoring;
using BranchRating.Functions.Submissions;
using BranchRating.Functions.Timers;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Operations;
using BranchRating.Storage.Progress;
using BranchRating.Storage.Queues;
using BranchRating.Storage.Results;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Scores;
using BranchRating.Storage.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BranchRating.Functions.Campaigns;

/// <summary>Registers the campaign pipeline's functions (HTTP, queue, timer) with the host.</summary>
public static class CampaignFunctions
{
    public static IServiceCollection AddCampaignFunctions(this IServiceCollection services)
    {
        services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(p => new CampaignStore(p.Table(StorageNames.Tables.Campaigns)));
        services.AddSingleton(p => new RosterStore(p.Table(StorageNames.Tables.Organizations)));
        services.AddSingleton(p => new SubmissionStore(p.Table(StorageNames.Tables.Submissions)));
        services.AddSingleton(p => new BallotStore(p.Table(StorageNames.Tables.Ballots)));
        services.AddSingleton(p => new ProgressStore(p.Table(StorageNames.Tables.Progress)));
        services.AddSingleton<ProgressRecorder>();
        services.AddSingleton(p => new ScoreStore(p.Table(StorageNames.Tables.Scores)));
        services.AddSingleton(p => new BucketScoringMarks(p.Table(StorageNames.Tables.Scores)));
        services.AddSingleton(p => new ResultStore(p.Table(StorageNames.Tables.Results)));
        services.AddSingleton(p => new OperationStore(p.Table(StorageNames.Tables.Operations)));
        services.TryAddSingleton<QueueSendSignals>();
        services.AddSingleton(p => new MessageQueue(p.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>(), p.GetRequiredService<QueueSendSignals>()));
        services.AddSingleton<RatingAdapter>();
        services.AddSingleton<CampaignGate>();
        services.AddSingleton<SubmissionIntake>();
        services.AddSingleton<SubjectScorer>();
        services.AddSingleton<PreparedPublications>();
        services.AddSingleton<Publisher>();
        services.AddSingleton<Publications>();
        services.AddSingleton<IQueueFunction, ScoreSubmissions>();
        services.AddSingleton<IQueueFunction, RankAndPublish>();
        services.AddSingleton<ITimerFunction, CloseDueSteps>();

        // The results.published event is written beside the publication pointer in the campaigns table: sweep it.
        services.AddOutboxTable(StorageNames.Tables.Campaigns);
        return services;
    }

    public static IEndpointRouteBuilder MapCampaignFunctions(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").WithTags("campaigns");
        CreateCampaign.Map(api);
        GetCampaign.Map(api);
        ListCampaigns.Map(api);
        ImportRoster.Map(api);
        IssueBallotTokens.Map(api);
        SaveSelfAssessmentDraft.Map(api);
        GetSelfAssessment.Map(api);
        SubmitSelfAssessment.Map(api);
        SubmitSuperiorReview.Map(api);
        CastBallots.Map(api);
        RecordAdjustment.Map(api);
        GetSubjectStatus.Map(api);
        GetProgress.Map(api);
        CloseStepNow.Map(api);
        Recompute.Map(api);
        ReplayPoison.Map(api);
        GetOperation.Map(api);
        GetOrganizationResult.Map(api);
        GetRanking.Map(api);
        GetDistribution.Map(api);
        return routes;
    }

}
