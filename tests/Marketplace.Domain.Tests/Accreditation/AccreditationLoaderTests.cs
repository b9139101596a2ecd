using Marketplace.Infrastructure.ReferenceData;

namespace Marketplace.Domain.Tests.Accreditation;

/// <summary>Broken rules files fail at load, naming the file, instead of producing a wrong ranking later.</summary>
public sealed class AccreditationLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("accreditation-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_shipped_files_are_copied_to_the_output_and_load()
    {
        Assert.True(File.Exists(Path.Combine(AccreditationDataLoader.DefaultFolder, "center-rubric.v1.json")));
        Assert.True(File.Exists(Path.Combine(AccreditationDataLoader.DefaultCalendarFolder, "cn-holidays-2025-2027.json")));
        Assert.Equal("2026-v1", AccreditationDataLoader.ReadFiles().Rubrics.Current.Version);
    }

    [Fact]
    public void A_rubric_whose_secondary_points_do_not_add_up_is_refused_with_the_file_name()
    {
        var text = File.ReadAllText(Path.Combine(AccreditationDataLoader.DefaultFolder, "center-rubric.v1.json"))
            .Replace("\"maxPoints\": 12,", "\"maxPoints\": 13,", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_folder, "center-rubric.v2.json"), text);

        var e = Assert.Throws<InvalidDataException>(() => AccreditationDataLoader.ReadRubrics(_folder));
        Assert.StartsWith("center-rubric.v2.json:", e.Message, StringComparison.Ordinal);
        Assert.Contains("add up to 31, not 30", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rubric_file_missing_a_field_is_refused()
    {
        File.WriteAllText(Path.Combine(_folder, "center-rubric.v1.json"), """{ "version": "x", "baseTotal": 100 }""");
        Assert.StartsWith("center-rubric.v1.json:", Assert.Throws<InvalidDataException>(() => AccreditationDataLoader.ReadRubrics(_folder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_calendar_year_with_an_unknown_status_or_a_weekday_working_day_is_refused()
    {
        File.WriteAllText(Path.Combine(_folder, "cn-holidays-2030.json"), """
            { "years": [ { "year": 2030, "status": "draft", "source": "", "holidays": [], "workingDays": [] } ] }
            """);
        Assert.Contains("status must be published or provisional", Assert.Throws<InvalidDataException>(() => AccreditationDataLoader.ReadCalendar(_folder)).Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_folder, "cn-holidays-2030.json"), """
            { "years": [ { "year": 2030, "status": "published", "source": "", "holidays": [], "workingDays": [ { "date": "2030-01-02", "name": "元旦" } ] } ] }
            """);
        Assert.Contains("not a Saturday or Sunday", Assert.Throws<InvalidDataException>(() => AccreditationDataLoader.ReadCalendar(_folder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_files_of_a_folder_are_merged()
    {
        File.Copy(Path.Combine(AccreditationDataLoader.DefaultCalendarFolder, "cn-holidays-2025-2027.json"), Path.Combine(_folder, "cn-holidays-2025-2027.json"));
        File.WriteAllText(Path.Combine(_folder, "cn-holidays-2028.json"), """
            { "years": [ { "year": 2028, "status": "provisional", "source": "测试", "holidays": [ { "date": "2028-01-01", "name": "元旦" } ], "workingDays": [] } ] }
            """);
        var calendar = AccreditationDataLoader.ReadCalendar(_folder);
        Assert.Equal([2025, 2026, 2027, 2028], calendar.Years);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2028, 1, 1)));
        // Fri 2027-12-31 is day 1; 2028-01-01 (元旦, Sat) and Sun off; Mon 01-03 … Thu 01-06 are days 2–5.
        Assert.Equal(new DateOnly(2028, 1, 6), calendar.NoticeEnd(new DateOnly(2027, 12, 31)));
    }
}
