namespace BranchRating.Contracts;

/// <summary>
/// Every queue and table the system uses. The infrastructure (infra/) creates exactly these and scales the
/// worker on the queues; a test compares the two lists. Poison queues are <c>&lt;queue&gt;-poison</c>.
/// </summary>
public static class StorageNames
{
    public static class Queues
    {
        /// <summary>Accepted submissions (self-assessments, reviews, ballot batches, adjustments) to score.</summary>
        public const string Submissions = "submissions";

        /// <summary>Step closes and recomputations: rank, apply quotas, publish a version.</summary>
        public const string Ranking = "ranking";

        /// <summary>Outbox events to fan out to subscriptions, and webhook deliveries.</summary>
        public const string Notifications = "notifications";

        public static readonly IReadOnlyList<string> All = [Submissions, Ranking, Notifications];

        public static string Poison(string queue) => queue + "-poison";
    }

    public static class Tables
    {
        public const string Campaigns = "campaigns";
        public const string Organizations = "organizations";
        public const string Submissions = "submissions";
        public const string Progress = "progress";
        public const string Ballots = "ballots";
        public const string Scores = "scores";
        public const string Results = "results";
        public const string Idempotency = "idempotency";
        public const string Operations = "operations";
        public const string Outbox = "outbox";
        public const string Subscriptions = "subscriptions";
        public const string Deliveries = "deliveries";
        public const string Audit = "audit";
        public const string AccessGrants = "accessgrants";

        public static readonly IReadOnlyList<string> All =
        [
            Campaigns, Organizations, Submissions, Progress, Ballots, Scores, Results, Idempotency, Operations,
            Outbox, Subscriptions, Deliveries, Audit, AccessGrants,
        ];
    }
}
