using Marketplace.Domain.Identity;
using System.Globalization;
using Marketplace.Application.Outcomes;
using Marketplace.Domain.Outcomes;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

/// <summary>
/// /api/outcomes (issue 8): a center's figures for a year computed from platform records, the records behind each
/// figure, the charts, the annual report (.docx) and its appendix (.xlsx), the operator's targets, narrative and
/// self-assessment, submission to the province, and the entries (standards, IP, shared equipment, funds) with evidence.
/// A center the caller may not see is a 404; the operator sees its own, the province all, a city bureau its region's.
/// A recognized studio's year (/studios/{id}) follows the studio rules: its enterprise, the province, its city bureau.
/// </summary>
public static class OutcomeEndpoints
{
    public sealed record AttachBody(uint? Version);

    public sealed record ReportYearBody(uint? Version, Dictionary<string, decimal>? Targets, Dictionary<string, string>? Narratives, Dictionary<string, decimal>? SelfAssessment);

    public static RouteGroupBuilder MapOutcomeEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/outcomes").WithTags("成果与年度报告").RequireAuthorization();

        group.MapGet("/overview", async Task<Ok<OutcomeOverviewDto>> (int year, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetOutcomesOverview(year), ct)))
            .WithSummary("各中心成果并列对比（省级看全部，市州看本地区，中心看本单位）");

        group.MapGet("/centers/{id:guid}", async Task<Ok<OutcomeDashboardDto>> (Guid id, int year, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetCenterOutcomes(id, year), ct)))
            .WithSummary("中心年度成果：每项指标本年度、上年度、目标与记录数，漏斗、集群与市州分布、月度趋势、自评建议");

        group.MapGet("/centers/{id:guid}/records/{key}", async Task<Ok<FigureRecordsDto>> (Guid id, string key, int year, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetFigureRecords(id, year, key), ct)))
            .WithSummary("指标追溯：构成该指标的全部记录");

        group.MapGet("/centers/{id:guid}/charts/{chart}.png", async Task<FileContentHttpResult> (Guid id, string chart, int year, IMediator mediator, CancellationToken ct) =>
                TypedResults.File(await mediator.Send(new GetOutcomeChart(id, year, chart), ct), "image/png"))
            .WithSummary("成果图表（PNG：trend、funnel、clusters、cities）");

        group.MapGet("/centers/{id:guid}/report.{format}", async Task<FileContentHttpResult> (Guid id, string format, int year, HttpContext context, IMediator mediator, CancellationToken ct) =>
            {
                var document = await mediator.Send(new GenerateAnnualReport(id, year, format), ct);
                context.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(document.Content, document.ContentType, document.FileName);
            })
            .WithSummary("生成年度报告：report.docx（可编辑 Word）或 report.xlsx（数据与记录附表）");

        group.MapGet("/studios/{id:guid}", async Task<Ok<StudioOutcomesDto>> (Guid id, int year, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetStudioOutcomes(id, year), ct)))
            .WithSummary("带培工作室年度成果：按正高、副高、其他培养人数对照申报表带培目标，培训、结对与启动资金，本年度与上年度");

        group.MapGet("/studios/{id:guid}/records/{key}", async Task<Ok<StudioFigureRecordsDto>> (Guid id, string key, int year, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetStudioFigureRecords(id, year, key), ct)))
            .WithSummary("工作室指标追溯：构成该指标的全部记录");

        group.MapGet("/studios/{id:guid}/charts/targets.png", async Task<FileContentHttpResult> (Guid id, int year, IMediator mediator, CancellationToken ct) =>
                TypedResults.File(await mediator.Send(new GetStudioTargetsChart(id, year), ct), "image/png"))
            .WithSummary("工作室带培人数：实际与目标（PNG）");

        group.MapGet("/studios/{id:guid}/report.xlsx", async Task<FileContentHttpResult> (Guid id, int year, HttpContext context, IMediator mediator, CancellationToken ct) =>
            {
                var document = await mediator.Send(new GenerateStudioReport(id, year), ct);
                context.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(document.Content, document.ContentType, document.FileName);
            })
            .WithSummary("工作室年度带培情况（.xlsx：指标汇总与记录明细）");

        group.MapPut("/centers/{id:guid}/years/{year:int}", async Task<Ok<OutcomeDashboardDto>> (Guid id, int year, ReportYearBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SaveReportYear(id, year, body.Targets, body.Narratives, body.SelfAssessment, body.Version), ct)))
            .WithSummary("保存年度目标、报告各章节说明与指标自评（中心运营方）");

        group.MapPost("/centers/{id:guid}/years/{year:int}/submit", async Task<Ok<OutcomeDashboardDto>> (Guid id, int year, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SubmitAnnualReport(id, year), ct)))
            .WithSummary("提交年度报告：按当前记录生成 .docx，作为该年度建设运行情况报告报送省级主管部门");

        group.MapPost("/centers/{id:guid}/years/{year:int}/attach-to-evaluation", async Task<Ok<OutcomeDashboardDto>> (
                Guid id, int year, AttachBody? body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AttachSelfAssessmentToEvaluation(id, year, body?.Version), ct)))
            .WithSummary("随待进行的评估（培育期满 / 整改期满）报送该年度自评：全部指标须已评分（平台建议或运营方自评）；body 可带中心的 version");

        group.MapGet("/entries", async Task<Ok<IReadOnlyList<OutcomeEntryDto>>> (int year, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListOutcomeEntries(year), ct)))
            .WithSummary("本单位填报的成果（标准、知识产权、设备共享、资金）");

        // Multipart: bearer tokens only, as for every upload (decision 32); the page posts its own antiforgery-protected form.
        group.MapPost("/entries", async Task<Results<Created<OutcomeEntryDto>, ProblemHttpResult>> (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            {
                if (!request.HasFormContentType)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "不支持的内容类型",
                        detail: "请以 multipart/form-data 提交：kind、subtype、title、occurredOn、amount、source、timesShared、detail 与 file 字段。");
                }

                var form = await request.ReadFormAsync(ct);
                var (command, problem) = await OutcomeForms.ReadAsync(form, ct);
                if (problem is not null)
                {
                    return problem;
                }

                var created = await mediator.Send(command!, ct);
                return TypedResults.Created($"/api/outcomes/entries/{created.Id}", created);
            })
            // Only organizations that file outcomes (a center's or a studio host's account) get as far as the form is
            // read: anyone else is refused before their input is judged (decision 82).
            .RequireAuthorization(p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser()
                .RequireRole(Roles.Operator, Roles.Company))
            .WithSummary("填报成果并上传证明材料（multipart/form-data；file：PDF/JPG/PNG，不超过 5 MB）");

        group.MapGet("/entries/{id:guid}", async Task<Ok<OutcomeEntryDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetOutcomeEntry(id), ct)))
            .WithSummary("本单位填报的一条成果（含 version，供修改）");

        // The same form as a new entry plus version; the file is optional here (without one the evidence stays).
        group.MapPut("/entries/{id:guid}", async Task<Results<Ok<OutcomeEntryDto>, ProblemHttpResult>> (Guid id, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            {
                // Another organization's entry is a 404 before its form is read (decision 82).
                await mediator.Send(new GetOutcomeEntry(id), ct);
                if (!request.HasFormContentType)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "不支持的内容类型",
                        detail: "请以 multipart/form-data 提交：version、kind、subtype、title、occurredOn、amount、source、timesShared、detail，以及可选的 file 字段。");
                }

                var form = await request.ReadFormAsync(ct);
                var (command, problem) = await OutcomeForms.ReadAsync(form, ct);
                if (problem is not null)
                {
                    return problem;
                }

                uint? version = uint.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
                var c = command!;
                return TypedResults.Ok(await mediator.Send(new ReviseOutcomeEntry(id, version, c.Kind, c.Subtype, c.Title, c.OccurredOn, c.Amount, c.Source,
                    c.TimesShared, c.Detail, c.FileName, c.Evidence.Length > 0 ? c.Evidence : null), ct));
            })
            .RequireAuthorization(p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser()
                .RequireRole(Roles.Operator, Roles.Company))
            .WithSummary("修改本单位填报的成果（multipart/form-data，含 version；file 可选，上传则替换原证明材料）；已被省级接收年度报告的年度不能修改");

        group.MapDelete("/entries/{id:guid}", async Task<NoContent> (Guid id, uint? version, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteOutcomeEntry(id, version), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("删除本单位填报的成果及其证明材料（?version=）；已被省级接收年度报告的年度不能删除");

        group.MapGet("/entries/{id:guid}/evidence", async Task<FileContentHttpResult> (Guid id, HttpContext context, IMediator mediator, CancellationToken ct) =>
            {
                var file = await mediator.Send(new GetOutcomeEvidence(id), ct);
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            })
            .WithSummary("下载成果的证明材料");

        return group;
    }
}

