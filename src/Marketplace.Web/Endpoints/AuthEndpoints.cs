using Marketplace.Application.Common;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Endpoints;

public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("账户");

        group.MapPost("/token", IssueToken)
            .AllowAnonymous()
            .WithSummary("用邮箱和密码换取访问令牌（Bearer JWT）")
            .WithDescription("失败时统一返回 401，不透露账户是否存在；连续 5 次失败后账户锁定 15 分钟。");

        group.MapGet("/me", Me)
            .RequireAuthorization()
            .WithSummary("当前登录用户");

        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult, ValidationProblem>> IssueToken(TokenRequest request, TokenService tokens)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 256)
        {
            errors["email"] = ["'邮箱' 不能为空且不超过 256 个字符。"];
        }

        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > 128)
        {
            errors["password"] = ["'密码' 不能为空且不超过 128 个字符。"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "请求参数校验失败");
        }

        var token = await tokens.IssueAsync(request);
        return token is null
            ? TypedResults.Problem(title: "登录失败", detail: "邮箱或密码错误，或账户已被临时锁定。", statusCode: StatusCodes.Status401Unauthorized)
            : TypedResults.Ok(token);
    }

    private static Ok<MeResponse> Me(ICurrentUser user, HttpContext http) =>
        TypedResults.Ok(new MeResponse(
            user.UserId!.Value,
            http.User.Identity?.Name ?? "",
            http.User.FindFirst("display_name")?.Value ?? "",
            user.OrganizationId,
            Marketplace.Domain.Identity.Roles.All.Where(user.IsInRole).ToList()));

    public sealed record MeResponse(Guid Id, string Email, string DisplayName, Guid? OrganizationId, IReadOnlyList<string> Roles);
}
