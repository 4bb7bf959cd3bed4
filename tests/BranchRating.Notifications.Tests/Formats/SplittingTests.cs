using System.Text;
using System.Text.Json;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Formats;
using BranchRating.Notifications.Tests.Support;

namespace BranchRating.Notifications.Tests.Formats;

public sealed class SplittingTests
{
    private static readonly RobotMessageLimits Limits = new();
    private static readonly WebhookFormatters Formatters = new(Limits);
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static IReadOnlyList<string> Branches(int count) =>
        Enumerable.Range(1, count).Select(i => $"中共江苏省南京市玄武区梅园新村街道第{i}社区党支部委员会").ToList();

    private static string Listed(string text, IReadOnlyList<string> items) => string.Join("|", items.Where(text.Contains));

    [Fact]
    public void WeCom_markdown_content_of_each_part_stays_within_4096_utf8_bytes_and_the_rest_is_counted()
    {
        var items = Branches(1000);
        var requests = Formatters.For(WebhookFormat.WeCom).Render(NotificationTestHost.Event(NotificationEventTypes.StepClosed, items: items),
            new WebhookTarget(new Uri("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"), WebhookFormat.WeCom, null), Now);

        var contents = requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("markdown").GetProperty("content").GetString()!).ToList();
        Assert.Equal(Limits.MaxPartsPerEvent, contents.Count);
        Assert.All(contents, c => Assert.InRange(Encoding.UTF8.GetByteCount(c), 3000, 4096));
        var listed = contents.Sum(c => items.Count(i => c.Contains("- " + i + "\n") || c.EndsWith("- " + i)));
        Assert.Contains($"另有 {items.Count - listed} 个未列出", contents[^1]);
        Assert.Contains("（第 1/3 部分）", contents[0]);
        Assert.Contains("未提交的组织（共 1000 个）", contents[0]);
    }

    [Fact]
    public void A_short_list_is_one_message_without_part_numbers()
    {
        var requests = Formatters.For(WebhookFormat.WeCom).Render(NotificationTestHost.Event(items: Branches(3)),
            new WebhookTarget(new Uri("https://qyapi.weixin.qq.com/x"), WebhookFormat.WeCom, null), Now);

        var content = JsonDocument.Parse(requests.Single().Body).RootElement.GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.DoesNotContain("部分", content);
        Assert.DoesNotContain("未列出", content);
        Assert.Contains("截止时间：<font color=\"comment\">2026-07-31 18:00（北京时间）</font>", content);
        Assert.Contains("【截止提醒】2026年度基层党组织星级评定", content);
    }

    [Fact]
    public void DingTalk_bodies_stay_within_20000_bytes_and_markdown_text_within_3500_characters()
    {
        var items = Branches(400);
        var requests = Formatters.For(WebhookFormat.DingTalk).Render(NotificationTestHost.Event(NotificationEventTypes.StepClosed, items: items),
            new WebhookTarget(new Uri("https://oapi.dingtalk.com/robot/send?access_token=t"), WebhookFormat.DingTalk, "SECx"), Now);

        Assert.True(requests.Count > 1);
        Assert.All(requests, r =>
        {
            Assert.True(r.Body.Length <= 20000);
            var text = JsonDocument.Parse(r.Body).RootElement.GetProperty("markdown").GetProperty("text").GetString()!;
            Assert.True(text.Length <= 3500, $"{text.Length} characters");
        });
        var texts = requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("markdown").GetProperty("text").GetString()!).ToList();
        var listed = texts.Sum(t => items.Count(i => t.Contains("- " + i + "\n")));
        var omitted = int.Parse(texts[^1].Split("另有 ")[1].Split(' ')[0]);
        Assert.Equal(items.Count, listed + omitted);
    }

    [Fact]
    public void Feishu_bodies_stay_within_20_KiB_and_every_item_is_sent_when_it_fits_in_the_allowed_parts()
    {
        var items = Branches(300);
        var requests = Formatters.For(WebhookFormat.Feishu).Render(NotificationTestHost.Event(NotificationEventTypes.StepClosed, items: items),
            new WebhookTarget(new Uri("https://open.feishu.cn/open-apis/bot/v2/hook/abc"), WebhookFormat.Feishu, "s3cret-value"), Now);

        Assert.InRange(requests.Count, 2, Limits.MaxPartsPerEvent);
        Assert.All(requests, r => Assert.True(r.Body.Length <= 20 * 1024));
        var bodies = requests.Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        Assert.All(items, i => Assert.Single(bodies, b => b.Contains("• " + i + "\"")));
        Assert.DoesNotContain(bodies, b => b.Contains("未列出"));
    }

    [Fact]
    public void An_item_longer_than_a_whole_message_is_cut_to_fit()
    {
        var huge = new string('党', 5000);
        var requests = Formatters.For(WebhookFormat.WeCom).Render(NotificationTestHost.Event(items: [huge, "第二党支部"]),
            new WebhookTarget(new Uri("https://qyapi.weixin.qq.com/x"), WebhookFormat.WeCom, null), Now);

        var contents = requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("markdown").GetProperty("content").GetString()!).ToList();
        Assert.All(contents, c => Assert.True(Encoding.UTF8.GetByteCount(c) <= 4096));
        Assert.Contains("…", contents[0]);
        Assert.Contains(contents, c => c.Contains("第二党支部"));
    }

    [Fact]
    public void CloudEvents_body_is_a_structured_cloudevent_with_all_attributes_and_the_full_list()
    {
        var items = Branches(1000);
        var evt = NotificationTestHost.Event(NotificationEventTypes.StepClosed, items: items);
        var request = Formatters.For(WebhookFormat.CloudEvents).Render(evt,
            new WebhookTarget(new Uri("https://dept.example.cn/hook"), WebhookFormat.CloudEvents, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), Now).Single();

        var root = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(evt.Id, root.GetProperty("id").GetString());
        Assert.Equal("cn.branchrating.step.closed", root.GetProperty("type").GetString());
        Assert.Equal("/campaigns/c2026", root.GetProperty("source").GetString());
        Assert.Equal(1000, root.GetProperty("data").GetProperty("items").GetArrayLength());
        Assert.Equal("application/cloudevents+json; charset=utf-8", request.ContentType);
        Assert.Equal(evt.Id, request.Headers["webhook-id"]);
        Assert.StartsWith("v1,", request.Headers["webhook-signature"]);
    }
}
