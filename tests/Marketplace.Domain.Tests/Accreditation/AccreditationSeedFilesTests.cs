using System.Globalization;
using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Engineers;

namespace Marketplace.Domain.Tests.Accreditation;

/// <summary>The shipped rules files say what the seeds say (001 for centers, 000 for studios) and add up.</summary>
public sealed class AccreditationSeedFilesTests
{
    private static readonly Rubric Rubric = AccreditationData.Rubric;

    [Fact]
    public void The_rubric_is_version_2026_v1_of_the_2026_rules()
    {
        Assert.Equal("2026-v1", Rubric.Version);
        Assert.Equal("湘工信人教〔2026〕187号", Rubric.Document);
        Assert.Equal(new DateOnly(2026, 5, 15), Rubric.IssuedOn);
        Assert.Single(AccreditationData.Set.Rubrics.All);
    }

    [Fact]
    public void Every_primary_indicator_is_the_sum_of_its_secondary_indicators_and_they_sum_to_100()
    {
        foreach (var primary in Rubric.Primaries)
        {
            Assert.Equal(primary.Points, primary.Secondaries.Sum(s => s.MaxPoints));
        }

        Assert.Equal(100m, Rubric.Primaries.Sum(p => p.Points));
        Assert.Equal(100m, Rubric.BaseTotal);
        Assert.Equal(10m, Rubric.BonusCap);
        Assert.Equal(110m, Rubric.TotalCap);
    }

    [Fact]
    public void The_primary_indicators_are_the_seeds_four_scored_ones_plus_the_bonus()
    {
        Assert.Equal(
            [("1", "基本情况与基础保障", 10m), ("2", "人才集聚与协同", 30m), ("3", "人才培养与价值实现", 30m), ("4", "公共服务与产业赋能", 30m)],
            Rubric.Primaries.Select(p => (p.Code, p.Name, p.Points)));
    }

    [Fact]
    public void The_secondary_indicators_are_the_seeds_table_row_by_row()
    {
        (string Code, string SeedNumber, string Name, decimal Max)[] expected =
        [
            ("1.1", "1.1", "建设场地", 5), ("1.2", "1.2", "运营团队与管理", 5),
            ("2.1.1", "2.1", "人才集聚", 12), ("2.1.2", "2.1", "人才集聚", 9), ("2.2", "2.2", "人才引进机制", 5), ("2.3", "2.3", "协同平台建设", 4),
            ("3.1.1", "3.1", "人才交流培训", 9), ("3.1.2", "3.1", "人才交流培训", 6), ("3.2", "3.2", "工程师薪资机制", 4),
            ("3.3", "3.3", "人才价值实现机制", 4), ("3.4", "3.4", "产教深度融合", 7),
            ("4.1", "4.1", "专业技术服务成效", 6), ("4.2.1", "4.2", "协同创新成效", 7), ("4.2.2", "4.2", "协同创新成效", 7),
            ("4.3", "4.3", "标准制定", 4), ("4.4", "4.4", "成果复制推广", 2), ("4.5", "4.5", "平台资源开放共享", 4),
        ];
        Assert.Equal(expected, Rubric.Secondaries.Select(s => (s.Code, s.SeedNumber, s.Name, s.MaxPoints)));
        Assert.Equal("拥有一定数量的工信领域省级以上高层次人才。", Rubric.Indicator("2.1.2").Description);
        Assert.All(Rubric.Secondaries, s => Assert.EndsWith("。", s.Description));
    }

