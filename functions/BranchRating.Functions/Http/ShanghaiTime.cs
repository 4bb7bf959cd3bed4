using System.Globalization;
using NodaTime;

namespace BranchRating.Functions.Http;

/// <summary>Instants are stored in UTC and shown in Asia/Shanghai, e.g. <c>2026-06-05T18:00+08:00</c>.</summary>
public static class ShanghaiTime
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static string Format(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(Zone).ToString("uuuu-MM-dd'T'HH:mmo<+HH:mm>", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? instant) => instant is { } value ? Format(value) : null;
}
