using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Infrastructure.DemoData;
using static Marketplace.Domain.Tests.Accreditation.AccreditationData;

namespace Marketplace.Domain.Tests.Accreditation;

/// <summary>The studio's state machine and fund ledger without a database (seed 000).</summary>
public sealed class MentoringStudioTests
{
    private static readonly StudioProgramme Programme = Set.StudioProgramme;
    private static readonly AccreditationActor Applicant = new(Guid.NewGuid(), AccreditationParty.Applicant);
    private static readonly AccreditationActor City = new(Guid.NewGuid(), AccreditationParty.CityBureau);
    private static readonly AccreditationActor Province = new(Guid.NewGuid(), AccreditationParty.Province);
    private static readonly Guid Enterprise = Guid.NewGuid();
    private static readonly Guid HostId = Guid.NewGuid();
    private static readonly DateOnly Today = new(2026, 6, 1);
    private static readonly string[] AllMaterials = ["M1", "M2", "M3"];

    private static MentoringStudio Draft(Guid? host = null)
    {
        var studio = MentoringStudio.Start(Guid.NewGuid(), Programme, Enterprise, "430100", Applicant, Now);
        studio.UpdateDraft(Applicant, Programme, host ?? HostId, DemoStudioForms.Complete(Programme, "测试重工股份有限公司", "张主持"), Now);
        return studio;
    }

    private static StudioHostCheck QualifiedHost => new(HostId, ProfessionalTitle.ProfessorSeniorEngineer);

    private static MentoringStudio Recognized(DateOnly recognizedOn)
    {
        var studio = Draft();
        studio.Submit(Applicant, Programme, QualifiedHost, AllMaterials, Now);
        studio.CityReview(City, CityDesk.HumanResources, true, "同意", Now);
        studio.CityReview(City, CityDesk.Finance, true, null, Now);
        var expert = new AccreditationActor(Guid.NewGuid(), AccreditationParty.Expert);
        studio.AssignExperts(Province, [(expert.UserId!.Value, [Guid.NewGuid()])], Now);
        studio.GiveOpinion(expert, true, "基础扎实，同意认定", Now);
        studio.Select(Province, true, null, Now);
        var start = recognizedOn.AddDays(-14);
        studio.PublishNotice(Province, start, Calendar.NoticeEnd(start, Programme.NoticeWorkingDays), start, Now);
        studio.Recognize(Province, Programme, "湘人社函〔2026〕1号", recognizedOn, recognizedOn, Now);
        return studio;
    }

    [Fact]
    public void The_full_path_records_both_city_desks_then_experts_notice_and_recognition()
    {
        var studio = Draft();
        studio.Submit(Applicant, Programme, QualifiedHost, AllMaterials, Now);
        Assert.Equal(StudioStatus.Submitted, studio.Status);

        studio.CityReview(City, CityDesk.Finance, true, "资金用途合规", Now);
        Assert.Equal(StudioStatus.Submitted, studio.Status);
        Assert.Throws<DomainConflictException>(() => studio.CityReview(City, CityDesk.Finance, true, null, Now));
        studio.CityReview(City, CityDesk.HumanResources, true, "符合申报条件", Now);
        Assert.Equal(StudioStatus.CityRecommended, studio.Status);
        Assert.Equal([CityDesk.Finance, CityDesk.HumanResources], studio.SignOffs.Select(s => s.Desk));

        var e1 = new AccreditationActor(Guid.NewGuid(), AccreditationParty.Expert);
        var e2 = new AccreditationActor(Guid.NewGuid(), AccreditationParty.Expert);
        studio.AssignExperts(Province, [(e1.UserId!.Value, [Guid.NewGuid()]), (e2.UserId!.Value, [])], Now);
        studio.GiveOpinion(e1, true, "同意", Now);
        Assert.Equal(StudioStatus.ExpertReview, studio.Status);
        Assert.Throws<DomainConflictException>(() => studio.GiveOpinion(e1, false, "再投一次", Now));
        studio.GiveOpinion(e2, false, "带培目标偏低", Now);
        Assert.Equal(StudioStatus.ExpertsDone, studio.Status);

        studio.Select(Province, true, "择优入选", Now);
        var start = new DateOnly(2026, 3, 2);
        var end = Calendar.NoticeEnd(start, Programme.NoticeWorkingDays);
        Assert.Equal(new DateOnly(2026, 3, 6), end);
        studio.PublishNotice(Province, start, end, start, Now);
        var objection = studio.LodgeObjection(Guid.NewGuid(), null, null, "主持人职称存疑", start.AddDays(1), Now);
        Assert.Equal(StudioStatus.Objected, studio.Status);
        Assert.Null(objection.LodgedByUserId);
        studio.ResolveObjection(Province, objection.Id, false, "经核查职称证书真实有效", Now);
        Assert.Equal(StudioStatus.UnderNotice, studio.Status);

        Assert.Throws<DomainConflictException>(() => studio.Recognize(Province, Programme, "湘人社函〔2026〕9号", end, end, Now));
        studio.Recognize(Province, Programme, "湘人社函〔2026〕9号", end.AddDays(3), end.AddDays(3), Now);
        Assert.Equal(StudioStatus.Recognized, studio.Status);
        Assert.Equal(Programme.StartupFundYuan, studio.FundGrantedYuan);
        Assert.Equal(200_000m, studio.FundBalanceYuan);
        Assert.Contains(studio.Audit, a => a.Action == "hr_approve" && a.Party == AccreditationParty.CityBureau);
        Assert.Contains(studio.Audit, a => a.Action == "finance_approve" && a.Reason!.Contains("资金用途合规", StringComparison.Ordinal));
    }

