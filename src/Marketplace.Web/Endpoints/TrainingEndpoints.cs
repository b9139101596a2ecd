using Marketplace.Application.Training;
using Marketplace.Domain.Training;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Web.Endpoints;

/// <summary>
/// /api/training: 培训记录 and 传帮带结对 of centers and studios (issue 7 item 6). Every account signs in; the use cases
/// decide the rest: the owner organization's operator writes, authorities read (a city its region), anyone else is
/// answered 404 as if nothing were there. Bodies may carry the <c>version</c> the caller read (409 when stale).
/// </summary>
public static class TrainingEndpoints
{
    public sealed record EventBody(
        TrainingProgramme Programme, string? KindCode, string? Title, DateOnly StartDate, DateOnly EndDate, decimal Hours, string? Place,
        string? OrganizerNote, IReadOnlyList<TraineeLine>? Trainees, uint? Version);

    public sealed record TraineeBody(uint? Version, TraineeLine Trainee);

    public sealed record ResultsBody(uint? Version, IReadOnlyList<ResultLine> Results);

    public sealed record PairingBody(
        TrainingProgramme Programme, Guid MentorEngineerId, Guid TraineeEngineerId, DateOnly StartDate, DateOnly PlannedEndDate, string? Goals, uint? Version);

    public sealed record CompleteBody(uint? Version, string? OutcomeNote);

    public sealed record StopBody(uint? Version, string? Reason);

    public static RouteGroupBuilder MapTrainingEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/training").WithTags("培训记录").RequireAuthorization();

        group.MapGet("/kinds", async Task<Ok<IReadOnlyList<TrainingKindDto>>> (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListTrainingKinds(), ct)))
            .WithSummary("培训类型（研修研讨、继续教育、挂职或跟班跟师学习和四类带培路径，取自工作室文件）");

        // ---- events ---------------------------------------------------------------------------------------------
        group.MapGet("/events", async Task<Ok<IReadOnlyList<TrainingEventSummaryDto>>> (
                Guid? owner, TrainingProgramme? programme, int? year, string? kind, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListTrainingEvents(owner, programme, year, kind), ct)))
            .WithSummary("培训活动列表（运营方看本机构，市州看本地区，省级看全省；按机构、项目、结束年度、类型筛选）");

        group.MapPost("/events", async Task<Created<TrainingEventDto>> (EventBody body, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(new RecordTrainingEvent(
                    body.Programme, body.KindCode, body.Title, body.StartDate, body.EndDate, body.Hours, body.Place, body.OrganizerNote, body.Trainees), ct);
                return TypedResults.Created($"/api/training/events/{created.Id}", created);
            })
            .WithSummary("登记培训活动（本机构，含学员名单）");

        group.MapGet("/events/{id:guid}", async Task<Ok<TrainingEventDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetTrainingEvent(id), ct)))
            .WithSummary("培训活动详情（含学员、结果与操作记录）");

        group.MapPut("/events/{id:guid}", async Task<Ok<TrainingEventDto>> (Guid id, EventBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReviseTrainingEvent(
                    id, body.Version, body.KindCode, body.Title, body.StartDate, body.EndDate, body.Hours, body.Place, body.OrganizerNote, body.Trainees), ct)))
            .WithSummary("修改培训活动及学员名单（已有学员按 id 保留其结果）");

        group.MapDelete("/events/{id:guid}", async Task<NoContent> (Guid id, uint? version, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteTrainingEvent(id, version), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("删除培训活动（尚未登记结果时）");

        group.MapPost("/events/{id:guid}/trainees", async Task<Ok<TrainingEventDto>> (Guid id, TraineeBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AddTrainee(id, body.Version, body.Trainee), ct)))
            .WithSummary("添加学员");

        group.MapDelete("/events/{id:guid}/trainees/{traineeId:guid}", async Task<Ok<TrainingEventDto>> (
                Guid id, Guid traineeId, uint? version, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RemoveTrainee(id, traineeId, version), ct)))
            .WithSummary("移除学员");

        group.MapPost("/events/{id:guid}/results", async Task<Ok<TrainingEventDto>> (Guid id, ResultsBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RecordTrainingResults(id, body.Version, body.Results), ct)))
            .WithSummary("登记培训结果（活动结束后：优秀、合格、不合格、未完成，可附证书编号）");

        // ---- pairings -------------------------------------------------------------------------------------------
        group.MapGet("/pairings", async Task<Ok<IReadOnlyList<MentorPairingDto>>> (
                Guid? owner, TrainingProgramme? programme, PairingStatus? status, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListPairings(owner, programme, status), ct)))
            .WithSummary("传帮带结对列表");

        group.MapPost("/pairings", async Task<Created<MentorPairingDto>> (PairingBody body, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(new StartPairing(
                    body.Programme, body.MentorEngineerId, body.TraineeEngineerId, body.StartDate, body.PlannedEndDate, body.Goals), ct);
                return TypedResults.Created($"/api/training/pairings/{created.Id}", created);
            })
            .WithSummary("建立传帮带结对（导师与学员须为不同的工程师）");

        group.MapGet("/pairings/{id:guid}", async Task<Ok<MentorPairingDto>> (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetPairing(id), ct)))
            .WithSummary("结对详情");

        group.MapPut("/pairings/{id:guid}", async Task<Ok<MentorPairingDto>> (Guid id, PairingBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RevisePairing(
                    id, body.Version, body.MentorEngineerId, body.TraineeEngineerId, body.StartDate, body.PlannedEndDate, body.Goals), ct)))
            .WithSummary("修改结对（进行中）");

        group.MapDelete("/pairings/{id:guid}", async Task<NoContent> (Guid id, uint? version, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeletePairing(id, version), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("删除结对（进行中）");

        group.MapPost("/pairings/{id:guid}/complete", async Task<Ok<MentorPairingDto>> (Guid id, CompleteBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new CompletePairing(id, body.Version, body.OutcomeNote), ct)))
            .WithSummary("结业（附成果说明）");

        group.MapPost("/pairings/{id:guid}/stop", async Task<Ok<MentorPairingDto>> (Guid id, StopBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new StopPairing(id, body.Version, body.Reason), ct)))
            .WithSummary("中止（须说明原因）");

        // ---- tallies --------------------------------------------------------------------------------------------
        group.MapGet("/tally", async Task<Ok<TrainingTallyDto>> (
                TrainingProgramme programme, int year, Guid? owner, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new TrainingTally(programme, year, owner), ct)))
            .WithSummary("年度培训统计（机构 + 项目：按职称的去重人数、人次、学时，结对进行中/结业/中止）");

        group.MapGet("/tally/province", async Task<Ok<ProvinceTrainingTallyDto>> (TrainingProgramme? programme, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ProvinceTrainingTally(programme), ct)))
            .WithSummary("全省培训进度（对照2030年目标：高级职称人数、工程师和助理工程师人数、知识更新人次）");

        return group;
    }
}
