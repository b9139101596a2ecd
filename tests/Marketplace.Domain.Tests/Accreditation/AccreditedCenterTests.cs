using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using static Marketplace.Domain.Tests.Accreditation.AccreditationData;

namespace Marketplace.Domain.Tests.Accreditation;

/// <summary>The recognized center's stage machine (seed 001 第十二至十四条) without a database.</summary>
public sealed class AccreditedCenterTests
{
    private static readonly AccreditationActor Province = new(Guid.NewGuid(), AccreditationParty.Province);
    private static readonly AccreditationActor City = new(Guid.NewGuid(), AccreditationParty.CityBureau);
    private static readonly AccreditationActor Center = new(Guid.NewGuid(), AccreditationParty.Applicant);
    private static readonly AnnualReportSchedule Schedule = AnnualReportSchedule.Default;
    private static readonly DateOnly RecognizedOn = new(2026, 7, 1);

    /// <summary>An application taken from draft to 发文认定 on <see cref="RecognizedOn"/> through its own methods.</summary>
    private static CenterApplication RecognizedApplication()
    {
        var round = AccreditationRound.Open(Guid.NewGuid(), Province, "测试轮次", "430000", Now.AddDays(-1), Now.AddDays(10), AccreditationData.Rubric, Set.CenterConditions, TrimOptions.Default, Now);
        var a = CenterApplication.Start(Guid.NewGuid(), round, Guid.NewGuid(), "430100", Center, Now);
        a.UpdateDraft(Center, Set.CenterConditions, AccreditationData.Rubric,
            [.. Set.CenterConditions.Conditions.Select(c => new ConditionStatement(c.Code, true, "已具备", ["证明.pdf"]))], "建设方案",
            [.. AccreditationData.Rubric.Secondaries.Select(s => new SelfAssessmentMark(s.Code, s.MaxPoints, null))], Now);
        a.Submit(Center, round, Set.CenterConditions, AccreditationData.Rubric, Now);
        a.RecommendByCity(City, null, Now);
        a.AcceptByProvince(Province, null, Now);
        var expert = Expert(1);
        a.AssignExperts(Province, [(expert, [])], Now);
        var sheet = Sheet(AccreditationData.Rubric, a.Id, expert, [.. AccreditationData.Rubric.Secondaries.Select(s => s.MaxPoints)]);
        a.RecordScore(RubricAggregation.Aggregate(AccreditationData.Rubric, [sheet], TrimOptions.Default), Now);
        a.Select(Province, null, Now);
        a.PlaceUnderNotice(Province, new DateOnly(2026, 6, 15), new DateOnly(2026, 6, 19), Now);
        a.Recognize(Province, "湘工信人教〔2026〕201号", RecognizedOn, RecognizedOn, new DateOnly(2026, 6, 19), At(RecognizedOn));
        return a;
    }

