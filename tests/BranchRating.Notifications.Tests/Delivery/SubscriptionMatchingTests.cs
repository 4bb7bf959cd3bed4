using BranchRating.Notifications.Events;
using BranchRating.Notifications.Formats;
using BranchRating.Storage.Notifications;

namespace BranchRating.Notifications.Tests.Delivery;

public sealed class SubscriptionMatchingTests
{
    private static SubscriptionRecord County(params string[] types) =>
        new("s1", "county", "/32/3201/", types.Length == 0 ? [NotificationEventTypes.StepOpened, NotificationEventTypes.ResultsPublished] : types,
            new Uri("https://example.invalid/hook"), WebhookFormat.CloudEvents, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("/32/3201/320102/b7/", true)]   // a branch of the county
    [InlineData("/32/3201/", true)]             // the county itself
    [InlineData("/32/", true)]                  // province-wide: concerns the county too
    [InlineData("/", true)]                     // campaign-wide (step opened, results published)
    [InlineData("/32/3202/", false)]            // a sibling county
    [InlineData("/32/3202/320201/b1/", false)]  // a branch of a sibling county
    [InlineData("/32/32011/", false)]           // a look-alike code is not inside /32/3201/
    public void A_subscription_gets_events_inside_its_scope_and_events_covering_it(string eventPath, bool expected)
    {
        Assert.Equal(expected, County().Matches(NotificationEventTypes.StepOpened, eventPath));
    }

    [Fact]
    public void An_event_type_the_subscription_did_not_choose_never_matches()
    {
        Assert.False(County(NotificationEventTypes.StarLost).Matches(NotificationEventTypes.ResultsPublished, "/"));
    }
}
