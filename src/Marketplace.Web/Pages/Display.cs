using System.Globalization;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Engineers;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages;

/// <summary>
/// How the pages write money, times and the challenge board's vocabulary, so every page writes them the same way.
/// Money: exact amounts as "¥1,234,567.00"; summaries (cards, queues) as "123.5 万元" in Chinese. Times: China
/// Standard Time (UTC+8, no daylight saving) as "yyyy-MM-dd HH:mm", whatever the server's time zone.
/// </summary>
/// <remarks>
/// State and term names (揭榜中, 待验收, 承诺, 归企业所有…) come from the resources, keyed by the enum value, in
/// every culture: the zh-CN resources hold exactly the domain's Chinese names (a test compares them), the en
/// resources their translation. Text the domain writes itself — refusal messages, audit-trail lines, notification
/// bodies — is shown as written, in Chinese, because it is recorded data rather than page chrome.
/// </remarks>
public static class Display
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static string Time(DateTimeOffset at) => at.ToOffset(ChinaOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "—";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Today's date in China, for default due dates and the earliest date a form accepts.</summary>
    public static DateOnly ChinaToday(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(ChinaOffset).DateTime);

    /// <summary>The value of a <c>datetime-local</c> input showing the instant in China time.</summary>
    public static string LocalInput(DateTimeOffset at) => at.ToOffset(ChinaOffset).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A <c>datetime-local</c> value typed by the user, read as China time; the instant is returned in UTC.</summary>
    public static DateTimeOffset FromChinaLocal(DateTime local) =>
        new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ChinaOffset).ToUniversalTime();

    public static string Yuan(decimal amount) => "¥" + amount.ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>"123.5 万元" from 10,000 yuan up (zh-CN); the exact amount below that and in other cultures.</summary>
    public static string Compact(this IStringLocalizer l, decimal amount) =>
        amount >= 10_000m
            ? l["Money.Wan", (amount / 10_000m).ToString("0.##", CultureInfo.InvariantCulture), Yuan(amount)].Value
            : Yuan(amount);

    public static string Status(this IStringLocalizer l, ChallengeStatus status) => l["ChallengeStatus." + status].Value;

    public static string Status(this IStringLocalizer l, MilestoneStatus status) => l["MilestoneStatus." + status].Value;

    public static string Status(this IStringLocalizer l, AwardStatus status) => l["AwardStatus." + status].Value;

    public static string Status(this IStringLocalizer l, ApplicationStatus status) => l["ApplicationStatus." + status].Value;

    public static string Term(this IStringLocalizer l, LedgerEntryKind kind) => l["LedgerKind." + kind].Value;

    public static string Term(this IStringLocalizer l, IpArrangement ip) => l["IpArrangement." + ip].Value;

    public static string Term(this IStringLocalizer l, Confidentiality confidentiality) => l["Confidentiality." + confidentiality].Value;

    public static string Status(this IStringLocalizer l, CredentialStatus status) => l["CredentialStatus." + status].Value;

    public static string Term(this IStringLocalizer l, CredentialKind kind) => l["CredentialKind." + kind].Value;

    public static string BadgeClass(CredentialStatus status) => status switch
    {
        CredentialStatus.Pending => "badge pending",
        CredentialStatus.Verified => "badge done",
        _ => "badge ended",
    };

    /// <summary>The CSS class of a status badge: one colour per stage of the life cycle.</summary>
    public static string BadgeClass(ChallengeStatus status) => status switch
    {
        ChallengeStatus.Draft or ChallengeStatus.Submitted => "badge pending",
        ChallengeStatus.Published => "badge open",
        ChallengeStatus.ApplicationsClosed or ChallengeStatus.UnderEvaluation => "badge review",
        ChallengeStatus.Awarded or ChallengeStatus.InProgress or ChallengeStatus.Delivered or ChallengeStatus.MarketEvaluation => "badge work",
        ChallengeStatus.Settled => "badge done",
        _ => "badge ended",
    };

    /// <summary>Only links the platform wrote itself (a local path) are followed from stored data.</summary>
    public static bool IsLocalLink(string? link) =>
        !string.IsNullOrEmpty(link) && link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/\\", StringComparison.Ordinal);
}
