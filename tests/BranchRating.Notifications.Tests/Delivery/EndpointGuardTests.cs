using System.Net;
using BranchRating.Notifications.Delivery;
using BranchRating.Notifications.Formats;
using BranchRating.Notifications.Tests.Support;

namespace BranchRating.Notifications.Tests.Delivery;

public sealed class EndpointGuardTests
{
    private static readonly WebhookFormatters Formatters = new();

    /// <summary>Production configuration, with a resolver that answers the host names below as an attacker's DNS would.</summary>
    private static EndpointGuard Production(params IPAddress[] answer) =>
        new(new EndpointSafetyOptions(), (_, _) => Task.FromResult(answer));

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.0.10")]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.8.8")]
    [InlineData("169.254.169.254")]
    [InlineData("172.20.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")]
    public async Task Production_refuses_names_resolving_to_internal_addresses_before_connecting(string address)
    {
        var guard = Production(IPAddress.Parse(address));

        var refused = await Assert.ThrowsAsync<EndpointRefusedException>(() =>
            guard.CheckAsync(new Uri("https://hooks.department.example.cn/x"), TestContext.Current.CancellationToken));

        Assert.Contains(address.Replace("::ffff:", ""), refused.Message);
    }

    [Fact]
    public async Task Public_addresses_pass()
    {
        var guard = Production(IPAddress.Parse("203.0.113.10"), IPAddress.Parse("2400:3200::1"));

        await guard.CheckAsync(new Uri("https://oapi.dingtalk.com/robot/send"), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task One_internal_address_among_public_ones_is_enough_to_refuse()
    {
        var guard = Production(IPAddress.Parse("203.0.113.10"), IPAddress.Parse("10.0.0.7"));

        await Assert.ThrowsAsync<EndpointRefusedException>(() =>
            guard.CheckAsync(new Uri("https://rebinding.example.cn/"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Production_refuses_plain_http_and_credentials_in_the_url()
    {
        var guard = new EndpointGuard();

        Assert.Equal("must use https", guard.CheckForm(new Uri("http://hooks.example.cn/x")));
        Assert.Equal("must not carry user credentials", guard.CheckForm(new Uri("https://u:p@hooks.example.cn/x")));
        Assert.Null(guard.CheckForm(new Uri("https://hooks.example.cn/x")));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task The_sender_in_production_sends_nothing_to_a_loopback_receiver(string host)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var sender = new WebhookSender(new EndpointGuard(new EndpointSafetyOptions { RequireHttps = false }));
        var endpoint = new UriBuilder(receiver.Url) { Host = host }.Uri;
        var formatter = Formatters.For(WebhookFormat.CloudEvents);
        var request = formatter.Render(NotificationTestHost.Event(), new WebhookTarget(endpoint, WebhookFormat.CloudEvents, null), DateTimeOffset.UtcNow)[0];

        var result = await sender.SendAsync(request, formatter, TestContext.Current.CancellationToken);

        Assert.False(result.Accepted);
        Assert.False(result.Retryable);
        Assert.Contains("loopback", result.Error);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task The_same_receiver_is_reached_when_its_host_is_allow_listed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var sender = new WebhookSender(new EndpointGuard(new EndpointSafetyOptions { AllowedHosts = ["127.0.0.1"] }));
        var formatter = Formatters.For(WebhookFormat.CloudEvents);
        var request = formatter.Render(NotificationTestHost.Event(), new WebhookTarget(receiver.Url, WebhookFormat.CloudEvents, null), DateTimeOffset.UtcNow)[0];

        var result = await sender.SendAsync(request, formatter, TestContext.Current.CancellationToken);

        Assert.True(result.Accepted, result.Error);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed()
    {
        await using var elsewhere = await WebhookReceiver.StartAsync();
        await using var redirecting = await WebhookReceiver.StartAsync((_, _) => Task.FromResult((307, "")));
        using var sender = new WebhookSender(new EndpointGuard(new EndpointSafetyOptions { AllowedHosts = ["127.0.0.1"] }));
        var formatter = Formatters.For(WebhookFormat.CloudEvents);
        var request = formatter.Render(NotificationTestHost.Event(), new WebhookTarget(redirecting.Url, WebhookFormat.CloudEvents, null), DateTimeOffset.UtcNow)[0];

        var result = await sender.SendAsync(request, formatter, TestContext.Current.CancellationToken);

        Assert.False(result.Accepted);
        Assert.False(result.Retryable);
        Assert.Equal(307, result.StatusCode);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_a_retryable_failure()
    {
        await using var receiver = await WebhookReceiver.StartAsync(async (_, _) => { await Task.Delay(3000); return (200, ""); });
        using var sender = new WebhookSender(new EndpointGuard(new EndpointSafetyOptions { AllowedHosts = ["127.0.0.1"] }),
            new WebhookSenderOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var formatter = Formatters.For(WebhookFormat.CloudEvents);
        var request = formatter.Render(NotificationTestHost.Event(), new WebhookTarget(receiver.Url, WebhookFormat.CloudEvents, null), DateTimeOffset.UtcNow)[0];

        var result = await sender.SendAsync(request, formatter, TestContext.Current.CancellationToken);

        Assert.False(result.Accepted);
        Assert.True(result.Retryable);
        Assert.Contains("timed out", result.Error);
    }
}
