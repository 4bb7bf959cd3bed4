using System.Net;
using System.Net.Sockets;

namespace BranchRating.Notifications.Delivery;

/// <summary>Refused by the SSRF guard: the endpoint is not one BranchRating may call. Nothing was sent.</summary>
public sealed class EndpointRefusedException(string reason) : Exception(reason);

/// <summary>
/// Resolves an endpoint's host and refuses addresses that reach inside a network (see <see cref="EndpointSafetyOptions"/>).
/// It is used twice: to refuse a subscription's endpoint when it is created, and as the connect callback of the
/// delivery <see cref="System.Net.Http.SocketsHttpHandler"/>, so the address checked is the address connected to
/// (no DNS-rebinding window between check and connect).
/// </summary>
public sealed class EndpointGuard(EndpointSafetyOptions? options = null, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));

    public EndpointSafetyOptions Options { get; } = options ?? new EndpointSafetyOptions();

    /// <summary>Checks scheme and form without resolving: null when acceptable, else the reason.</summary>
    public string? CheckForm(Uri endpoint)
    {
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute http(s) URL";
        }

        if (!string.IsNullOrEmpty(endpoint.UserInfo))
        {
            return "must not carry user credentials";
        }

        var allowListed = Options.IsAllowListed(endpoint.Host);
        if (Options.RequireHttps && !allowListed && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            return "must use https";
        }

        return null;
    }

    /// <summary>The addresses the host may be connected on, or <see cref="EndpointRefusedException"/> with the reason.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return Options.AllowPrivateNetworks || Options.IsAllowListed(host) ? [literal] : Check(host, [literal]);
        }

        IPAddress[] addresses;
        try
        {
            addresses = await _resolve(host, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new EndpointRefusedException($"host '{host}' does not resolve: {e.SocketErrorCode}");
        }

        if (addresses.Length == 0)
        {
            throw new EndpointRefusedException($"host '{host}' has no address");
        }

        return Options.AllowPrivateNetworks || Options.IsAllowListed(host) ? addresses : Check(host, addresses);
    }

    /// <summary>Full check of an endpoint: form, then every resolved address.</summary>
    public async Task CheckAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        if (CheckForm(endpoint) is { } reason)
        {
            throw new EndpointRefusedException(reason);
        }

        await ResolveAsync(endpoint.Host, cancellationToken);
    }

    /// <summary>The connect callback for <see cref="System.Net.Http.SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(System.Net.Http.SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IPAddress[] Check(string host, IPAddress[] addresses)
    {
        foreach (var address in addresses)
        {
            if (ForbiddenRange(address) is { } range)
            {
                throw new EndpointRefusedException($"host '{host}' resolves to {address}, a {range} address; only public endpoints may be called");
            }
        }

        return addresses;
    }

    /// <summary>The name of the special range an address belongs to, or null for a public address.</summary>
    public static string? ForbiddenRange(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return (b[0], b[1]) switch
            {
                (0, _) => "unspecified",
                (10, _) => "private (10.0.0.0/8)",
                (100, >= 64 and <= 127) => "shared CGNAT (100.64.0.0/10)",
                (127, _) => "loopback",
                (169, 254) => "link-local / cloud metadata (169.254.0.0/16)",
                (172, >= 16 and <= 31) => "private (172.16.0.0/12)",
                (192, 168) => "private (192.168.0.0/16)",
                (192, 0) when b[2] == 0 => "IETF protocol assignment (192.0.0.0/24)",
                (198, 18 or 19) => "benchmarking (198.18.0.0/15)",
                (168, 63) when b[2] == 129 && b[3] == 16 => "Azure platform (168.63.129.16)",
                ( >= 224, _) => "multicast or reserved",
                _ => null,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Loopback))
            {
                return "loopback";
            }

            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
            {
                return "unspecified";
            }

            var b = address.GetAddressBytes();
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
            {
                return "link-local";
            }

            if ((b[0] & 0xfe) == 0xfc)
            {
                return "unique-local (fc00::/7)";
            }

            if (address.IsIPv6Multicast)
            {
                return "multicast";
            }

            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
            {
                return ForbiddenRange(new IPAddress(b[12..16])) is { } inner ? "NAT64 of a " + inner : null;
            }

            return null;
        }

        return "not an IP address";
    }
}
