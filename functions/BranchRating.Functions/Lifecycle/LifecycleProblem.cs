namespace BranchRating.Functions.Lifecycle;

/// <summary>A refusal naming the field and the reason, with its HTTP status (turned into RFC 9457 problem details by the endpoints).</summary>
public sealed class LifecycleProblem(int status, string field, string reason) : Exception(reason)
{
    public int Status { get; } = status;

    public string Field { get; } = field;

    public static LifecycleProblem Invalid(string field, string reason) => new(400, field, reason);

    public static LifecycleProblem NotFound(string field, string reason) => new(404, field, reason);

    public static LifecycleProblem Conflict(string field, string reason) => new(409, field, reason);

    public static LifecycleProblem Forbidden(string field, string reason) => new(403, field, reason);
}
