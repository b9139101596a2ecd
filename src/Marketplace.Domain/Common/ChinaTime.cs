using System.Globalization;

namespace Marketplace.Domain.Common;

/// <summary>
/// Times are stored in UTC; people read them in China time (UTC+8, no daylight saving). Messages, audit lines and
/// notifications format through here so a deadline at 07:00 Beijing time is not shown as the previous day.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static string China(this DateTimeOffset time, string format = "yyyy-MM-dd HH:mm") =>
        time.ToOffset(Offset).ToString(format, CultureInfo.InvariantCulture);
}
