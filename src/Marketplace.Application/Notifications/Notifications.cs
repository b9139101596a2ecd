using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Application.Engineers;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Notifications;

public sealed record NotificationDto(Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record NotificationPage(PagedResult<NotificationDto> Page, int Unread);

/// <summary>The signed-in user's inbox, newest first, with the unread count for the badge.</summary>
public sealed record ListNotifications(bool UnreadOnly = false, int Page = 1, int Size = 20) : IQuery<NotificationPage>;

public sealed class ListNotificationsValidator : AbstractValidator<ListNotifications>
{
    public ListNotificationsValidator()
    {
        RuleFor(x => x.Page).InclusiveBetween(1, 10_000).WithName("页码");
        RuleFor(x => x.Size).InclusiveBetween(1, 100).WithName("每页条数");
    }
}

public sealed class ListNotificationsHandler(IMarketplaceDbContext db, ICurrentUser user) : IQueryHandler<ListNotifications, NotificationPage>
{
    public async ValueTask<NotificationPage> Handle(ListNotifications query, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
        var filtered = query.UnreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        var total = query.UnreadOnly ? unread : await mine.CountAsync(cancellationToken);
        var items = await filtered.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id)
            .Skip((query.Page - 1) * query.Size).Take(query.Size)
            .Select(n => new NotificationDto(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt))
            .ToListAsync(cancellationToken);
        return new NotificationPage(new PagedResult<NotificationDto>(items, query.Page, query.Size, total), unread);
    }
}

/// <summary>Marks one notification (or, with no id, all of them) read; another user's notification is not found.</summary>
public sealed record MarkNotificationsRead(Guid? Id) : ICommand<int>;

public sealed class MarkNotificationsReadHandler(IMarketplaceDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<MarkNotificationsRead, int>
{
    public async ValueTask<int> Handle(MarkNotificationsRead command, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var now = clock.GetUtcNow();
        if (command.Id is { } id)
        {
            var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken)
                ?? throw new NotFoundException("通知", id);
            notification.MarkRead(now);
            await db.SaveChangesAsync(cancellationToken);
            return 1;
        }

        var unread = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).ToListAsync(cancellationToken);
        foreach (var notification in unread)
        {
            notification.MarkRead(now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return unread.Count;
    }
}
