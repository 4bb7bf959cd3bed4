using BranchRating.Contracts;
using BranchRating.Contracts.Messages;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Scoring;
using BranchRating.Functions.Submissions;
using BranchRating.Storage.Queues;
using BranchRating.Storage.Roster;

namespace BranchRating.Functions.Queues;

/// <summary>
/// Queue function on <c>submissions</c>: rescores the listed subjects from their stored inputs. Idempotent (a score is
/// recomputed and replaced, never incremented). A malformed message or an unknown campaign goes to the poison
/// queue with the reason; inputs the engine refuses (often: not complete yet) are recorded on the subject's score row.
/// </summary>
public sealed class ScoreSubmissions(CampaignGate campaigns, RosterStore roster, SubjectScorer scorer) : IQueueFunction
{
    public string QueueName => StorageNames.Queues.Submissions;

    public async Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var body = QueueMessages.Parse<ScoreSubjectsMessage>(message.Body);
        if (body.V != ScoreSubjectsMessage.Version1) throw new PoisonMessageException($"Unknown message version {body.V}; this worker reads version {ScoreSubjectsMessage.Version1}.");
        if (body.Codes is null || body.Codes.Count is 0 or > ScoreSubjectsMessage.MaxCodes) throw new PoisonMessageException($"A message lists 1 to {ScoreSubjectsMessage.MaxCodes} codes.");
        var campaign = await campaigns.GetCampaignAsync(body.CampaignId, cancellationToken)
            ?? throw new PoisonMessageException($"Campaign '{body.CampaignId}' does not exist.");

        foreach (var code in body.Codes)
        {
            // A subject that is not on the roster or whose inputs are still incomplete gets no score; the refusal is
            // stored on its score row (shown at its status URL) and the publication rescoring reads it again.
            if (await roster.GetAsync(body.CampaignId, campaign.Campaign.Buckets, code, cancellationToken) is { } organization)
            {
                await scorer.ScoreOneAsync(body.CampaignId, campaign.Campaign.SchemeJson, campaign.Campaign.Buckets, organization, RatingDate.Of(campaign), cancellationToken);
            }
        }
    }
}

/// <summary>Reads a queue message body; anything unreadable is poison at once (retrying cannot fix it).</summary>
public static class QueueMessages
{
    public static T Parse<T>(string body) where T : class
    {
        try
        {
            return MessageQueue.Deserialize<T>(body) ?? throw new PoisonMessageException("The message body is empty (null).");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new PoisonMessageException($"The message is not valid JSON for {typeof(T).Name}: {e.Message}", e);
        }
    }
}
