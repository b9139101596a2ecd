using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Tests.Accreditation;

public sealed class ExpertScoreSheetTests
{
    private static readonly Rubric Rubric = AccreditationData.Rubric;
    private static readonly DateTimeOffset Now = AccreditationData.Now;

    private static T Refused<T>(Action act, string code)
        where T : DomainException
    {
        var e = Assert.Throws<T>(act);
        Assert.Equal(code, e.Code);
        return e;
    }

    [Fact]
    public void A_mark_outside_zero_to_max_is_refused_with_the_bounds_in_chinese()
    {
        var sheet = AccreditationData.Draft(Rubric);
        var e = Refused<DomainException>(() => sheet.Mark(Rubric, "2.1.1", 12.5m, "很好", Now), "score_out_of_range");
        Assert.Contains("0 到 12 分", e.Message, StringComparison.Ordinal);
        Refused<DomainException>(() => sheet.Mark(Rubric, "1.1", -0.5m, "差", Now), "score_out_of_range");
        Refused<DomainException>(() => sheet.Mark(Rubric, "1.1", 4.125m, "精度", Now), "score_precision");
        Refused<DomainException>(() => sheet.Mark(Rubric, "9.9", 1m, "无此项", Now), "unknown_indicator");
        Refused<DomainException>(() => sheet.Mark(Rubric, "1.1", 4m, "  ", Now), "required");
        Assert.Empty(sheet.Marks);

        sheet.Mark(Rubric, "2.1.1", 12m, "满分", Now);
        sheet.Mark(Rubric, "1.1", 0m, "无场地", Now);
        sheet.Mark(Rubric, "1.1", 4.25m, "场地基本满足", Now);
        Assert.Equal(4.25m, sheet.PointsFor("1.1"));
        Assert.Equal(2, sheet.Marks.Count);
    }

    [Fact]
    public void A_sheet_cannot_be_submitted_until_every_indicator_is_marked()
    {
        var sheet = AccreditationData.Draft(Rubric);
        foreach (var indicator in Rubric.Secondaries.Where(s => s.Code != "4.4" && s.Code != "2.1.2"))
        {
            sheet.Mark(Rubric, indicator.Code, 1m, "一般", Now);
        }

        var e = Refused<DomainException>(() => sheet.Submit(Rubric, Now), "score_sheet_incomplete");
        Assert.Contains("2.1.2 人才集聚", e.Message, StringComparison.Ordinal);
        Assert.Contains("4.4 成果复制推广", e.Message, StringComparison.Ordinal);
        Assert.False(sheet.IsSubmitted);
    }

    [Fact]
    public void A_submitted_sheet_is_frozen()
    {
        var sheet = AccreditationData.Sheet(Rubric, Guid.NewGuid(), Guid.NewGuid(), [.. Rubric.Secondaries.Select(s => s.MaxPoints - 1)], submit: false);
        var claim = sheet.ClaimBonus(Rubric, "B2", "national", null, ["国家级荣誉证书"], null, Now);
        sheet.Submit(Rubric, Now.AddMinutes(5));
        Assert.True(sheet.IsSubmitted);
        Assert.Equal(Now.AddMinutes(5), sheet.SubmittedAt);
        var before = sheet.Totals(Rubric);

        Refused<DomainConflictException>(() => sheet.Mark(Rubric, "1.1", 5m, "改分", Now), "score_sheet_submitted");
        Refused<DomainConflictException>(() => sheet.ClaimBonus(Rubric, "B3", null, null, ["赛事文件"], null, Now), "score_sheet_submitted");
        Refused<DomainConflictException>(() => sheet.WithdrawBonusClaim(Rubric, claim.Id, Now), "score_sheet_submitted");
        Refused<DomainConflictException>(() => sheet.Veto(Rubric, "V1", "事故", Now), "score_sheet_submitted");
        Refused<DomainConflictException>(() => sheet.WithdrawVeto(Rubric, Now), "score_sheet_submitted");
        Refused<DomainConflictException>(() => sheet.Submit(Rubric, Now), "score_sheet_submitted");

        Assert.Equal(before, sheet.Totals(Rubric));
        Assert.Equal(4m, sheet.PointsFor("1.1"));
        Assert.False(sheet.HasVeto);
    }

    [Fact]
    public void A_sheet_only_accepts_the_rubric_version_it_was_started_on()
    {
        var sheet = AccreditationData.Draft(Rubric);
        var reissued = AccreditationData.WithVersion(Rubric, "2027-v2");
        Assert.Equal("2026-v1", sheet.RubricVersion);
        Refused<DomainConflictException>(() => sheet.Mark(reissued, "1.1", 3m, "新版", Now), "rubric_version_mismatch");
        Refused<DomainConflictException>(() => sheet.Totals(reissued), "rubric_version_mismatch");
    }