    private static AccreditedCenter NewCenter() => AccreditedCenter.Recognize(Guid.NewGuid(), RecognizedApplication(), Province, At(RecognizedOn));

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));

    [Fact]
    public void Recognition_starts_a_one_year_cultivation_and_a_draft_application_cannot_start_a_center()
    {
        var center = NewCenter();
        Assert.Equal(CenterStage.Cultivation, center.Stage);
        Assert.Equal(new DateOnly(2027, 7, 1), center.CultivationEndsOn);
        Assert.Equal((CenterEvaluationPeriod.Cultivation, new DateOnly(2027, 7, 1)), center.PendingEvaluation);
        Assert.Equal("recognize", Assert.Single(center.Audit).Action);

        var round = AccreditationRound.Open(Guid.NewGuid(), Province, "测试轮次", "430000", Now.AddDays(-1), Now.AddDays(10), AccreditationData.Rubric, Set.CenterConditions, TrimOptions.Default, Now);
        var draft = CenterApplication.Start(Guid.NewGuid(), round, Guid.NewGuid(), "430100", Center, Now);
        Assert.Equal("application_not_recognized", Assert.Throws<DomainConflictException>(() => AccreditedCenter.Recognize(Guid.NewGuid(), draft, Province, Now)).Code);
    }

    [Fact]
    public void Failing_cultivation_gives_a_year_to_rectify_and_failing_again_revokes_with_the_opinion_as_reason()
    {
        var center = NewCenter();
        var due = center.CultivationEndsOn;
        center.Evaluate(Province, CenterEvaluationPeriod.Cultivation, false, "协同活动不足", due.AddDays(3), At(due.AddDays(3)));
        Assert.Equal(CenterStage.Rectification, center.Stage);
        Assert.Equal(due.AddDays(3).AddYears(1), center.RectificationEndsOn);

        // The same period again is refused; the rectification evaluation waits for its own due day.
        Assert.Equal("evaluation_done", Assert.Throws<DomainConflictException>(() =>
            center.Evaluate(Province, CenterEvaluationPeriod.Cultivation, true, "再评", due.AddDays(4), At(due.AddDays(4)))).Code);
        Assert.Equal("evaluation_not_due", Assert.Throws<DomainConflictException>(() =>
            center.Evaluate(Province, CenterEvaluationPeriod.Rectification, true, "提前评", due.AddDays(30), At(due.AddDays(30)))).Code);

        var end = center.RectificationEndsOn!.Value;
        center.Evaluate(Province, CenterEvaluationPeriod.Rectification, false, "整改未到位", end, At(end));
        Assert.Equal(CenterStage.Revoked, center.Stage);
        Assert.Equal(end, center.RevokedOn);
        Assert.Contains("整改未到位", center.RevocationReason, StringComparison.Ordinal);
        Assert.Equal(["recognize", "evaluate_fail", "evaluate_fail_revoke"], center.Audit.Select(a => a.Action));
        Assert.All(center.Audit.Skip(1), a => Assert.Equal(Province.UserId, a.ActorUserId));

        // Nothing after revocation.
        Assert.Equal("center_revoked", Assert.Throws<DomainConflictException>(() => center.Revoke(Province, "再撤销", end, At(end))).Code);
        Assert.Equal("center_revoked", Assert.Throws<DomainConflictException>(() =>
            center.FileAnnualReport(Center, 2027, "报告", null, null, end, At(end))).Code);
        Assert.Empty(center.Obligations(end, Schedule, 30));
    }

    [Fact]
    public void Passing_either_evaluation_leads_to_operation()
    {
        var passed = NewCenter();
        passed.Evaluate(Province, CenterEvaluationPeriod.Cultivation, true, "合格", passed.CultivationEndsOn, At(passed.CultivationEndsOn));
        Assert.Equal(CenterStage.Operating, passed.Stage);
        Assert.Null(passed.PendingEvaluation);
        Assert.Equal("evaluation_not_pending", Assert.Throws<DomainConflictException>(() =>
            passed.Evaluate(Province, CenterEvaluationPeriod.Rectification, true, "合格", passed.CultivationEndsOn.AddYears(1), Now)).Code);

        var rectified = NewCenter();
        rectified.Evaluate(Province, CenterEvaluationPeriod.Cultivation, false, "不合格", rectified.CultivationEndsOn, At(rectified.CultivationEndsOn));
        rectified.Evaluate(Province, CenterEvaluationPeriod.Rectification, true, "整改到位", rectified.RectificationEndsOn!.Value, Now);
        Assert.Equal(CenterStage.Operating, rectified.Stage);
    }

    [Fact]
    public void Only_the_province_decides_before_the_due_day_never_and_never_without_a_reason()
    {
        var center = NewCenter();
        var due = center.CultivationEndsOn;
        Assert.Throws<DomainForbiddenException>(() => center.Evaluate(City, CenterEvaluationPeriod.Cultivation, true, "合格", due, Now));
        Assert.Throws<DomainForbiddenException>(() => center.Revoke(Center, "自行撤销", due, Now));
        Assert.Equal("evaluation_not_due", Assert.Throws<DomainConflictException>(() =>
            center.Evaluate(Province, CenterEvaluationPeriod.Cultivation, true, "合格", due.AddDays(-1), Now)).Code);
        Assert.Equal("required", Assert.Throws<DomainException>(() => center.Evaluate(Province, CenterEvaluationPeriod.Cultivation, false, " ", due, Now)).Code);
        Assert.Equal("required", Assert.Throws<DomainException>(() => center.Revoke(Province, "  ", due, Now)).Code);
        Assert.Equal(CenterStage.Cultivation, center.Stage);
        Assert.Single(center.Audit);
    }

    [Fact]
    public void Two_consecutive_years_without_a_received_report_flag_the_center_and_one_missing_year_does_not()
    {
        var center = NewCenter();

        // 2026 report due 31 January 2027: on 1 February 2027 one year is missing, no flag.
        var feb2027 = new DateOnly(2027, 2, 1);
        Assert.Equal([2026], center.MissingReportYears(feb2027, Schedule));
        Assert.False(center.FlagIfReportsMissing(feb2027, Schedule, At(feb2027)));

        // The 2027 report filed but not received still counts as missing once due: 2026 and 2027 → flagged, once.
        center.FileAnnualReport(Center, 2027, "2027年度报告", null, null, new DateOnly(2027, 12, 20), At(new DateOnly(2027, 12, 20)));
        var feb2028 = new DateOnly(2028, 2, 1);
        Assert.True(center.FlagIfReportsMissing(feb2028, Schedule, At(feb2028)));
        Assert.False(center.FlagIfReportsMissing(feb2028, Schedule, At(feb2028)));
        Assert.True(center.FlaggedForRevocation);
        Assert.Equal([2026, 2027], center.FlaggedYears);
        Assert.Equal(AccreditationParty.System, center.Audit[^1].Party);
        Assert.Contains("2026、2027", center.Audit[^1].Reason, StringComparison.Ordinal);

        // Receiving the 2027 report leaves only 2026 missing: the flag is lifted, and said so.
        center.MarkReportReceived(Province, 2027, feb2028, Schedule, At(feb2028));
        Assert.False(center.FlaggedForRevocation);
        Assert.Equal("lift_flag", center.Audit[^1].Action);
    }

    [Fact]
    public void A_report_is_filed_for_a_year_since_recognition_refiled_until_received_and_then_fixed()
    {
        var center = NewCenter();
        var day = new DateOnly(2027, 1, 10);
        Assert.Equal("report_year_invalid", Assert.Throws<DomainException>(() => center.FileAnnualReport(Center, 2025, "早于认定", null, null, day, At(day))).Code);
        Assert.Equal("report_year_invalid", Assert.Throws<DomainException>(() => center.FileAnnualReport(Center, 2028, "未来", null, null, day, At(day))).Code);
        Assert.Throws<DomainForbiddenException>(() => center.FileAnnualReport(Province, 2026, "代报", null, null, day, At(day)));
        Assert.Equal("report_not_filed", Assert.Throws<DomainConflictException>(() => center.MarkReportReceived(Province, 2026, day, Schedule, At(day))).Code);

        center.FileAnnualReport(Center, 2026, "初稿", null, null, day, At(day));
        center.FileAnnualReport(Center, 2026, "修订稿", null, null, day, At(day));
        Assert.Equal("修订稿", Assert.Single(center.Reports).Summary);
        center.MarkReportReceived(Province, 2026, day, Schedule, At(day));
        Assert.Equal("report_received", Assert.Throws<DomainConflictException>(() => center.FileAnnualReport(Center, 2026, "再改", null, null, day, At(day))).Code);
        Assert.Equal("report_received", Assert.Throws<DomainConflictException>(() => center.MarkReportReceived(Province, 2026, day, Schedule, At(day))).Code);
        Assert.Equal(["recognize", "file_report", "refile_report", "receive_report"], center.Audit.Select(a => a.Action));
    }

    [Fact]
    public void Obligations_come_due_soon_then_overdue_and_each_reminder_is_raised_once()
    {
        var center = NewCenter();
        var early = new DateOnly(2026, 12, 1);
        var owed = center.Obligations(early, Schedule, 30);
        Assert.Equal(["report:2026", "evaluation:Cultivation"], owed.Select(o => o.Key));
        Assert.All(owed, o => Assert.Equal(ObligationState.Upcoming, o.State));
        Assert.Empty(center.RemindersDue(early, Schedule, 30));

        var soon = new DateOnly(2027, 1, 5);
        var due = Assert.Single(center.RemindersDue(soon, Schedule, 30));
        Assert.Equal("report:2026:DueSoon", due.ReminderKey);
        center.MarkReminded(due, At(soon));
        Assert.Empty(center.RemindersDue(soon, Schedule, 30));

        var late = new DateOnly(2027, 7, 2);
        Assert.Equal(["report:2026:Overdue", "evaluation:Cultivation:Overdue"], center.RemindersDue(late, Schedule, 30).Select(r => r.ReminderKey));
    }

    [Fact]
    public void The_report_due_day_is_configurable_and_clamped_to_the_month()
    {
        Assert.Equal(new DateOnly(2027, 3, 31), AnnualReportSchedule.Parse("03-31")!.DueOn(2026));
        Assert.Equal(new DateOnly(2027, 2, 28), new AnnualReportSchedule(2, 29).DueOn(2026));
        Assert.Equal(new DateOnly(2028, 2, 29), AnnualReportSchedule.Parse("02-29")!.DueOn(2027));
        Assert.Null(AnnualReportSchedule.Parse("13-01"));
        Assert.Null(AnnualReportSchedule.Parse("0131"));
    }
    [Fact]
    public void A_self_assessment_goes_with_the_pending_evaluation_complete_and_in_bounds_and_is_replaced_until_evaluated()
    {
        var center = NewCenter();
        var rubric = AccreditationData.Rubric;
        var today = RecognizedOn.AddYears(1);
        var all = rubric.Secondaries.Select(s => new SelfAssessmentMark(s.Code, s.MaxPoints / 2, "依据平台记录")).ToList();

        Assert.Equal("forbidden_party", Assert.Throws<DomainForbiddenException>(() => center.AttachSelfAssessment(Province, 2026, rubric, all, today, At(today))).Code);
        Assert.Equal("self_assessment_incomplete", Assert.Throws<DomainException>(() => center.AttachSelfAssessment(Center, 2026, rubric, all.Skip(1), today, At(today))).Code);
        var tooMany = all.Select((m, i) => i == 0 ? m with { Points = rubric.Secondaries[0].MaxPoints + 1 } : m);
        Assert.Equal("self_assessment_out_of_range", Assert.Throws<DomainException>(() => center.AttachSelfAssessment(Center, 2026, rubric, tooMany, today, At(today))).Code);
        Assert.Equal("self_assessment_year_invalid", Assert.Throws<DomainException>(() => center.AttachSelfAssessment(Center, 2025, rubric, all, today, At(today))).Code);
        Assert.Empty(center.SelfAssessments);

        var first = center.AttachSelfAssessment(Center, 2026, rubric, Enumerable.Reverse(all), today, At(today));
        Assert.Equal(CenterEvaluationPeriod.Cultivation, first.Period);
        Assert.Equal(rubric.Secondaries.Select(s => s.Code), first.Marks.Select(m => m.IndicatorCode));
        Assert.Equal(all.Sum(m => m.Points), first.Total);
        center.AttachSelfAssessment(Center, 2027, rubric, all.Select(m => m with { Points = 0m }), today, At(today));
        Assert.Equal(0m, Assert.Single(center.SelfAssessments).Total);
        Assert.Equal(["attach_self_assessment", "reattach_self_assessment"], center.Audit.Where(a => a.Action.Contains("self_assessment", StringComparison.Ordinal)).Select(a => a.Action));

        center.Evaluate(Province, CenterEvaluationPeriod.Cultivation, true, "合格", today, At(today));
        Assert.Equal("evaluation_not_pending", Assert.Throws<DomainConflictException>(() => center.AttachSelfAssessment(Center, 2027, rubric, all, today, At(today))).Code);
        Assert.Equal(2027, Assert.Single(center.SelfAssessments).Year);
    }
}
