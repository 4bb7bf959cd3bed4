namespace BranchRating.Security.Input;

/// <summary>Body size limits, bound from configuration section <c>RequestLimits</c>.</summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "RequestLimits";

    /// <summary>Largest request body of an endpoint that declares no limit of its own.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>Endpoint metadata: this endpoint accepts bodies up to <see cref="MaxBodyBytes"/> (e.g. a roster import).</summary>
public sealed record BodyLimitMetadata(long MaxBodyBytes);
