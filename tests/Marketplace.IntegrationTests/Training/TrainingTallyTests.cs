using System.Text.Json;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Training;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.Training;

/// <summary>The tallies are counted from the records: an owner's year, and the province against the 2030 targets.</summary>
[Collection(AppCollection.Name)]
public sealed class TrainingTallyTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly TrainingDesk _desk = new(fixture.App);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _desk.CleanUpAsync();

    /// <summary>Last December: ended (so results may be recorded) and inside the targets' window whatever today is.</summary>
    private DateOnly December(int day) => new(_desk.Today.Year - 1, 12, day);

    private static JsonElement Row(JsonElement tally, string list, string codeField, string code) =>
        tally.GetProperty(list).EnumerateArray().Single(r => r.GetProperty(codeField).GetString() == code);

    [Fact]
    public async Task An_owners_year_adds_up_to_its_records()
    {
        var d = _desk;
        var (orgId, owner) = await d.NewOwnerAsync("统计");
        var x = await d.NewEngineerAsync("统计工程师", ProfessionalTitle.SeniorEngineer);

        var first = await d.RecordAsync(owner, TrainingDesk.Event("统计研修一", December(1), December(2), 16m,
            [TrainingDesk.Engineer(x, 16m), TrainingDesk.Named("统计学员乙", 12m), TrainingDesk.Named("统计学员丙", 16m, "AssistantEngineer")]));
        await Results(owner, first, ("统计工程师", "Passed"), ("统计学员乙", "Excellent"), ("统计学员丙", "Failed"));
        var second = await d.RecordAsync(owner, TrainingDesk.Event("统计带培二", December(5), December(20), 40m,
            [TrainingDesk.Engineer(x, 40m), TrainingDesk.Named("统计学员丁", 30m, "ProfessorSeniorEngineer"), TrainingDesk.Named("统计学员乙", 40m)], kind: "specialty"));
        await Results(owner, second, ("统计工程师", "Passed"), ("统计学员丁", "Passed"), ("统计学员乙", "Incomplete"));
        await d.RecordAsync(owner, TrainingDesk.Event("统计继续教育三", December(21), December(21), 8m,
            [TrainingDesk.Named("统计学员戊", 8m, "Technician")], kind: "continuing-education"));

        var tally = await d.Board.Get(owner, $"/api/training/tally?programme=Center&year={December(1).Year}");
        Assert.Equal(3, tally.GetProperty("events").GetInt32());
        Assert.Equal(3, tally.GetProperty("people").GetInt32());
        Assert.Equal(4, tally.GetProperty("personTimes").GetInt32());
        Assert.Equal(98m, tally.GetProperty("hours").GetDecimal());

        // Drill: the same figures straight from the stored trainee rows.
        var passes = await d.App.WithDbAsync(db => db.TrainingEvents.AsNoTracking().Where(e => e.OwnerOrganizationId == orgId).SelectMany(e => e.Trainees)
            .Where(t => t.Result == TrainingResult.Passed || t.Result == TrainingResult.Excellent).ToListAsync());
        Assert.Equal(passes.Count, tally.GetProperty("personTimes").GetInt32());
        Assert.Equal(passes.Sum(t => t.Hours), tally.GetProperty("hours").GetDecimal());
        Assert.Equal(passes.Select(t => t.PersonKey).Distinct().Count(), tally.GetProperty("people").GetInt32());

        var senior = Row(tally, "byTitle", "titleCode", "senior");
        Assert.Equal((1, 2, 56m), (senior.GetProperty("people").GetInt32(), senior.GetProperty("personTimes").GetInt32(), senior.GetProperty("hours").GetDecimal()));
        var professor = Row(tally, "byTitle", "titleCode", "professor-senior");
        Assert.Equal((1, 1, 30m), (professor.GetProperty("people").GetInt32(), professor.GetProperty("personTimes").GetInt32(), professor.GetProperty("hours").GetDecimal()));
        var engineer = Row(tally, "byTitle", "titleCode", "engineer");
        Assert.Equal((1, 1, 12m), (engineer.GetProperty("people").GetInt32(), engineer.GetProperty("personTimes").GetInt32(), engineer.GetProperty("hours").GetDecimal()));
        Assert.Equal(0, Row(tally, "byTitle", "titleCode", "assistant").GetProperty("personTimes").GetInt32());
        Assert.Equal(0, Row(tally, "byTitle", "titleCode", "technician").GetProperty("personTimes").GetInt32());
        Assert.Equal(tally.GetProperty("people").GetInt32(), tally.GetProperty("byTitle").EnumerateArray().Sum(r => r.GetProperty("people").GetInt32()));

        var seminar = Row(tally, "byKind", "kindCode", "seminar");
        Assert.Equal((1, 2, 28m), (seminar.GetProperty("events").GetInt32(), seminar.GetProperty("personTimes").GetInt32(), seminar.GetProperty("hours").GetDecimal()));
        var specialty = Row(tally, "byKind", "kindCode", "specialty");
        Assert.Equal((1, 2, 70m), (specialty.GetProperty("events").GetInt32(), specialty.GetProperty("personTimes").GetInt32(), specialty.GetProperty("hours").GetDecimal()));
        Assert.Equal(1, Row(tally, "byKind", "kindCode", "continuing-education").GetProperty("events").GetInt32());
        Assert.Equal(7, tally.GetProperty("byKind").GetArrayLength());

        // Another year, or the other programme, of the same organization has none of it.
        var otherYear = await d.Board.Get(owner, $"/api/training/tally?programme=Center&year={December(1).Year - 1}");
        Assert.Equal(0, otherYear.GetProperty("events").GetInt32());
        var studio = await d.Board.Get(owner, $"/api/training/tally?programme=Studio&year={December(1).Year}");
        Assert.Equal(0, studio.GetProperty("personTimes").GetInt32());

        // The province reads the same tally by naming the organization.
        var asProvince = await d.Board.Get(TrainingDesk.Province, $"/api/training/tally?programme=Center&year={December(1).Year}&owner={orgId}");
        Assert.Equal(4, asProvince.GetProperty("personTimes").GetInt32());
    }

    [Fact]
    public async Task The_province_counts_a_person_once_however_often_trained_and_every_pass_as_a_person_time()
    {
        var d = _desk;
        var before = await d.Board.Get(TrainingDesk.Province, "/api/training/tally/province");
        var (_, center) = await d.NewOwnerAsync("全省中心");
        var (_, studio) = await d.NewOwnerAsync("全省工作室", "430200", Marketplace.Domain.Organizations.OrganizationKind.Company);
        var x = await d.NewEngineerAsync("全省统计工程师", ProfessionalTitle.SeniorEngineer);

        var one = await d.RecordAsync(center, TrainingDesk.Event("全省一", December(1), December(1), 8m,
            [TrainingDesk.Engineer(x, 8m), TrainingDesk.Named("全省学员甲", 8m), TrainingDesk.Named("全省学员乙", 8m, "AssistantEngineer")]));
        await Results(center, one, ("全省统计工程师", "Passed"), ("全省学员甲", "Excellent"), ("全省学员乙", "Failed"));
        var two = await d.RecordAsync(center, TrainingDesk.Event("全省二", December(3), December(4), 16m, [TrainingDesk.Engineer(x, 16m)], kind: "seminar"));
        await Results(center, two, ("全省统计工程师", "Passed"));
        var three = await d.RecordAsync(studio, TrainingDesk.Event("全省三", December(6), December(10), 40m,
            [TrainingDesk.Engineer(x, 40m), TrainingDesk.Named("全省学员甲", 40m)], kind: "production-task", programme: "Studio"));
        await Results(studio, three, ("全省统计工程师", "Excellent"), ("全省学员甲", "Passed"));

        var after = await d.Board.Get(TrainingDesk.Province, "/api/training/tally/province");
        int Delta(string field) => after.GetProperty(field).GetInt32() - before.GetProperty(field).GetInt32();

        // x trained three times (two owners): one senior person, three person-times; 甲 twice: one engineer, two person-times.
        Assert.Equal(1, Delta("seniorPeople"));
        Assert.Equal(1, Delta("engineerAndAssistantPeople"));
        Assert.Equal(5, Delta("personTimes"));
        Assert.Equal(2030, after.GetProperty("targetYear").GetInt32());

        var targets = after.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);
        Assert.Equal(300, targets["senior-engineers"].GetProperty("target").GetInt32());
        Assert.Equal(2000, targets["engineers-and-assistants"].GetProperty("target").GetInt32());
        Assert.Equal(5000, targets["knowledge-update"].GetProperty("target").GetInt32());
        Assert.Equal(after.GetProperty("seniorPeople").GetInt32(), targets["senior-engineers"].GetProperty("actual").GetInt32());
        Assert.Equal(after.GetProperty("personTimes").GetInt32(), targets["knowledge-update"].GetProperty("actual").GetInt32());
        Assert.Equal(Math.Min(100m, Math.Round(after.GetProperty("personTimes").GetInt32() * 100m / 5000, 1)), targets["knowledge-update"].GetProperty("percent").GetDecimal());

        // Only the studios: x once more as a person, once as a person-time there.
        var studios = await d.Board.Get(TrainingDesk.Province, "/api/training/tally/province?programme=Studio");
        Assert.True(studios.GetProperty("personTimes").GetInt32() < after.GetProperty("personTimes").GetInt32());

        // The whole figure drilled from the stored rows in the window.
        var window = (From: DateOnly.Parse(after.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            To: DateOnly.Parse(after.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var stored = await d.App.WithDbAsync(db => db.TrainingEvents.AsNoTracking().Where(e => e.EndDate >= window.From && e.EndDate <= window.To).SelectMany(e => e.Trainees)
            .Where(t => t.Result == TrainingResult.Passed || t.Result == TrainingResult.Excellent).ToListAsync());
        Assert.Equal(stored.Count, after.GetProperty("personTimes").GetInt32());
        var highest = stored.GroupBy(t => t.PersonKey).Select(g => g.Max(t => t.Title)).ToList();
        Assert.Equal(highest.Count(t => t >= ProfessionalTitle.SeniorEngineer), after.GetProperty("seniorPeople").GetInt32());
        Assert.Equal(highest.Count(t => t is ProfessionalTitle.Engineer or ProfessionalTitle.AssistantEngineer), after.GetProperty("engineerAndAssistantPeople").GetInt32());
    }

    private async Task Results(string owner, JsonElement training, params (string Name, string Result)[] results)
    {
        var trainees = training.GetProperty("trainees").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("id").GetGuid());
        await _desk.Board.Post(owner, $"/api/training/events/{training.GetProperty("id").GetGuid()}/results", new
        {
            version = ChallengeBoard.Version(training),
            results = results.Select(r => new { traineeId = trainees[r.Name], result = r.Result }).ToArray(),
        });
    }
}