    [Fact]
    public void The_local_support_bonus_takes_points_within_one_of_its_two_bands_once()
    {
        var sheet = AccreditationData.Draft(Rubric);
        Refused<DomainException>(() => AccreditationData.ClaimRange(sheet, Rubric, "B1", 1.5m), "bonus_out_of_range");
        Refused<DomainException>(() => AccreditationData.ClaimRange(sheet, Rubric, "B1", 3.5m), "bonus_out_of_range");
        Refused<DomainException>(() => AccreditationData.ClaimRange(sheet, Rubric, "B1", -1m), "bonus_out_of_range");
        Refused<DomainException>(() => sheet.ClaimBonus(Rubric, "B1", null, null, ["文件"], null, Now), "bonus_points_required");
        Refused<DomainException>(() => sheet.ClaimBonus(Rubric, "B1", "national", 2m, ["文件"], null, Now), "bonus_level_invalid");

        AccreditationData.ClaimRange(sheet, Rubric, "B1", 2.5m);
        Refused<DomainException>(() => AccreditationData.ClaimRange(sheet, Rubric, "B1", 1m), "bonus_claim_limit");
        Assert.Equal(2.5m, sheet.Totals(Rubric).BonusClaimed);

        sheet.WithdrawBonusClaim(Rubric, sheet.BonusClaims[0].Id, Now);
        AccreditationData.ClaimRange(sheet, Rubric, "B1", 1m);
        Assert.Equal(1m, sheet.Totals(Rubric).BonusClaimed);
    }

    [Fact]
    public void Per_item_bonuses_score_their_levels_fixed_points_and_need_evidence()
    {
        var sheet = AccreditationData.Draft(Rubric);
        Refused<DomainException>(() => sheet.ClaimBonus(Rubric, "B2", null, null, ["证书"], null, Now), "bonus_level_invalid");
        Refused<DomainException>(() => sheet.ClaimBonus(Rubric, "B2", "city", null, ["证书"], null, Now), "bonus_level_invalid");
        Refused<DomainException>(() => sheet.ClaimBonus(Rubric, "B2", "national", 2m, ["证书"], null, Now), "bonus_points_fixed");
        Refused<DomainException>(() => sheet.ClaimBonus(Rubric, "B2", "national", null, [" ", ""], null, Now), "bonus_evidence_required");
        Refused<DomainException>(() => sheet.ClaimBonus(Rubric, "B9", null, null, ["证书"], null, Now), "unknown_bonus_item");

        var national = sheet.ClaimBonus(Rubric, "B2", "national", 3m, ["国家级证书", "国家级证书"], "国家级荣誉", Now);
        Assert.Equal(3m, national.Points);
        Assert.Equal(["国家级证书"], national.Evidence);
        Assert.Equal(1m, sheet.ClaimBonus(Rubric, "B2", "provincial", null, ["省级证书"], null, Now).Points);
        var hosted = sheet.ClaimBonus(Rubric, "B3", null, null, ["赛事承办文件"], null, Now);
        Assert.Equal(("national", 2m), (hosted.LevelCode, hosted.Points));
        Assert.Equal(6m, sheet.Totals(Rubric).BonusClaimed);
    }

    [Fact]
    public void Running_totals_cap_the_bonus_at_10_and_the_total_at_110()
    {
        var sheet = AccreditationData.Sheet(Rubric, Guid.NewGuid(), Guid.NewGuid(), [.. Rubric.Secondaries.Select(s => s.MaxPoints)], submit: false);
        AccreditationData.ClaimRange(sheet, Rubric, "B1", 3m);
        AccreditationData.ClaimItems(sheet, Rubric, "B2", "national", 3);
        AccreditationData.ClaimItems(sheet, Rubric, "B3", null, 2);
        var totals = sheet.Totals(Rubric);
        Assert.Equal(new SheetTotals(17, 17, 100m, 16m, 10m, 110m, false), totals);
    }

    [Fact]
    public void A_veto_needs_a_known_ground_and_a_reason_and_can_be_withdrawn_before_submission()
    {
        var sheet = AccreditationData.Draft(Rubric);
        Refused<DomainException>(() => sheet.Veto(Rubric, "V9", "理由", Now), "unknown_veto_item");
        Refused<DomainException>(() => sheet.Veto(Rubric, "V1", " ", Now), "required");
        Assert.False(sheet.HasVeto);

        sheet.Veto(Rubric, "V1", "2025年发生重大安全生产事故", Now);
        Assert.Equal(("V1", "2025年发生重大安全生产事故"), (sheet.VetoCode, sheet.VetoReason));
        Assert.True(sheet.Totals(Rubric).Vetoed);
        sheet.WithdrawVeto(Rubric, Now);
        Assert.False(sheet.HasVeto);
        Assert.Null(sheet.VetoReason);
    }
}
