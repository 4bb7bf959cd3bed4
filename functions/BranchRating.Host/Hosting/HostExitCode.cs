namespace BranchRating.Host.Hosting;

/// <summary>The process exit code Program.cs returns: 0, or 1 when a run-once scheduler job had a failing timer.</summary>
public sealed class HostExitCode
{
    private int _value;

    public int Value => Volatile.Read(ref _value);

    public void Fail() => Volatile.Write(ref _value, 1);
}
