using Marketplace.Domain.Accreditation;
using Marketplace.Domain.Common;

namespace Marketplace.Domain.Tests.Accreditation;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = AccreditationData.Calendar;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void National_Day_and_Mid_Autumn_2025_are_off_from_October_1_to_8_with_two_working_weekends()
    {
        for (var day = 1; day <= 8; day++)
        {
            Assert.False(Calendar.IsWorkingDay(D(2025, 10, day)), $"2025-10-{day:D2}");
            Assert.Equal("国庆节、中秋节", Calendar.HolidayName(D(2025, 10, day)));
        }

        Assert.Equal(DayOfWeek.Sunday, D(2025, 9, 28).DayOfWeek);
        Assert.True(Calendar.IsWorkingDay(D(2025, 9, 28)));
        Assert.Equal(DayOfWeek.Saturday, D(2025, 10, 11).DayOfWeek);
        Assert.True(Calendar.IsWorkingDay(D(2025, 10, 11)));
        Assert.True(Calendar.IsWorkingDay(D(2025, 10, 9)));
        Assert.False(Calendar.IsWorkingDay(D(2025, 10, 12)));
        Assert.False(Calendar.IsWorkingDay(D(2025, 9, 27)));
    }

    [Fact]
    public void Spring_Festival_2026_is_off_from_February_15_to_23_with_the_14th_and_28th_worked()
    {
        for (var day = 15; day <= 23; day++)
        {
            Assert.False(Calendar.IsWorkingDay(D(2026, 2, day)), $"2026-02-{day:D2}");
            Assert.Equal("春节", Calendar.HolidayName(D(2026, 2, day)));
        }

        Assert.True(Calendar.IsWorkingDay(D(2026, 2, 14)));
        Assert.True(Calendar.IsWorkingDay(D(2026, 2, 28)));
        Assert.True(Calendar.IsWorkingDay(D(2026, 2, 24)));
        Assert.False(Calendar.IsWorkingDay(D(2026, 2, 22)));
        Assert.Null(Calendar.HolidayName(D(2026, 3, 1)));
    }

    [Fact]
    public void A_notice_published_on_the_Friday_before_the_2025_National_Day_break_ends_on_October_9()
    {
        // 2025-09-26 Fri: working day, the publication day counts → day 1
        // 2025-09-27 Sat: weekend
        // 2025-09-28 Sun: adjusted working day (调休上班) → day 2
        // 2025-09-29 Mon → day 3;  2025-09-30 Tue → day 4
        // 2025-10-01 … 10-08: 国庆节、中秋节 off
        // 2025-10-09 Thu → day 5: the notice ends here.
        Assert.Equal(DayOfWeek.Friday, D(2025, 9, 26).DayOfWeek);
        Assert.Equal(D(2025, 10, 9), Calendar.NoticeEnd(D(2025, 9, 26)));
        Assert.Equal(5, Calendar.CountWorkingDays(D(2025, 9, 26), D(2025, 10, 9)));
    }

    [Fact]
    public void A_notice_published_on_a_holiday_starts_counting_on_the_next_working_day()
    {
        // 2026-09-25 Fri is 中秋节. Day 1 is Mon 09-28, then 09-29, 09-30 (days 2–3); 10-01 … 10-07 国庆节 off;
        // 10-08 Thu → day 4, 10-09 Fri → day 5. (The 调休 Saturday 10-10 is not needed.)
        Assert.Equal("中秋节", Calendar.HolidayName(D(2026, 9, 25)));
        Assert.Equal(D(2026, 10, 9), Calendar.NoticeEnd(D(2026, 9, 25)));
    }

    [Fact]
    public void A_notice_in_an_ordinary_week_runs_Monday_to_Friday_and_one_published_on_Saturday_too()
    {
        Assert.Equal(D(2025, 3, 7), Calendar.NoticeEnd(D(2025, 3, 3)));
        Assert.Equal(D(2025, 3, 7), Calendar.NoticeEnd(D(2025, 3, 1)));
        Assert.Equal(D(2025, 3, 3), Calendar.NoticeEnd(D(2025, 3, 3), 1));
    }

    [Fact]
    public void A_notice_across_new_year_counts_the_adjusted_Sunday_of_January_4_2026()
    {
        // Mon 2025-12-29, Tue 30, Wed 31 → days 1–3; 2026-01-01 … 01-03 元旦 off; Sun 01-04 调休上班 → day 4; Mon 01-05 → day 5.
        Assert.Equal(D(2026, 1, 5), Calendar.NoticeEnd(D(2025, 12, 29)));
    }

    [Fact]
    public void Adding_working_days_skips_the_start_and_counts_working_weekends()
    {
        Assert.Equal(D(2025, 9, 28), Calendar.AddWorkingDays(D(2025, 9, 26), 1));
        Assert.Equal(D(2025, 10, 9), Calendar.AddWorkingDays(D(2025, 9, 30), 1));
        Assert.Equal(D(2025, 9, 30), Calendar.AddWorkingDays(D(2025, 10, 9), -1));
        Assert.Equal(D(2025, 10, 4), Calendar.AddWorkingDays(D(2025, 10, 4), 0));
        Assert.Equal(D(2025, 10, 11), Calendar.AddWorkingDays(D(2025, 10, 8), 3));
    }

    [Fact]
    public void Dates_outside_the_covered_years_are_refused_not_treated_as_ordinary_weeks()
    {
        var before = Assert.Throws<DomainException>(() => Calendar.IsWorkingDay(D(2024, 12, 31)));
        Assert.Equal("calendar_not_covered", before.Code);
        Assert.Contains("2025、2026、2027", before.Message, StringComparison.Ordinal);
        Assert.Equal("calendar_not_covered", Assert.Throws<DomainException>(() => Calendar.IsWorkingDay(D(2028, 1, 3))).Code);
        Assert.Equal("calendar_not_covered", Assert.Throws<DomainException>(() => Calendar.NoticeEnd(D(2027, 12, 29))).Code);
        Assert.Equal("calendar_not_covered", Assert.Throws<DomainException>(() => Calendar.AddWorkingDays(D(2025, 1, 2), -2)).Code);
        Assert.Equal("calendar_not_covered", Assert.Throws<DomainException>(() => Calendar.IsProvisional(2028)).Code);
        Assert.False(Calendar.Covers(D(2024, 12, 31)));
        Assert.True(Calendar.Covers(D(2027, 12, 31)));
    }

    [Fact]
    public void The_calendar_tells_when_a_period_touches_a_provisional_year()
    {
        Assert.False(Calendar.IsProvisional(D(2025, 9, 26), D(2026, 10, 9)));
        Assert.True(Calendar.IsProvisional(D(2026, 12, 28), D(2027, 1, 5)));
        Assert.True(Calendar.IsProvisional(2027));
    }

    [Fact]
    public void Provisional_2027_has_its_statutory_days_off_and_no_invented_working_weekends()
    {
        Assert.False(Calendar.IsWorkingDay(D(2027, 2, 5)));
        Assert.False(Calendar.IsWorkingDay(D(2027, 2, 8)));
        Assert.True(Calendar.IsWorkingDay(D(2027, 2, 9)));
        Assert.False(Calendar.IsWorkingDay(D(2027, 10, 1)));
        Assert.True(Calendar.IsWorkingDay(D(2027, 10, 4)));
        Assert.False(Calendar.IsWorkingDay(D(2027, 9, 26)));
    }

    [Fact]
    public void Malformed_calendar_data_is_refused()
    {
        CalendarDay Day(int m, int d) => new(D(2025, m, d), "测试");
        Assert.Throws<ArgumentException>(() => new WorkingCalendar([]));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar([new CalendarYear(2025, false, "", [], [Day(9, 29)])]));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar([new CalendarYear(2025, false, "", [Day(10, 1), Day(10, 1)], [])]));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar([new CalendarYear(2026, false, "", [Day(10, 1)], [])]));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar([new CalendarYear(2025, false, "", [], []), new CalendarYear(2025, false, "", [], [])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.NoticeEnd(D(2025, 3, 3), 0));
    }
}
