using BranchRating.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace BranchRating.Host.Queues;

/// <summary>
/// Binds the named <see cref="QueueFunctionOptions"/> of a queue from configuration: first <c>Queues:Defaults</c>, then
/// <c>Queues:&lt;queue&gt;</c> (env <c>Queues__Defaults__BatchSize</c>, <c>Queues__ranking__MaxConcurrency</c>).
/// The host registers this after the functions (see <c>HostRegistration</c>), so configuration overrides the defaults a
/// function sets in code with <c>Configure&lt;QueueFunctionOptions&gt;(queue, …)</c>.
/// </summary>
internal sealed class QueueFunctionOptionsSetup(IConfiguration configuration) : IConfigureNamedOptions<QueueFunctionOptions>
{
    public const string SectionName = "Queues";
    public const string DefaultsSection = "Defaults";

    public void Configure(string? name, QueueFunctionOptions options)
    {
        configuration.GetSection(SectionName).GetSection(DefaultsSection).Bind(options);
        if (!string.IsNullOrEmpty(name))
        {
            configuration.GetSection(SectionName).GetSection(name).Bind(options);
        }
    }

    public void Configure(QueueFunctionOptions options) => Configure(Options.DefaultName, options);
}

/// <summary>Refuses listener settings the queue service or the listener cannot honour, naming the setting.</summary>
internal sealed class QueueFunctionOptionsValidator : IValidateOptions<QueueFunctionOptions>
{
    public ValidateOptionsResult Validate(string? name, QueueFunctionOptions o)
    {
        var at = $"Queues:{(string.IsNullOrEmpty(name) ? QueueFunctionOptionsSetup.DefaultsSection : name)}";
        var failures = new List<string>();
        Check(o.MaxDequeueCount >= 1, $"{at}:MaxDequeueCount must be at least 1 (got {o.MaxDequeueCount}).");
        Check(o.BatchSize is >= 1 and <= 32, $"{at}:BatchSize must be between 1 and 32, the most one receive returns (got {o.BatchSize}).");
        Check(o.MaxConcurrency >= 1, $"{at}:MaxConcurrency must be at least 1 (got {o.MaxConcurrency}).");
        Check(o.VisibilityTimeout >= TimeSpan.FromSeconds(1) && o.VisibilityTimeout <= TimeSpan.FromDays(7),
            $"{at}:VisibilityTimeout must be between 00:00:01 and 7 days (got {o.VisibilityTimeout}).");
        Check(o.RetryDelay >= TimeSpan.Zero && o.RetryDelay <= TimeSpan.FromDays(7),
            $"{at}:RetryDelay must be between 00:00:00 and 7 days (got {o.RetryDelay}).");
        Check(o.MinPollingInterval > TimeSpan.Zero && o.MinPollingInterval <= o.MaxPollingInterval,
            $"{at}:MinPollingInterval must be positive and at most MaxPollingInterval (got {o.MinPollingInterval} and {o.MaxPollingInterval}).");
        Check(o.ShutdownGracePeriod >= TimeSpan.Zero, $"{at}:ShutdownGracePeriod must not be negative (got {o.ShutdownGracePeriod}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(bool ok, string failure)
        {
            if (!ok)
            {
                failures.Add(failure);
            }
        }
    }
}