    [Fact]
    public void Either_city_desk_returns_with_reasons_and_a_resubmission_needs_both_again()
    {
        var studio = Draft();
        studio.Submit(Applicant, Programme, QualifiedHost, AllMaterials, Now);
        studio.CityReview(City, CityDesk.HumanResources, true, null, Now);
        Assert.Throws<DomainException>(() => studio.CityReview(City, CityDesk.Finance, false, " ", Now));
        studio.CityReview(City, CityDesk.Finance, false, "资金预算不清", Now);
        Assert.Equal(StudioStatus.ReturnedByCity, studio.Status);
        Assert.Empty(studio.SignOffs);

        studio.Submit(Applicant, Programme, QualifiedHost, AllMaterials, Now);
        studio.CityReview(City, CityDesk.Finance, true, null, Now);
        Assert.Equal(StudioStatus.Submitted, studio.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ProfessionalTitle.SeniorEngineer)]
    public void A_host_without_a_verified_professor_senior_title_is_refused(ProfessionalTitle? verified)
    {
        var studio = Draft();
        var refused = Assert.Throws<DomainException>(() => studio.Submit(Applicant, Programme, new StudioHostCheck(HostId, verified), AllMaterials, Now));
        Assert.Equal("host_not_qualified", refused.Code);
        Assert.Equal(StudioStatus.Draft, studio.Status);
    }

    [Fact]
    public void Submission_names_what_is_missing_from_the_form_and_the_materials()
    {
        var studio = MentoringStudio.Start(Guid.NewGuid(), Programme, Enterprise, "430100", Applicant, Now);
        studio.UpdateDraft(Applicant, Programme, HostId, StudioForm.Empty, Now);
        var incomplete = Assert.Throws<DomainException>(() => studio.Submit(Applicant, Programme, QualifiedHost, AllMaterials, Now));
        Assert.Equal("form_incomplete", incomplete.Code);
        Assert.Contains("带培目标任务", incomplete.Message, StringComparison.Ordinal);

        var draft = Draft();
        var materials = Assert.Throws<DomainException>(() => draft.Submit(Applicant, Programme, QualifiedHost, ["M1"], Now));
        Assert.Equal("materials_missing", materials.Code);
    }

