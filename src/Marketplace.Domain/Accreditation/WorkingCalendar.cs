using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

/// <summary>One dated entry of the holiday calendar: a day off (休) or an adjusted working weekend (班), and its holiday's name.</summary>
public sealed record CalendarDay(DateOnly Date, string Name);

/// <summary>
/// One year of the State Council's holiday arrangement. <see cref="Provisional"/> marks a year whose arrangement was
/// not published when the data was written: it lists only the statutory days, with no 调休.
/// </summary>
public sealed record CalendarYear(
    int Year,
    bool Provisional,
    string Source,
    IReadOnlyList<CalendarDay> Holidays,
    IReadOnlyList<CalendarDay> AdjustedWorkingDays);

/// <summary>
/// 工作日历: Monday–Friday are working days and weekends are not, except for the listed holidays (休) and the listed
/// adjusted working weekends (班). Only the years it was built from are covered; any date outside them is refused
/// rather than treated as an ordinary week, because a notice period computed across an unknown Spring Festival would be
/// wrong by a week without anyone noticing.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>公示 periods in both seeds (centers and studios) are 5 working days.</summary>
    public const int PublicNoticeWorkingDays = 5;

    private readonly Dictionary<int, CalendarYear> _years;
    private readonly Dictionary<DateOnly, string> _holidays = [];
    private readonly Dictionary<DateOnly, string> _workingWeekends = [];

    public WorkingCalendar(IEnumerable<CalendarYear> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        _years = [];
        foreach (var year in years)
        {
            if (!_years.TryAdd(year.Year, year))
            {
                throw new ArgumentException($"Calendar year {year.Year} is listed twice.", nameof(years));
            }

            foreach (var day in year.Holidays)
            {
                CheckInYear(year.Year, day);
                if (!_holidays.TryAdd(day.Date, day.Name))
                {
                    throw new ArgumentException($"Holiday {day.Date:yyyy-MM-dd} is listed twice.", nameof(years));
                }
            }

            foreach (var day in year.AdjustedWorkingDays)
            {
                CheckInYear(year.Year, day);
                if (!IsWeekend(day.Date))
                {
                    throw new ArgumentException($"Adjusted working day {day.Date:yyyy-MM-dd} is not a Saturday or Sunday.", nameof(years));
                }

                if (_holidays.ContainsKey(day.Date) || !_workingWeekends.TryAdd(day.Date, day.Name))
                {
                    throw new ArgumentException($"Adjusted working day {day.Date:yyyy-MM-dd} is listed twice or is also a holiday.", nameof(years));
                }
            }
        }

        if (_years.Count == 0)
        {
            throw new ArgumentException("A working calendar needs at least one year.", nameof(years));
        }

        Years = [.. _years.Keys.Order()];
    }

    /// <summary>The covered years, ascending.</summary>
    public IReadOnlyList<int> Years { get; }

    public bool Covers(DateOnly date) => _years.ContainsKey(date.Year);

    /// <summary>True when the year's arrangement was not published when the data was written (no 调休 in it).</summary>
    public bool IsProvisional(int year) => Year(year).Provisional;

    /// <summary>True when any day from <paramref name="from"/> to <paramref name="to"/> falls in a provisional year.</summary>
    public bool IsProvisional(DateOnly from, DateOnly to)
    {
        for (var year = from.Year; year <= to.Year; year++)
        {
            if (Year(year).Provisional)
            {
                return true;
            }
        }

        return false;
    }

    public bool IsWorkingDay(DateOnly date)
    {
        EnsureCovered(date);
        if (_holidays.ContainsKey(date))
        {
            return false;
        }

        return !IsWeekend(date) || _workingWeekends.ContainsKey(date);
    }

    /// <summary>The holiday's name when the date is a listed day off (休), else null. Ordinary weekends have no name.</summary>
    public string? HolidayName(DateOnly date)
    {
        EnsureCovered(date);
        return _holidays.GetValueOrDefault(date);
    }

    /// <summary>
    /// The date <paramref name="n"/> working days after <paramref name="start"/>; the start itself is never counted.
    /// Negative <paramref name="n"/> counts backwards; 0 returns the start unchanged, whatever day it is.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int n)
    {
        EnsureCovered(start);
        var step = Math.Sign(n);
        var remaining = Math.Abs(n);
        var date = start;
        while (remaining > 0)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                remaining--;
            }
        }

        return date;
    }

    /// <summary>
    /// Last day of a public notice (公示) of <paramref name="workingDays"/> working days published on
    /// <paramref name="start"/>. Reading: the publication day counts as the first day when it is a working day (the
    /// usual practice of 公示 notices, which give the period as "publication day to end day"); when it is a weekend or
    /// holiday, the first working day after it is day one. A notice published on a Monday with no holiday that week
    /// therefore ends that Friday.
    /// </summary>
    public DateOnly NoticeEnd(DateOnly start, int workingDays = PublicNoticeWorkingDays)
    {
        if (workingDays < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(workingDays), workingDays, "A notice lasts at least one working day.");
        }

        var firstDay = IsWorkingDay(start) ? start : AddWorkingDays(start, 1);
        return AddWorkingDays(firstDay, workingDays - 1);
    }

    /// <summary>Working days from <paramref name="from"/> to <paramref name="to"/>, both included; 0 when to is before from.</summary>
    public int CountWorkingDays(DateOnly from, DateOnly to)
    {
        EnsureCovered(from);
        EnsureCovered(to);
        var count = 0;
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static void CheckInYear(int year, CalendarDay day)
    {
        if (day.Date.Year != year)
        {
            throw new ArgumentException($"{day.Date:yyyy-MM-dd} is listed under year {year}.");
        }

        if (string.IsNullOrWhiteSpace(day.Name))
        {
            throw new ArgumentException($"{day.Date:yyyy-MM-dd} has no name.");
        }
    }

    private CalendarYear Year(int year)
    {
        if (_years.TryGetValue(year, out var found))
        {
            return found;
        }

        throw NotCovered(year);
    }

    private void EnsureCovered(DateOnly date)
    {
        if (!_years.ContainsKey(date.Year))
        {
            throw NotCovered(date.Year);
        }
    }

    private DomainException NotCovered(int year) => new(
        "日期超出工作日历范围",
        $"工作日历只覆盖 {string.Join("、", Years)} 年，{year} 年的放假安排未录入，无法计算工作日。",
        "calendar_not_covered");
}
