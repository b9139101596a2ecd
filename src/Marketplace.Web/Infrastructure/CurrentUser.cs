using System.Security.Claims;
using Marketplace.Application.Common;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The caller as the authentication handlers established it (cookie or bearer: the claims are the same). Inside a hub
/// call the caller is the connection's user, set by the hub filter; elsewhere the request's.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, Live.HubCaller hub) : ICurrentUser
{
    public const string OrganizationClaim = "org";

    private ClaimsPrincipal? Principal => hub.User ?? accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public Guid? UserId => Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public Guid? OrganizationId => Guid.TryParse(Principal?.FindFirstValue(OrganizationClaim), out var id) ? id : null;

    public bool IsInRole(string role) => Principal?.IsInRole(role) == true;
}
