using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using static Marketplace.Domain.Tests.Accreditation.AccreditationData;

namespace Marketplace.Domain.Tests.Accreditation;

/// <summary>The application's life cycle without a database: parties, states, windows and the notice rules.</summary>
public sealed class CenterApplicationTests
{
    private static readonly AccreditationActor Province = new(Guid.NewGuid(), AccreditationParty.Province);
    private static readonly AccreditationActor City = new(Guid.NewGuid(), AccreditationParty.CityBureau);
    private static readonly AccreditationActor Applicant = new(Guid.NewGuid(), AccreditationParty.Applicant);
    private static readonly Guid ApplicantOrg = Guid.NewGuid();

    private static AccreditationRound Round(TimeSpan? closesIn = null) => AccreditationRound.Open(
        Guid.NewGuid(), Province, "测试轮次", "430000", Now.AddDays(-1), Now + (closesIn ?? TimeSpan.FromDays(10)), AccreditationData.Rubric, Set.CenterConditions, TrimOptions.Default, Now);

    private static CenterApplication Draft(AccreditationRound round, string? unmet = null)
    {
        var application = CenterApplication.Start(Guid.NewGuid(), round, ApplicantOrg, "430100", Applicant, Now);
        application.UpdateDraft(
            Applicant, Set.CenterConditions, AccreditationData.Rubric,
            [.. Set.CenterConditions.Conditions.Select(c => new ConditionStatement(c.Code, c.Code != unmet, "已具备", ["证明.pdf"]))],
            "建设方案",
            [.. AccreditationData.Rubric.Secondaries.Select(s => new SelfAssessmentMark(s.Code, s.MaxPoints, null))],
            Now);
        return application;
    }

    [Fact]
    public void Submission_names_every_unmet_condition_and_leaves_the_draft_as_it_was()
    {
        var round = Round();
        var application = Draft(round, unmet: "C7");
        var e = Assert.Throws<DomainException>(() => application.Submit(Applicant, round, Set.CenterConditions, AccreditationData.Rubric, Now));
        Assert.Equal("condition_not_met", e.Code);
        Assert.Contains("（七）信用记录良好（C7）", e.Message, StringComparison.Ordinal);
        Assert.Equal(CenterApplicationStatus.Draft, application.Status);
    }

    [Fact]
    public void Submission_is_refused_outside_the_window_and_after_closing()
    {
        var round = Round(TimeSpan.FromHours(1));
        var application = Draft(round);
        Assert.Equal("round_not_open", Assert.Throws<DomainConflictException>(() => application.Submit(Applicant, round, Set.CenterConditions, AccreditationData.Rubric, Now.AddHours(2))).Code);
        round.Close(Province, Now);
        Assert.Equal("round_not_open", Assert.Throws<DomainConflictException>(() => application.Submit(Applicant, round, Set.CenterConditions, AccreditationData.Rubric, Now)).Code);
    }

    [Fact]
    public void Only_the_right_party_takes_each_step()
    {
        var round = Round();
        var application = Draft(round);
        application.Submit(Applicant, round, Set.CenterConditions, AccreditationData.Rubric, Now);
        Assert.Throws<DomainForbiddenException>(() => application.RecommendByCity(Province, null, Now));
        Assert.Throws<DomainForbiddenException>(() => application.AcceptByProvince(City, null, Now));
        Assert.Throws<DomainConflictException>(() => application.AcceptByProvince(Province, null, Now));
        application.ReturnByCity(City, "请补充材料", Now);
        application.Submit(Applicant, round, Set.CenterConditions, AccreditationData.Rubric, Now);
        application.RecommendByCity(City, null, Now);
        application.AcceptByProvince(Province, null, Now);
        Assert.Equal(CenterApplicationStatus.ProvinceAccepted, application.Status);
        Assert.Equal(
            ["create", "submit", "city_return", "submit", "city_recommend", "province_accept"],
            application.Audit.Select(a => a.Action));
    }

    [Fact]
    public void A_conflicted_expert_refuses_the_whole_assignment()
    {
        var round = Round();
        var application = Draft(round);
        application.Submit(Applicant, round, Set.CenterConditions, AccreditationData.Rubric, Now);
        application.RecommendByCity(City, null, Now);
        application.AcceptByProvince(Province, null, Now);
        var e = Assert.Throws<DomainConflictException>(() => application.AssignExperts(
            Province, [(Guid.NewGuid(), [Guid.NewGuid()]), (Guid.NewGuid(), [Guid.NewGuid(), ApplicantOrg])], Now));
        Assert.Equal("conflict_of_interest", e.Code);
        Assert.Empty(application.ExpertUserIds);
    }

    [Fact]
    public void Objections_are_taken_only_during_the_notice_and_recognition_waits_for_its_end()
    {
        var round = Round();
        var application = Draft(round);
        application.Submit(Applicant, round, Set.CenterConditions, AccreditationData.Rubric, Now);
        application.RecommendByCity(City, null, Now);
        application.AcceptByProvince(Province, null, Now);
        var expert = Guid.NewGuid();
        application.AssignExperts(Province, [(expert, [])], Now);
        var sheet = Sheet(AccreditationData.Rubric, application.Id, expert, [.. AccreditationData.Rubric.Secondaries.Select(s => s.MaxPoints)]);
        application.RecordScore(RubricAggregation.Aggregate(AccreditationData.Rubric, [sheet], TrimOptions.Default), Now);
        application.Select(Province, null, Now);
        var start = new DateOnly(2025, 9, 26);
        var end = Calendar.NoticeEnd(start);
        application.PlaceUnderNotice(Province, start, end, Now);

        Assert.Equal("notice_not_started", Assert.Throws<DomainConflictException>(() =>
            application.LodgeObjection(Guid.NewGuid(), null, "张三", "138", "材料不实", start.AddDays(-1), start, end, Now)).Code);
        Assert.Equal("notice_ended", Assert.Throws<DomainConflictException>(() =>
            application.LodgeObjection(Guid.NewGuid(), null, "张三", "138", "材料不实", end.AddDays(1), start, end, Now)).Code);
        var objection = application.LodgeObjection(Guid.NewGuid(), null, "张三", "138", "材料不实", end, start, end, Now);
        Assert.Equal(CenterApplicationStatus.Objected, application.Status);
        application.ResolveObjection(Province, objection.Id, upheld: false, "经核查材料属实", Now);
        Assert.Equal(CenterApplicationStatus.UnderNotice, application.Status);

        Assert.Equal("notice_not_ended", Assert.Throws<DomainConflictException>(() =>
            application.Recognize(Province, "湘工信〔2025〕1号", end, end, end, Now)).Code);
        application.Recognize(Province, "湘工信〔2025〕1号", end.AddDays(1), end.AddDays(1), end, Now);
        Assert.Equal(CenterApplicationStatus.Recognized, application.Status);
    }
}
