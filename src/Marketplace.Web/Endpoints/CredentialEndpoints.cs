using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using Marketplace.Application.Engineers;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Identity;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

/// <summary>
/// 资质证书: the engineer's own credentials under /api/engineers/me/credentials, evidence downloads for the owner and
/// the center, and the center's review queue under /api/credentials.
/// </summary>
public static class CredentialEndpoints
{
    public sealed record VerifyBody(uint? Version);

    public sealed record RejectBody(string? Reason, uint? Version);

    public static RouteGroupBuilder MapCredentialEndpoints(this RouteGroupBuilder api)
    {
        var mine = api.MapGroup("/engineers/me/credentials").WithTags("资质证书")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Engineer));

        mine.MapGet("/", async Task<Ok<IReadOnlyList<CredentialDto>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListMyCredentials(), ct)))
            .WithSummary("我的资质证书（含待审核、已驳回）");

        // A multipart form is the one body a foreign site can make a browser post with its cookie, so this endpoint takes
        // bearer tokens only (the pages add credentials through their own antiforgery-protected form).
        mine.MapPost("/", async Task<Results<Created<CredentialDto>, ProblemHttpResult>> (HttpRequest request, IMediator mediator, CancellationToken ct) =>
                {
                    if (!request.HasFormContentType)
                    {
                        return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "不支持的内容类型",
                            detail: "请以 multipart/form-data 提交证书信息，证明文件放在 evidence 字段。");
                    }

                    var form = await request.ReadFormAsync(ct);
                    var created = await mediator.Send(await ReadAddCredentialAsync(form, ct), ct);
                    return TypedResults.Created($"/api/engineers/me/credentials/{created.Id}", created);
                })
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireRole(Roles.Engineer))
            .WithSummary("登记资质证书（multipart/form-data：kind、name、issuingBody、certificateNumber、issuedOn、expiresOn，可附 evidence 文件：PDF/JPG/PNG，不超过 5 MB，按文件内容识别类型）");

        mine.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, IMediator mediator, CancellationToken ct) =>
                {
                    await mediator.Send(new RemoveMyCredential(id), ct);
                    return TypedResults.NoContent();
                })
            .WithSummary("删除资质证书（待审核、已驳回的直接删除；已核验的撤下并留痕）");

        api.MapGet("/engineers/{id:guid}/credentials/{credentialId:guid}/evidence",
                async Task<FileContentHttpResult> (Guid id, Guid credentialId, HttpContext context, IMediator mediator, CancellationToken ct) =>
                {
                    var file = await mediator.Send(new GetCredentialEvidence(id, credentialId), ct);
                    context.Response.Headers.XContentTypeOptions = "nosniff";
                    context.Response.Headers.CacheControl = "private, no-store";
                    return TypedResults.File(file.Content, file.ContentType, file.FileName);
                })
            .WithTags("资质证书")
            .RequireAuthorization()
            .WithSummary("下载证书证明文件（仅工程师本人与中心运营方、平台管理员）");

        var review = api.MapGroup("/credentials").WithTags("资质证书")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Operator, Roles.Admin));

        review.MapGet("/", async Task<Ok<PagedResult<CredentialReviewItemDto>>> (
                    CredentialStatus? status, int? page, int? size, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListCredentialQueue(status ?? CredentialStatus.Pending, page ?? 1, size ?? 50), ct)))
            .WithSummary("资质证书审核队列（status 默认为 Pending，按提交时间先后）");

        review.MapPost("/{id:guid}/verify", async Task<Ok<CredentialDto>> (Guid id, VerifyBody? body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReviewCredential(id, CredentialDecision.Verify, null, body?.Version), ct)))
            .WithSummary("核验通过（携带读取时的 version；已被他人处理则返回 409）");

        review.MapPost("/{id:guid}/reject", async Task<Ok<CredentialDto>> (Guid id, RejectBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReviewCredential(id, CredentialDecision.Reject, body.Reason, body.Version), ct)))
            .WithSummary("驳回（reason 必填，5–500 字；携带读取时的 version；已被他人处理则返回 409）");

        return api;
    }

    /// <summary>Reads the form into the use case; a field that does not parse is a 400 on that field, like a JSON body.</summary>
    private static async Task<AddCredential> ReadAddCredentialAsync(IFormCollection form, CancellationToken ct)
    {
        var failures = new List<ValidationFailure>();
        if (!Enum.TryParse<CredentialKind>(form["kind"].ToString(), ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            failures.Add(new ValidationFailure("kind", "'证书类别' 取值无效，应为 ProfessionalTitle、VocationalQualification、SkillLevel、ExcellentEngineer 或 Other。"));
        }

        var issuedOn = ParseDate(form["issuedOn"].ToString(), "issuedOn", "发证日期", required: true, failures);
        var expiresOn = ParseDate(form["expiresOn"].ToString(), "expiresOn", "有效期至", required: false, failures);

        byte[]? content = null;
        var file = form.Files.GetFile("evidence");
        if (file is { Length: > 0 })
        {
            if (file.Length > EvidenceFile.MaxBytes)
            {
                failures.Add(new ValidationFailure("evidence", $"'证明文件' 不能超过 {EvidenceFile.MaxBytes / 1024 / 1024} MB。"));
            }
            else
            {
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return new AddCredential(kind, form["name"].ToString(), form["issuingBody"].ToString(), form["certificateNumber"].ToString(),
            issuedOn ?? default, expiresOn, file?.FileName, content);
    }

    private static DateOnly? ParseDate(string text, string field, string label, bool required, List<ValidationFailure> failures)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                failures.Add(new ValidationFailure(field, $"'{label}' 不能为空。"));
            }

            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        failures.Add(new ValidationFailure(field, $"'{label}' 应为 yyyy-MM-dd 格式的日期。"));
        return null;
    }
}
