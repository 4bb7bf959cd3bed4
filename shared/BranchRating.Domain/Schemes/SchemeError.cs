namespace BranchRating.Domain.Schemes;

/// <summary>One reason a scheme file was refused: where (JSON path), which rule, why.</summary>
public sealed record SchemeError(string Path, string Rule, string Message)
{
    public override string ToString() => $"{Path}: [{Rule}] {Message}";
}

/// <summary>The outcome of <see cref="SchemeLoader.Parse"/>: a scheme or the list of errors, never both.</summary>
public sealed record SchemeParseResult(Scheme? Scheme, IReadOnlyList<SchemeError> Errors)
{
    public bool IsValid => Scheme is not null;
}

/// <summary>Thrown by <see cref="SchemeLoader.Load"/> when a scheme file is invalid.</summary>
public sealed class SchemeValidationException(IReadOnlyList<SchemeError> errors)
    : Exception("The scheme is invalid: " + string.Join("; ", errors.Select(e => e.ToString())))
{
    public IReadOnlyList<SchemeError> Errors { get; } = errors;
}
