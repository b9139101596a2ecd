namespace Marketplace.Application.Common;

/// <summary>Who is calling, as established by cookie or bearer authentication.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    Guid? UserId { get; }

    Guid? OrganizationId { get; }

    bool IsInRole(string role);

    Guid RequireUserId() => UserId ?? throw new ForbiddenException("请先登录。");
}