    [Fact]
    public void The_form_refuses_values_of_the_wrong_type_and_ignores_a_typed_total()
    {
        var form = DemoStudioForms.Complete(Programme, "测试公司", "张主持");
        form.Fields["basic.postcode"] = "41000";
        var refused = Assert.Throws<DomainException>(() => StudioFormRules.Normalize(Programme, form));
        Assert.Contains("邮编", refused.Message, StringComparison.Ordinal);

        form.Fields["basic.postcode"] = "410000";
        form.Fields["foundation.averageRdRatio"] = "120";
        Assert.Throws<DomainException>(() => StudioFormRules.Normalize(Programme, form));

        form.Fields["foundation.averageRdRatio"] = "4.5";
        form.Matrices[StudioFormRules.MentorsTable]["total.senior"] = 999;
        var normalized = StudioFormRules.Normalize(Programme, form);
        Assert.False(normalized.Matrices[StudioFormRules.MentorsTable].ContainsKey("total.senior"));
        Assert.Equal(
            normalized.Cell(StudioFormRules.MentorsTable, "enterprise", "senior") + normalized.Cell(StudioFormRules.MentorsTable, "academic", "senior")
                + normalized.Cell(StudioFormRules.MentorsTable, "other", "senior"),
            StudioFormRules.Total(Programme, normalized, StudioFormRules.MentorsTable, "senior"));
    }