/// <summary>Reads the entry form (the API's multipart body and the page's form are the same fields).</summary>
public static class OutcomeForms
{
    public static async Task<(RecordOutcomeEntry? Command, ProblemHttpResult? Problem)> ReadAsync(IFormCollection form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var upload = form.Files.GetFile("file");
        if (upload is { Length: > Marketplace.Domain.Engineers.EvidenceFile.MaxBytes })
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "证明材料过大", detail: "证明材料不能超过 5 MB。"));
        }

        if (!Enum.TryParse<OutcomeEntryKind>(form["kind"], ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "成果类型无效", detail: "kind 须为 Standard、IntellectualProperty、Equipment、FundReceived 或 FundSpent。"));
        }

        if (!DateOnly.TryParse(form["occurredOn"], CultureInfo.InvariantCulture, out var occurredOn))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "日期无效", detail: "occurredOn 须为 yyyy-MM-dd 格式的日期。"));
        }

        decimal? amount = decimal.TryParse(form["amount"], NumberStyles.Number, CultureInfo.InvariantCulture, out var a) ? a : null;
        FundSource? source = Enum.TryParse<FundSource>(form["source"], ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
        int? times = int.TryParse(form["timesShared"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null;
        var content = Array.Empty<byte>();
        if (upload is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }

        return (new RecordOutcomeEntry(kind, form["subtype"].ToString(), form["title"].ToString(), occurredOn, amount, source, times, form["detail"].ToString(), upload?.FileName, content), null);
    }
}
