namespace BranchRating.Functions;

/// <summary>Settings of the campaign pipeline (configuration section <c>Pipeline</c>).</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>Partition buckets of a new campaign (fixed per campaign once created).</summary>
    public int Buckets { get; set; } = 32;

    /// <summary>
    /// Wait between a step's close and the start of publication: longer than any request that passed the step check
    /// before the close may take to store its submission, so an accepted submission is always counted.
    /// </summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A request that took longer than this between the step check and its write is refused (see <see cref="SettleDelay"/>).</summary>
    public TimeSpan MaxAcceptanceLatency { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a campaign read for a submission is reused (shorter than <see cref="SettleDelay"/> − <see cref="MaxAcceptanceLatency"/>).</summary>
    public TimeSpan CampaignCacheTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Queue a rescoring of the subject after each accepted submission (live scores at the status URL). Publication
    /// always rescores every subject from the stored inputs, so turning this off changes no published result; it
    /// spares the storage one subject read per submission during heavy intake.
    /// </summary>
    public bool ScoreOnSubmit { get; set; } = true;

    /// <summary>
    /// Allowance for clocks of the storage's partition servers: inputs stamped up to this long before a bucket's scoring
    /// mark count as newer than its scores (see <see cref="Scoring.SubjectScorer.RefreshBucketAsync"/>).
    /// </summary>
    public TimeSpan WatermarkSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A publication scores again at most this many organizations of a bucket one by one (inputs stored after the bucket
    /// was scored ahead); beyond it, the whole bucket is scored again (one read of the bucket is cheaper).
    /// </summary>
    public int MaxIncrementalRescores { get; set; } = 100;

    /// <summary>
    /// Once every bucket is scored ahead at the last input close, also rank and write the publication then (a version not
    /// yet visible); the final close publishes that version, without ranking or writing, when nothing it was computed from
    /// changed since (<see cref="Scoring.PreparedPublications"/>), and ranks and writes as usual otherwise.
    /// </summary>
    public bool PrepareAhead { get; set; } = true;

    /// <summary>Organization attributes rankings are published for (each value gets its own ranking).</summary>
    public IList<string> RankingScopes { get; set; } = ["region", "county", "field"];

    /// <summary>Organization attributes the level distribution is published for.</summary>
    public IList<string> DistributionScopes { get; set; } = ["region", "county", "field"];

    /// <summary>Largest roster import (rows per request).</summary>
    public int MaxRosterRows { get; set; } = 20_000;

    /// <summary>Most ballot tokens issued per request.</summary>
    public int MaxTokensPerRequest { get; set; } = 2_000;
}
