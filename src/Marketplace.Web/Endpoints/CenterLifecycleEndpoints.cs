using Marketplace.Application.Accreditation;
using Marketplace.Domain.Accreditation;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

/// <summary>
/// /api/accreditation/centers: recognized centers after 发文认定 (issue 7) — cultivation, evaluations, annual reports,
/// revocation. A center the caller may not see is a 404 (the province sees all, a city bureau its region's, a center its
/// own); the domain answers 403 for the wrong party and 409 for the wrong moment. Bodies may carry the <c>version</c>
/// the caller read (409 when stale).
/// </summary>
public static class CenterLifecycleEndpoints
{
    public sealed record EvaluateBody(uint? Version, CenterEvaluationPeriod Period, bool Passed, string Opinion);

    public sealed record ReportBody(uint? Version, int Year, string Summary);

    public sealed record ReceiveBody(uint? Version);

    public sealed record RevokeBody(uint? Version, string Reason);

    public static RouteGroupBuilder MapCenterLifecycleEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accreditation/centers").WithTags("协同创新中心运行管理").RequireAuthorization();

        group.MapGet("/", async Task<Ok<IReadOnlyList<CenterSummaryDto>>> (CenterStage? stage, bool? flagged, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListCenters(stage, flagged), ct)))
            .WithSummary("已认定中心列表（可按阶段 stage、撤销提示 flagged 筛选；省级看全部，市州看本地区，中心看本单位）");

        group.MapGet("/dashboard", async Task<Ok<LifecycleDashboardDto>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetLifecycleDashboard(), ct)))
            .WithSummary("主管部门看板：各阶段中心数、即将到期与逾期事项、提请撤销、近期决定");

        group.MapGet("/{id:guid}", async Task<Ok<CenterDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetCenter(id), ct)))
            .WithSummary("中心详情：时间线、评估、年度报告、待办事项、撤销提示与操作记录");

        group.MapPost("/{id:guid}/evaluations", async Task<Ok<CenterDto>> (Guid id, EvaluateBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new EvaluateCenter(id, body.Period, body.Passed, body.Opinion, body.Version), ct)))
            .WithSummary("评估（省级：培育期满或整改期满后；合格进入运行，不合格进入整改期，整改后仍不合格撤销认定）");

        group.MapPost("/{id:guid}/reports", async Task<Ok<CenterDto>> (Guid id, ReportBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new FileAnnualReport(id, body.Year, body.Summary, null, body.Version), ct)))
            .WithSummary("提交年度建设运行情况报告（中心：年度、摘要；接收前可重新提交）");

        // A multipart form is the one body a foreign site can make a browser post with its cookie: bearer tokens only,
        // as for credentials (decision 32). The page posts its own antiforgery-protected form.
        group.MapPost("/{id:guid}/reports/upload", async Task<Results<Ok<CenterDto>, ProblemHttpResult>> (
                    Guid id, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            {
                if (!request.HasFormContentType)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "不支持的内容类型",
                        detail: "请以 multipart/form-data 提交：year、summary、version（可选）与 file（可选）字段。");
                }

                var form = await request.ReadFormAsync(ct);
                ReportFileUpload? file = null;
                if (form.Files.GetFile("file") is { Length: > 0 } upload)
                {
                    if (upload.Length > Marketplace.Domain.Engineers.EvidenceFile.MaxBytes)
                    {
                        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "附件过大", detail: "年度报告附件不能超过 5 MB。");
                    }

                    using var buffer = new MemoryStream();
                    await upload.CopyToAsync(buffer, ct);
                    file = new ReportFileUpload(upload.FileName, buffer.ToArray());
                }

                _ = int.TryParse(form["year"], out var year);
                uint? version = uint.TryParse(form["version"], out var v) ? v : null;
                return TypedResults.Ok(await mediator.Send(new FileAnnualReport(id, year, form["summary"].ToString(), file, version), ct));
            })
            .RequireAuthorization(p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .WithSummary("提交年度报告并上传附件（multipart/form-data：year、summary、version、file：PDF/JPG/PNG，不超过 5 MB）");

        group.MapGet("/{id:guid}/reports/{year:int}/file", async Task<FileContentHttpResult> (
                    Guid id, int year, HttpContext context, IMediator mediator, CancellationToken ct) =>
            {
                var file = await mediator.Send(new GetReportFile(id, year), ct);
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            })
            .WithSummary("下载年度报告附件");

        group.MapPost("/{id:guid}/reports/{year:int}/received", async Task<Ok<CenterDto>> (Guid id, int year, ReceiveBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new MarkReportReceived(id, year, body.Version), ct)))
            .WithSummary("接收年度报告（省级）");

        group.MapPost("/{id:guid}/revoke", async Task<Ok<CenterDto>> (Guid id, RevokeBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RevokeCenter(id, body.Reason, body.Version), ct)))
            .WithSummary("撤销认定（省级，须写明理由）");

        return group;
    }
}
