using System.Globalization;

namespace BranchRating.Cli;

/// <summary>Every text the tool prints, in Chinese and English (<c>--lang zh-CN|en</c>).</summary>
public sealed class Messages(bool chinese)
{
    public static Messages For(string? lang)
    {
        var name = lang ?? CultureInfo.CurrentUICulture.Name;
        return new Messages(name.StartsWith("zh", StringComparison.OrdinalIgnoreCase));
    }

    public bool Chinese { get; } = chinese;

    private string T(string zh, string en) => Chinese ? zh : en;

    public string Unreachable(string url, string reason) => T($"无法连接 {url}：{reason}", $"Cannot reach {url}: {reason}");
    public string Refused(int status, string title) => T($"服务拒绝了请求（HTTP {status}）：{title}", $"The API refused the request (HTTP {status}): {title}");
    public string SchemeInvalid(string file, int count) => T($"方案文件 {file} 有 {count} 处错误，未上传：", $"Scheme file {file} has {count} error(s); nothing was uploaded:");
    public string FileMissing(string file) => T($"找不到文件 {file}", $"File not found: {file}");
    public string BadStep(string text) => T($"步骤格式应为 类型=截止时间（如 self-assessment=2026-06-05T18:00+08:00）：{text}", $"A step is kind=deadline (e.g. self-assessment=2026-06-05T18:00+08:00): {text}");
    public string PresetOrScheme => T("请给出 --preset 或 --scheme 之一", "Give exactly one of --preset or --scheme");
    public string Created(string id) => T($"已创建评定活动 {id}", $"Campaign {id} created");
    public string Campaign => T("评定活动", "Campaign");
    public string Scheme => T("方案", "Scheme");
    public string Published(long? version) => version is { } v ? T($"已发布版本 {v}", $"Published version {v}") : T("尚未发布", "Not published yet");
    public string Step => T("步骤", "Step");
    public string Deadline => T("截止时间（北京时间）", "Deadline (Asia/Shanghai)");
    public string State => T("状态", "State");
    public string Closed => T("关闭时间", "Closed");
    public string Importing => T("导入名册", "Importing roster");
    public string Imported(int imported, int received) => T($"已导入 {imported} / {received} 个组织", $"Imported {imported} of {received} organizations");
    public string RefusedRows(int count) => T($"{count} 行被拒绝：", $"{count} row(s) refused:");
    public string Row => T("行", "Row");
    public string Column => T("列", "Column");
    public string Reason => T("原因", "Reason");
    public string UnknownRosterFormat(string file) => T($"名册须为 .csv、.xlsx 或 .json：{file}", $"A roster is a .csv, .xlsx or .json file: {file}");
    public string Operation(string kind, string id, string status) => T($"操作 {kind}（{id}）：{status}", $"Operation {kind} ({id}): {status}");
    public string Result(string code, string name, string level, decimal total) => T($"{code} {name}：{level}，总分 {total}", $"{code} {name}: {level}, total {total}");
    public string UnknownPreset(string id, string known) => T($"未知预设 {id}（或组织数小于 1）；可用：{known}", $"Unknown preset {id} (or fewer than 1 organization); known: {known}");
    public string DemoWritten(int count, string file) => T($"已生成 {count} 个组织的演示名册：{file}", $"Wrote a demonstration roster of {count} organizations: {file}");
    public string Rate(double perSecond) => T($"导入速度 {perSecond:F0} 行/秒", $"Import rate {perSecond:F0} rows/s");
    public string Exported(string file, int bytes) => T($"已导出 {file}（{bytes} 字节）", $"Exported {file} ({bytes} bytes)");
    public string BadInterval(string text) => T($"--interval 应为 5s、500ms、1m 之类（至少 100ms）：{text}", $"--interval is like 5s, 500ms or 1m (at least 100ms): {text}");
    public string ScopeLabel(string scope) => scope switch { "field" => T("领域", "Field"), "county" => T("县", "County"), _ => T("区域", "Region") };
    public string Organizations => T("组织数", "Organizations");
    public string SelfSubmitted => T("自评已提交", "Self-assessed");
    public string SelfDrafts => T("自评草稿", "Drafts");
    public string Reviewed => T("已审核", "Reviewed");
    public string BallotsCast => T("已投票", "Ballots cast");
    public string BallotsExpected => T("应投票", "Expected");
    public string Participation => T("参与率", "Participation");
    public string Total => T("合计", "Total");
    public string ProgressAsOf(string campaign, string at) => T($"{campaign} 提交进度（北京时间 {at}）", $"{campaign} submission progress (Asia/Shanghai {at})");
    public string Extended(string step, string soft, string hard) => T($"已延期 {step}：截止 {soft}，最终截止 {hard}", $"Extended {step}: due {soft}, final {hard}");
    public string BadInstant(string text) => T($"时间格式应为 2026-06-05T18:00+08:00 或北京时间 \"2026-06-05 18:00\"：{text}", $"A time is 2026-06-05T18:00+08:00 or Asia/Shanghai \"2026-06-05 18:00\": {text}");
    public string ScopeAndValue => T("排名须给出 --scope 和 --value（如 --scope region --value 城关区）", "A ranking needs --scope and --value (e.g. --scope region --value Chengguan)");
    public string ValueNeedsScope => T("--value 须与 --scope 一起给出", "--value needs --scope");
    public string Rank(string scope, int rank) => T($"{scope} 排名 {rank}", $"rank {rank} in {scope}");
}
