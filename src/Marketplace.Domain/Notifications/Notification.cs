using Marketplace.Domain.Common;

namespace Marketplace.Domain.Notifications;

/// <summary>
/// A message to one user about something that happened on the platform (a listing published, an application
/// awarded, a milestone accepted…). Stored in the same transaction as the change it reports, so nobody is told about
/// a step that did not happen and no step goes untold; the live-services hub delivers the stored rows.
/// </summary>
public sealed class Notification
{
    public const int TitleMaxLength = 100;
    public const int BodyMaxLength = 1000;

    private Notification() { }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>Machine-readable kind, e.g. <c>challenge.published</c>; the UI picks an icon by it.</summary>
    public string Kind { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>Where the notification leads in the UI (a site-relative path).</summary>
    public string? Link { get; private set; }

    /// <summary>The listing it is about, if any (for drill-down and clean-up).</summary>
    public Guid? ChallengeId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public static Notification Create(Guid userId, string kind, string title, string body, string? link, Guid? challengeId, DateTimeOffset now)
    {
        if (link is not null && !link.StartsWith('/'))
        {
            throw new ArgumentException("A notification link is a site-relative path.", nameof(link));
        }

        return new Notification
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Kind = Guard.Text(kind, "类型", 64),
            Title = Truncate(title, TitleMaxLength),
            Body = Truncate(body, BodyMaxLength),
            Link = link,
            ChallengeId = challengeId,
            CreatedAt = now,
        };
    }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;

    // Titles and bodies quote user text (listing titles); a long one is shortened rather than refused, because the
    // step being reported has already been accepted.
    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
