namespace BranchRating.Notifications.Formats;

/// <summary>
/// Size limits of the group robots, in UTF-8 bytes, with the sources they come from. They are options because the
/// vendors change them; the defaults leave a margin below the documented hard limit.
/// </summary>
public sealed class RobotMessageLimits
{
    /// <summary>
    /// WeCom markdown <c>content</c>: "最长不超过4096个字节，必须是utf8编码" (developer.work.weixin.qq.com/document/path/91770,
    /// 群机器人配置说明); over it the robot answers errcode 40058 "markdown.content exceed max length 4096"
    /// (seen in github.com/dromara/domain-admin/issues/82).
    /// </summary>
    public int WeComMarkdownMaxBytes { get; set; } = 4096;

    /// <summary>
    /// DingTalk request body: the robot answers "body 大小不合法;解决方案:请保持大小在 20000bytes 以内"
    /// (quoted in github.com/ZhuLinsen/daily_stock_analysis/issues/61). Markdown longer than ~3,500 characters is
    /// reported to stop rendering (github.com/agentscope-ai/QwenPaw/issues/3742), hence the text limit below.
    /// </summary>
    public int DingTalkBodyMaxBytes { get; set; } = 20000;

    /// <summary>DingTalk markdown <c>text</c>, in characters (see <see cref="DingTalkBodyMaxBytes"/>).</summary>
    public int DingTalkMarkdownMaxChars { get; set; } = 3500;

    /// <summary>
    /// Feishu custom bot: "请求体大小不能超过20k", else code 9499 Bad Request (飞书 自定义机器人使用指南, open.feishu.cn;
    /// quoted in gantiao.com.cn/post/18861410.html). 20 K = 20 × 1024 bytes; a margin is kept for the signature fields.
    /// </summary>
    public int FeishuBodyMaxBytes { get; set; } = 20 * 1024;

    /// <summary>
    /// At most this many messages per event: the robots are rate limited (WeCom "每个机器人发送的消息不能超过20条/分钟";
    /// DingTalk "每个机器人每分钟最多发送20条…超过20条，会限流10分钟"; Feishu 100 次/分钟, 5 次/秒), so a long list
    /// is split into a few parts and the rest summarised ("另有 N 个未列出") instead of flooding the group.
    /// </summary>
    public int MaxPartsPerEvent { get; set; } = 3;

    /// <summary>Longest free-text detail shown in a robot message, in characters; longer text is cut with "…".</summary>
    public int MaxDetailChars { get; set; } = 500;
}
