namespace BranchRating.Notifications.Delivery;

/// <summary>
/// Server-side request forgery guard. In production (the defaults) endpoints must be https and resolve only to public
/// addresses; loopback, private, link-local (incl. the 169.254.169.254 metadata service), unique-local, CGNAT and
/// other special ranges are refused after DNS resolution, before any connection. Hosts in <see cref="AllowedHosts"/>
/// (tests, local receivers) skip the address check and may use http.
/// </summary>
public sealed class EndpointSafetyOptions
{
    /// <summary>Host names or literal addresses exempted from the address check, e.g. <c>127.0.0.1</c> in tests.</summary>
    public IList<string> AllowedHosts { get; set; } = [];

    /// <summary>Refuse plain http for hosts not in <see cref="AllowedHosts"/>.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Only for a development machine: no address check at all. Never set in production.</summary>
    public bool AllowPrivateNetworks { get; set; }

    public bool IsAllowListed(string host) =>
        AllowedHosts.Any(h => string.Equals(h.Trim().Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));
}