    [Fact]
    public void The_fund_ledger_keeps_the_balance_refuses_overspending_and_bad_amounts()
    {
        var studio = Recognized(new DateOnly(2026, 3, 16));
        studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "equipment", new DateOnly(2026, 4, 1), 80_000m, "数控实训设备", null, Today, Now);
        studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "training-exchange", new DateOnly(2026, 5, 1), 19_999.99m, "研修班", null, Today, Now);
        Assert.Equal(99_999.99m, studio.FundSpentYuan);
        Assert.Equal(100_000.01m, studio.FundBalanceYuan);

        var overspent = Assert.Throws<DomainConflictException>(() =>
            studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "rnd", Today, 100_000.02m, "超支", null, Today, Now));
        Assert.Equal("fund_overspent", overspent.Code);
        Assert.Equal("fund_amount_invalid", Assert.Throws<DomainException>(() =>
            studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "rnd", Today, -5m, "负数", null, Today, Now)).Code);
        Assert.Equal("fund_amount_invalid", Assert.Throws<DomainException>(() =>
            studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "rnd", Today, 1.001m, "三位小数", null, Today, Now)).Code);
        Assert.Equal("fund_category_unknown", Assert.Throws<DomainException>(() =>
            studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "banquet", Today, 10m, "宴请", null, Today, Now)).Code);
        Assert.Equal("fund_date_invalid", Assert.Throws<DomainException>(() =>
            studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "rnd", new DateOnly(2026, 3, 1), 10m, "认定前", null, Today, Now)).Code);
        Assert.Throws<DomainForbiddenException>(() =>
            studio.RecordSpending(Province, Programme, Guid.NewGuid(), "rnd", Today, 10m, "省厅代记", null, Today, Now));
        Assert.Equal(2, studio.FundEntries.Count);

        // The whole balance may be spent, to the fen.
        studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "rnd", Today, 100_000.01m, "联合攻关", null, Today, Now);
        Assert.Equal(0m, studio.FundBalanceYuan);
    }

    [Fact]
    public void Revocation_records_its_reason_and_recovers_exactly_the_unspent_balance()
    {
        var studio = Recognized(new DateOnly(2026, 3, 16));
        studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "site-rental", new DateOnly(2026, 4, 1), 36_500m, "实训场地租金", null, Today, Now);
        Assert.Throws<DomainException>(() => studio.Revoke(Province, "  ", Today, Now));
        studio.Revoke(Province, "虚报带培人数", Today, Now);
        Assert.Equal(StudioStatus.Revoked, studio.Status);
        Assert.Equal(163_500m, studio.RecoveredYuan);
        Assert.Equal("虚报带培人数", studio.RevocationReason);
        Assert.Throws<DomainConflictException>(() =>
            studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "rnd", Today, 1m, "撤销后", null, Today, Now));
    }

    [Fact]
    public void The_build_cycle_is_three_years_and_re_evaluation_is_due_before_it_ends()
    {
        var recognizedOn = new DateOnly(2026, 3, 16);
        var studio = Recognized(recognizedOn);
        Assert.Equal(recognizedOn, studio.CycleStart);
        Assert.Equal(new DateOnly(2029, 3, 15), studio.CycleEnd);
        Assert.Equal(studio.CycleEnd, studio.ReEvaluationDueBy);
        Assert.False(studio.IsReEvaluationOverdue(new DateOnly(2029, 3, 15)));
        Assert.True(studio.IsReEvaluationOverdue(new DateOnly(2029, 3, 16)));

        var late = Assert.Throws<DomainConflictException>(() => studio.ReEvaluate(Province, true, null, new DateOnly(2029, 3, 16), new DateOnly(2029, 3, 20), Now));
        Assert.Equal("reevaluation_after_cycle", late.Code);
        Assert.Throws<DomainException>(() => studio.ReEvaluate(Province, false, null, new DateOnly(2029, 1, 10), new DateOnly(2029, 1, 10), Now));

        studio.ReEvaluate(Province, true, "带培成效明显", new DateOnly(2029, 1, 10), new DateOnly(2029, 1, 10), Now);
        Assert.Equal(StudioStatus.Continued, studio.Status);
        Assert.True(studio.ReEvaluationPassed);
    }

    [Fact]
    public void A_failed_re_evaluation_revokes_with_its_reason_and_recovers_the_balance()
    {
        var studio = Recognized(new DateOnly(2026, 3, 16));
        studio.RecordSpending(Applicant, Programme, Guid.NewGuid(), "equipment", new DateOnly(2026, 4, 1), 120_000m, "设备", null, Today, Now);
        studio.ReEvaluate(Province, false, "未完成带培目标", new DateOnly(2029, 2, 1), new DateOnly(2029, 2, 1), Now);
        Assert.Equal(StudioStatus.Revoked, studio.Status);
        Assert.Equal(80_000m, studio.RecoveredYuan);
        Assert.Contains("未完成带培目标", studio.RevocationReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Experts_from_the_applicant_enterprise_are_refused_and_wrong_parties_are_forbidden()
    {
        var studio = Draft();
        Assert.Throws<DomainForbiddenException>(() => studio.Submit(City, Programme, QualifiedHost, AllMaterials, Now));
        studio.Submit(Applicant, Programme, QualifiedHost, AllMaterials, Now);
        Assert.Throws<DomainForbiddenException>(() => studio.CityReview(Province, CityDesk.HumanResources, true, null, Now));
        studio.CityReview(City, CityDesk.HumanResources, true, null, Now);
        studio.CityReview(City, CityDesk.Finance, true, null, Now);
        var conflict = Assert.Throws<DomainConflictException>(() => studio.AssignExperts(Province, [(Guid.NewGuid(), [Enterprise])], Now));
        Assert.Equal("conflict_of_interest", conflict.Code);
        Assert.Empty(studio.ExpertUserIds);
        Assert.Throws<DomainConflictException>(() => studio.Select(Province, true, null, Now));
    }

    [Fact]
    public void Only_verified_unexpired_title_certificates_prove_the_host_title()
    {
        var reviewer = Guid.NewGuid();
        EngineerCredential Credential(string name, bool verify, CredentialKind kind = CredentialKind.ProfessionalTitle, DateOnly? expires = null)
        {
            var c = EngineerCredential.Submit(Guid.NewGuid(), HostId, new CredentialDetails(kind, name, "湖南省人力资源和社会保障厅", "X1", new DateOnly(2015, 1, 1), expires), null, HostId, Now.AddDays(-30));
            if (verify)
            {
                c.Verify(reviewer, Now.AddDays(-29));
            }

            return c;
        }

        Assert.Equal(ProfessionalTitle.ProfessorSeniorEngineer, StudioHostQualification.VerifiedTitle([Credential("正高级工程师职称证书", true)], Today));
        Assert.Equal(ProfessionalTitle.SeniorEngineer, StudioHostQualification.VerifiedTitle([Credential("高级工程师职称证书", true), Credential("正高级工程师职称证书", false)], Today));
        Assert.Equal(ProfessionalTitle.Engineer, StudioHostQualification.VerifiedTitle([Credential("助理工程师职称证书", true), Credential("工程师职称证书", true)], Today));
        Assert.Null(StudioHostQualification.VerifiedTitle([Credential("正高级工程师", true, CredentialKind.Other)], Today));
        Assert.Null(StudioHostQualification.VerifiedTitle([Credential("正高级工程师职称证书", true, expires: new DateOnly(2026, 1, 1))], Today));
    }
}