    [Fact]
    public void The_bonus_items_carry_the_seeds_points()
    {
        var local = Rubric.BonusItem("B1");
        Assert.Equal(BonusScoring.Range, local.Scoring);
        Assert.Equal(1, local.MaxClaims);
        Assert.Equal([("支持力度较大", 2m, 3m), ("一般", 0m, 1m)], local.Bands.Select(b => (b.Name, b.MinPoints, b.MaxPoints)));

        var honours = Rubric.BonusItem("B2");
        Assert.Equal(BonusScoring.PerItem, honours.Scoring);
        Assert.Equal([("national", 3m), ("provincial", 1m)], honours.Levels.Select(l => (l.Code, l.Points)));

        var events = Rubric.BonusItem("B3");
        Assert.Equal([("national", 2m)], events.Levels.Select(l => (l.Code, l.Points)));
        Assert.Contains("每新增1项计2分", events.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_veto_sentence_is_verbatim_and_split_into_its_three_grounds()
    {
        Assert.StartsWith("对发生重大安全、质量事故", Rubric.VetoText, StringComparison.Ordinal);
        Assert.EndsWith("实行一票否决，评价结果为不合格。", Rubric.VetoText, StringComparison.Ordinal);
        Assert.Equal(["V1", "V2", "V3"], Rubric.VetoItems.Select(v => v.Code));
        Assert.All(Rubric.VetoItems, v => Assert.Contains(v.Text, Rubric.VetoText, StringComparison.Ordinal));
    }

    [Fact]
    public void The_rubric_records_where_the_seed_was_ambiguous()
    {
        Assert.Contains(Rubric.Notes, n => n.Contains("2.1.1/2.1.2", StringComparison.Ordinal));
        Assert.Contains(Rubric.Notes, n => n.Contains("B1", StringComparison.Ordinal));
    }

    [Fact]
    public void The_seven_basic_conditions_of_article_7_are_a_checklist_with_evidence()
    {
        var checklist = AccreditationData.Set.CenterConditions;
        Assert.Equal(["C1", "C2", "C3", "C4", "C5", "C6", "C7"], checklist.Conditions.Select(c => c.Code));
        Assert.Equal(["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）"], checklist.Conditions.Select(c => c.SeedNumber));
        Assert.StartsWith("依法登记", checklist.Conditions[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("信用记录良好，近三年内", checklist.Conditions[6].Text, StringComparison.Ordinal);
        Assert.All(checklist.Conditions, c => Assert.NotEmpty(c.Evidence));
        Assert.Equal(["C3", "C7"], checklist.Missing(["C1", "C2", "C4", "C5", "C6"]).Select(c => c.Code));
        Assert.Empty(checklist.Missing(checklist.Conditions.Select(c => c.Code)));
    }

    [Fact]
    public void The_studio_programme_has_the_fund_cycle_and_2030_targets_of_seed_000()
    {
        var studio = AccreditationData.Set.StudioProgramme;
        Assert.Equal("湘人社规〔2025〕28号", studio.Document);
        Assert.Equal(200_000m, studio.StartupFundYuan);
        Assert.Equal(["设备购置", "场地租赁", "技术研发", "培训交流"], studio.FundCategories.Select(c => c.Name));
        Assert.Equal(["硬件建设", "硬件建设", "业务活动", "业务活动"], studio.FundCategories.Select(c => c.Group));
        Assert.Equal(3, studio.BuildCycleYears);
        Assert.Equal(5, studio.NoticeWorkingDays);
        Assert.Equal(2030, studio.TargetYear);
        Assert.Equal(
            [("studios", 25, TargetComparison.About), ("senior-engineers", 300, TargetComparison.AtLeast),
             ("engineers-and-assistants", 2000, TargetComparison.AtLeast), ("knowledge-update", 5000, TargetComparison.AtLeast)],
            studio.Targets.Select(t => (t.Code, t.Value, t.Comparison)));
        Assert.Equal(["生产任务带培", "技术项目带培", "专业特长带培", "协同合作带培"], studio.TrainingPaths.Select(p => p.Name));
        Assert.Equal(["研修研讨", "继续教育", "挂职或跟班跟师学习"], studio.TrainingForms.Select(p => p.Name));
    }

    [Fact]
    public void Only_a_professor_level_senior_engineer_may_host_a_studio()
    {
        var studio = AccreditationData.Set.StudioProgramme;
        Assert.Equal(ProfessionalTitle.ProfessorSeniorEngineer, studio.HostTitle);
        Assert.True(studio.MayHost(ProfessionalTitle.ProfessorSeniorEngineer));
        Assert.False(studio.MayHost(ProfessionalTitle.SeniorEngineer));
        Assert.False(studio.MayHost(null));
    }

    [Fact]
    public void The_studio_form_follows_annex_1_and_the_materials_annex_2()
    {
        var studio = AccreditationData.Set.StudioProgramme;
        Assert.Equal(["一、基本情况", "二、现有基础", "工作室主持人基本情况", "三、推荐意见"], studio.FormSections.Select(s => s.Name));

        var basic = studio.FormSections[0];
        Assert.Equal(["单位全称", "机构代码", "所有制形式", "职工人数"], basic.Fields.Take(4).Select(f => f.Label));
        Assert.Equal(["合作单位名称", "性质（如，企业、高校、科研院所、......）", "资质条件/学科方向"], basic.Tables.Single().Columns.Select(c => c.Label));

        var foundation = studio.FormSections[1];
        Assert.Contains(foundation.Fields, f => f.Label.Contains("近三年年均主营业务收入（亿元）", StringComparison.Ordinal) && f.Unit == "亿元");
        Assert.Contains(foundation.Fields, f => f.Label.Contains("近三年平均研发投入占营业收入比重（%）", StringComparison.Ordinal) && f.Type == "percent");
        var mentors = foundation.Tables.Single(t => t.Code == "mentors");
        Assert.Equal(["企业导师", "院校导师", "其他", "师资总数"], mentors.Rows.Select(r => r.Label));
        Assert.Equal(["正高职称", "副高职称", "其他"], mentors.Columns.Select(c => c.Label));
        var targets = foundation.Tables.Single(t => t.Code == "targets");
        Assert.Equal(["第一年", "第二年", "第三年"], targets.Rows.Select(r => r.Label));

        Assert.Contains(studio.FormSections[2].Fields, f => f.Label == "专业技术职务任职资格情况");
        Assert.Equal(["湖南省卓越工程师带培工作室建设申报表", "湖南省卓越工程师带培工作室建设方案", "佐证材料"], studio.Materials.Select(m => m.Name));
        Assert.Equal(["单位介绍", "组织架构", "建设目标", "建设计划", "实践场所安排", "师资能力", "实践课程体系"], studio.Materials[1].Parts);
        Assert.Equal(4, studio.Materials[2].Parts.Count);
    }

    [Fact]
    public void The_published_calendar_years_have_the_official_number_of_days_off_and_working_weekends()
    {
        var calendar = AccreditationData.Calendar;
        Assert.Equal([2025, 2026, 2027], calendar.Years);
        Assert.False(calendar.IsProvisional(2025));
        Assert.False(calendar.IsProvisional(2026));
        Assert.True(calendar.IsProvisional(2027));

        // 2025: 1 + 8 + 3 + 5 + 3 + 8 days off; 5 working weekends. 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7; 6 working weekends.
        Assert.Equal(28, DaysOff(2025));
        Assert.Equal(33, DaysOff(2026));
        Assert.Equal(["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"], WorkingWeekends(2025));
        Assert.Equal(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"], WorkingWeekends(2026));
        Assert.Empty(WorkingWeekends(2027));
    }

    [Fact]
    public void The_provisional_2027_holidays_fall_on_the_statutory_solar_and_lunar_dates()
    {
        // Independent check of the lunar dates with .NET's Chinese lunisolar calendar: 除夕 is the day before 正月初一.
        var lunar = new ChineseLunisolarCalendar();
        var newYear = FindLunar(lunar, 2027, 1, 1);
        var dragonBoat = FindLunar(lunar, 2027, 5, 5);
        var midAutumn = FindLunar(lunar, 2027, 8, 15);

        var calendar = AccreditationData.Calendar;
        string?[] springFestival = [.. Enumerable.Range(-1, 4).Select(d => calendar.HolidayName(newYear.AddDays(d)))];
        Assert.All(springFestival, name => Assert.Equal("春节", name));
        Assert.True(calendar.IsWorkingDay(newYear.AddDays(3)));
        Assert.Equal("端午节", calendar.HolidayName(dragonBoat));
        Assert.Equal("中秋节", calendar.HolidayName(midAutumn));
        Assert.Equal("清明节", calendar.HolidayName(new DateOnly(2027, 4, 5)));
        Assert.Equal("元旦", calendar.HolidayName(new DateOnly(2027, 1, 1)));
        Assert.Equal(13, DaysOff(2027));
    }

    private static int DaysOff(int year) =>
        Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365)
            .Count(d => AccreditationData.Calendar.HolidayName(new DateOnly(year, 1, 1).AddDays(d)) is not null);

    private static List<string> WorkingWeekends(int year) =>
        [.. Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365)
            .Select(d => new DateOnly(year, 1, 1).AddDays(d))
            .Where(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && AccreditationData.Calendar.IsWorkingDay(d))
            .Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];

    private static DateOnly FindLunar(ChineseLunisolarCalendar lunar, int year, int month, int day)
    {
        for (var date = new DateTime(year, 1, 1); date.Year == year; date = date.AddDays(1))
        {
            var lunarYear = lunar.GetYear(date);
            var leap = lunar.GetLeapMonth(lunarYear);
            var index = lunar.GetMonth(date);
            if (leap > 0 && index == leap)
            {
                continue;
            }

            var number = leap > 0 && index > leap ? index - 1 : index;
            if (number == month && lunar.GetDayOfMonth(date) == day)
            {
                return DateOnly.FromDateTime(date);
            }
        }

        throw new InvalidOperationException($"lunar {month}/{day} not in {year}");
    }
}
