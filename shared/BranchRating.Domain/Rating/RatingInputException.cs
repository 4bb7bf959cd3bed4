namespace BranchRating.Domain.Rating;

/// <summary>One reason an input was refused: where (e.g. $.submissions[1].scores.rules), which rule, why.</summary>
public sealed record InputError(string Path, string Rule, string Message)
{
    public override string ToString() => $"{Path}: [{Rule}] {Message}";
}

/// <summary>Thrown when an input does not fit the scheme; carries every error found.</summary>
public sealed class RatingInputException(string subject, IReadOnlyList<InputError> errors)
    : Exception($"Invalid input for '{subject}': " + string.Join("; ", errors.Select(e => e.ToString())))
{
    /// <summary>The subject code (or "run" for errors across subjects).</summary>
    public string Subject { get; } = subject;

    public IReadOnlyList<InputError> Errors { get; } = errors;
}
