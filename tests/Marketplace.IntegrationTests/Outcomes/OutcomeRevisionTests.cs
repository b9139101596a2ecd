using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Marketplace.Domain.Outcomes;
using Marketplace.IntegrationTests.Accreditation;
using Microsoft.EntityFrameworkCore;
using static Marketplace.IntegrationTests.ChallengeBoard;

namespace Marketplace.IntegrationTests.Outcomes;

/// <summary>
/// What the operator does after entering outcomes (issue 8): corrects or deletes an entry at the version it read, with
/// the figures following at once; a year whose report the province received stays as reported; and the year's
/// self-assessment goes with the pending evaluation or into an application's draft, where the province and the
/// applicant read it with its basis.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OutcomeRevisionTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly OutcomeScenario _s = new(fixture.App);

    public Task InitializeAsync() => _s.BuildAsync("修改" + Guid.NewGuid().ToString("N")[..6]);

    public Task DisposeAsync() => _s.CleanUpAsync();

    private async Task<decimal> FigureAsync(string key) =>
        (await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}")).GetProperty("figures").EnumerateArray()
            .Single(f => f.GetProperty("key").GetString() == key).GetProperty("value").GetDecimal();

    private async Task<HttpResponseMessage> ReviseAsync(
        string who, Guid id, uint? version, string kind, string subtype, string title, DateOnly on, decimal? amount = null, string? source = null, byte[]? file = null)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
            { new StringContent(subtype), "subtype" },
            { new StringContent(title), "title" },
            { new StringContent(on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "occurredOn" },
        };
        if (version is { } v)
        {
            form.Add(new StringContent(v.ToString(CultureInfo.InvariantCulture)), "version");
        }

        if (amount is { } a)
        {
            form.Add(new StringContent(a.ToString(CultureInfo.InvariantCulture)), "amount");
        }

        if (source is not null)
        {
            form.Add(new StringContent(source), "source");
        }

        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(content, "file", "新发票.png");
        }

        return await (await _s.Board.As(who)).PutAsync($"/api/outcomes/entries/{id}", form);
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    [Fact]
    public async Task An_entry_is_corrected_and_deleted_at_its_version_and_the_figures_follow()
    {
        var spent = await _s.EntryAsync("FundSpent", "service", "委托检测费", new DateOnly(_s.Year, 7, 1), amount: 40_000m, source: "Fiscal");
        var id = spent.GetProperty("id").GetGuid();
        var version = spent.GetProperty("version").GetUInt32();
        var oldFile = await fixture.App.WithDbAsync(db => db.OutcomeEntries.Where(e => e.Id == id).Select(e => e.EvidenceFileId).FirstAsync());
        Assert.Equal(160_000m, await FigureAsync("funds.spent.fiscal"));

        // Refused before anything changes: no version, a stale version, a future date, someone else's entry, a non-writer.
        Assert.Equal(HttpStatusCode.BadRequest, (await ReviseAsync(_s.Operator, id, null, "FundSpent", "service", "委托检测费", new DateOnly(_s.Year, 7, 1), 50_000m, "SelfRaised")).StatusCode);
        await (await ReviseAsync(_s.Operator, id, version + 1, "FundSpent", "service", "委托检测费", new DateOnly(_s.Year, 7, 1), 50_000m, "SelfRaised")).AssertProblemAsync(HttpStatusCode.Conflict);
        var future = await ReviseAsync(_s.Operator, id, version, "FundSpent", "service", "委托检测费", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(40)), 50_000m, "SelfRaised");
        Assert.Equal("entry_date_future", (await future.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var (_, stranger) = await _s.Desk.NewApplicantAsync("外单位" + Guid.NewGuid().ToString("N")[..4]);
        Assert.Equal(HttpStatusCode.NotFound, (await ReviseAsync(stranger, id, version, "FundSpent", "service", "改", new DateOnly(_s.Year, 7, 1), 1m, "Fiscal")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await _s.Board.As(stranger)).DeleteAsync($"/api/outcomes/entries/{id}?version={version}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ReviseAsync(Engineer, id, version, "FundSpent", "service", "改", new DateOnly(_s.Year, 7, 1), 1m, "Fiscal")).StatusCode);
        Assert.Equal(160_000m, await FigureAsync("funds.spent.fiscal"));
        Assert.Equal(version, await fixture.App.WithDbAsync(db => db.OutcomeEntries.Where(e => e.Id == id).Select(e => e.Version).FirstAsync()));

        // Corrected: the money moves from fiscal to self-raised at its new amount, the evidence stays without a new file.
        var revised = await Ok(await ReviseAsync(_s.Operator, id, version, "FundSpent", "service", "委托检测费（更正）", new DateOnly(_s.Year, 7, 2), 45_000m, "SelfRaised"));
        Assert.Equal("委托检测费（更正）", revised.GetProperty("title").GetString());
        Assert.NotEqual(version, revised.GetProperty("version").GetUInt32());
        Assert.True(revised.TryGetProperty("updatedAt", out var at) && at.ValueKind == JsonValueKind.String);
        Assert.Equal(120_000m, await FigureAsync("funds.spent.fiscal"));
        Assert.Equal(75_000m, await FigureAsync("funds.spent.self"));
        Assert.Equal(oldFile, await fixture.App.WithDbAsync(db => db.OutcomeEntries.Where(e => e.Id == id).Select(e => e.EvidenceFileId).FirstAsync()));

        // A new file replaces the old one, which is gone with it; the download is the new file.
        var withFile = await Ok(await ReviseAsync(_s.Operator, id, revised.GetProperty("version").GetUInt32(), "FundSpent", "service", "委托检测费（更正）",
            new DateOnly(_s.Year, 7, 2), 45_000m, "SelfRaised", Png));
        Assert.Equal("新发票.png", withFile.GetProperty("evidenceFileName").GetString());
        Assert.False(await fixture.App.WithDbAsync(db => db.OutcomeEvidenceFiles.AnyAsync(f => f.Id == oldFile)));
        var download = await (await _s.Board.As(_s.Operator)).GetAsync($"/api/outcomes/entries/{id}/evidence");
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());

        // Deleted at its version: the drill-down no longer lists it and its file is gone.
        var current = await _s.Board.Get(_s.Operator, $"/api/outcomes/entries/{id}");
        var stale = await (await _s.Board.As(_s.Operator)).DeleteAsync($"/api/outcomes/entries/{id}?version={version}");
        await stale.AssertProblemAsync(HttpStatusCode.Conflict);
        var deleted = await (await _s.Board.As(_s.Operator)).DeleteAsync($"/api/outcomes/entries/{id}?version={current.GetProperty("version").GetUInt32()}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(30_000m, await FigureAsync("funds.spent.self"));
        var drill = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/records/funds.spent.self?year={_s.Year}");
        Assert.DoesNotContain(drill.GetProperty("records").EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
        Assert.False(await fixture.App.WithDbAsync(db => db.OutcomeEvidenceFiles.AnyAsync(f => f.Id == withFile.GetProperty("id").GetGuid())));
        Assert.Equal(HttpStatusCode.NotFound, (await (await _s.Board.As(_s.Operator)).GetAsync($"/api/outcomes/entries/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_year_whose_report_the_province_received_keeps_its_entries_as_reported()
    {
        var lastYear = _s.Year - 1;
        var old = (await _s.Board.Get(_s.Operator, $"/api/outcomes/entries?year={lastYear}")).EnumerateArray().Single();
        var narratives = ReportSections.All.ToDictionary(s => s.Key, s => $"{s.Title[2..]}：如实填写。");
        await _s.Board.Put(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/years/{lastYear}", new { narratives });
        await _s.Board.Post(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/years/{lastYear}/submit", new { });

        // Filed but not yet received: still correctable (the report is filed again after it).
        var filed = (await _s.Board.Get(_s.Operator, $"/api/outcomes/entries?year={lastYear}")).EnumerateArray().Single();
        Assert.False(filed.GetProperty("locked").GetBoolean());

        var center = await _s.Board.Get(AccreditationDesk.Province, $"/api/accreditation/centers/{_s.CenterId}");
        await _s.Board.Post(AccreditationDesk.Province, $"/api/accreditation/centers/{_s.CenterId}/reports/{lastYear}/received", new { version = center.GetProperty("version").GetUInt32() });

        var locked = (await _s.Board.Get(_s.Operator, $"/api/outcomes/entries?year={lastYear}")).EnumerateArray().Single();
        Assert.True(locked.GetProperty("locked").GetBoolean());
        var id = locked.GetProperty("id").GetGuid();
        var version = locked.GetProperty("version").GetUInt32();
        var revise = await ReviseAsync(_s.Operator, id, version, "FundReceived", "grant", "改动", new DateOnly(lastYear, 12, 1), 1m, "Fiscal");
        Assert.Equal("entry_year_received", (await revise.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        var delete = await (await _s.Board.As(_s.Operator)).DeleteAsync($"/api/outcomes/entries/{id}?version={version}");
        Assert.Equal("entry_year_received", (await delete.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        var added = await _s.TryEntryAsync("Standard", "group-led", "补报的团体标准", new DateOnly(lastYear, 5, 1), null, null, null, OutcomeScenario.Pdf);
        Assert.Equal("entry_year_received", (await added.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());

        // Nor can an entry of this year be moved into the received one.
        var current = (await _s.Board.Get(_s.Operator, $"/api/outcomes/entries?year={_s.Year}")).EnumerateArray().First(e => e.GetProperty("kind").GetString() == "Standard");
        var moved = await ReviseAsync(_s.Operator, current.GetProperty("id").GetGuid(), current.GetProperty("version").GetUInt32(), "Standard",
            current.GetProperty("subtype").GetString()!, current.GetProperty("title").GetString()!, new DateOnly(lastYear, 3, 1));
        Assert.Equal("entry_year_received", (await moved.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());

        Assert.Equal(999m, old.GetProperty("amount").GetDecimal());
        var figures = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}?year={lastYear}");
        Assert.Equal(999m, figures.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "funds.received.fiscal").GetProperty("value").GetDecimal());
        Assert.Equal(2m, await FigureAsync("results.standards.all"));
    }

    [Fact]
    public async Task The_self_assessment_goes_with_the_pending_evaluation_and_the_province_reads_it_with_its_basis()
    {
        var url = $"/api/outcomes/centers/{_s.CenterId}/years/{_s.Year}/attach-to-evaluation";
        var dashboard = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}");
        var evaluation = dashboard.GetProperty("evaluation");
        Assert.Equal("Cultivation", evaluation.GetProperty("period").GetString());
        var scores = dashboard.GetProperty("selfAssessment").EnumerateArray().ToList();
        var unsupported = scores.Where(s => s.GetProperty("evidenceFigures").GetArrayLength() == 0).Select(s => s.GetProperty("code").GetString()!).ToList();
        Assert.NotEmpty(unsupported);
        Assert.Equal(unsupported.Count, evaluation.GetProperty("missing").GetArrayLength());
        Assert.False(evaluation.GetProperty("canAttach").GetBoolean());

        // Indicators the records cannot support must be scored by the operator first.
        var incomplete = await (await _s.Board.As(_s.Operator)).PostAsync(url, Json(new { }));
        Assert.Equal("self_assessment_incomplete", (await incomplete.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());

        var rubric = AccreditationDesk.Rubric;
        var entered = unsupported.ToDictionary(c => c, c => Math.Floor(rubric.Indicator(c).MaxPoints / 2m));
        entered["2.1.1"] = 1m; // the operator overrides one suggestion
        await _s.Board.Put(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/years/{_s.Year}", new { selfAssessment = entered });
        var expected = scores.ToDictionary(s => s.GetProperty("code").GetString()!,
            s => entered.TryGetValue(s.GetProperty("code").GetString()!, out var p) ? p : s.GetProperty("suggested").GetDecimal());

        // Refused first: the province, a stale version. Then the operator sends it.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _s.Board.As(AccreditationDesk.Province)).PostAsync(url, Json(new { }))).StatusCode);
        await (await (await _s.Board.As(_s.Operator)).PostAsync(url, Json(new { version = 1u }))).AssertProblemAsync(HttpStatusCode.Conflict);
        var sent = await _s.Board.Post(_s.Operator, url, new { });
        Assert.Equal(expected.Values.Sum(), sent.GetProperty("evaluation").GetProperty("attachedTotal").GetDecimal());
        Assert.Equal(_s.Year, sent.GetProperty("evaluation").GetProperty("attachedYear").GetInt32());

        // The province reads it on the center, every indicator in rubric order with its points and basis.
        var center = await _s.Board.Get(AccreditationDesk.Province, $"/api/accreditation/centers/{_s.CenterId}");
        var attached = center.GetProperty("selfAssessments").EnumerateArray().Single();
        Assert.Equal("Cultivation", attached.GetProperty("period").GetString());
        Assert.Equal(expected.Values.Sum(), attached.GetProperty("total").GetDecimal());
        var lines = attached.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(rubric.Secondaries.Select(s => s.Code), lines.Select(l => l.GetProperty("code").GetString()));
        foreach (var line in lines)
        {
            Assert.Equal(expected[line.GetProperty("code").GetString()!], line.GetProperty("points").GetDecimal());
        }

        var settled = lines.Single(l => l.GetProperty("code").GetString() == "4.2.2").GetProperty("note").GetString()!;
        Assert.StartsWith($"依据平台 {_s.Year} 年记录", settled, StringComparison.Ordinal);
        Assert.StartsWith("运营方自评（平台建议", lines.Single(l => l.GetProperty("code").GetString() == "2.1.1").GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains(center.GetProperty("audit").EnumerateArray(), a => a.GetProperty("action").GetString() == "随评估报送自评");

        // Sent again it replaces the first; after the evaluation it stays with it and nothing more can be sent.
        await _s.Board.Post(_s.Operator, url, new { });
        center = await _s.Board.Get(AccreditationDesk.Province, $"/api/accreditation/centers/{_s.CenterId}");
        Assert.Single(center.GetProperty("selfAssessments").EnumerateArray());
        Assert.Contains(center.GetProperty("audit").EnumerateArray(), a => a.GetProperty("action").GetString() == "重新报送评估自评");
        await _s.Board.Post(AccreditationDesk.Province, $"/api/accreditation/centers/{_s.CenterId}/evaluations",
            new { version = center.GetProperty("version").GetUInt32(), period = "Cultivation", passed = true, opinion = "自评与记录相符，评估合格。" });
        var late = await (await _s.Board.As(_s.Operator)).PostAsync(url, Json(new { }));
        Assert.Equal("evaluation_not_pending", (await late.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        center = await _s.Board.Get(AccreditationDesk.Province, $"/api/accreditation/centers/{_s.CenterId}");
        Assert.Equal(expected.Values.Sum(), center.GetProperty("selfAssessments").EnumerateArray().Single().GetProperty("total").GetDecimal());
        Assert.Equal(JsonValueKind.Null, (await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}")).GetProperty("evaluation").ValueKind);
    }

    [Fact]
    public async Task An_application_draft_is_prefilled_from_the_applicants_records_and_keeps_what_the_records_cannot_support()
    {
        var round = (await _s.Desk.OpenRoundAsync($"预填{Guid.NewGuid():N}"[..12])).GetProperty("id").GetGuid();
        var draft = await _s.Desk.DraftAsync(_s.Operator, round);
        var id = draft.GetProperty("id").GetGuid();
        await _s.Board.Put(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/years/{_s.Year}", new { selfAssessment = new Dictionary<string, decimal> { ["1.1"] = 3m } });
        var dashboard = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}");
        var supported = dashboard.GetProperty("selfAssessment").EnumerateArray().Where(s => s.GetProperty("evidenceFigures").GetArrayLength() > 0)
            .ToDictionary(s => s.GetProperty("code").GetString()!, s => s.GetProperty("suggested").GetDecimal());

        var url = $"/api/accreditation/applications/{id}/self-assessment/from-outcomes";
        Assert.Equal(HttpStatusCode.NotFound, (await (await _s.Board.As(Company)).PostAsync(url, Json(new { year = _s.Year }))).StatusCode);
        var future = await (await _s.Board.As(_s.Operator)).PostAsync(url, Json(new { year = _s.Year + 1 }));
        Assert.Equal("year_invalid", (await future.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        await (await (await _s.Board.As(_s.Operator)).PostAsync(url, Json(new { year = _s.Year, version = draft.GetProperty("version").GetUInt32() + 7 }))).AssertProblemAsync(HttpStatusCode.Conflict);

        var filled = await _s.Board.Post(_s.Operator, url, new { year = _s.Year, version = draft.GetProperty("version").GetUInt32() });
        var marks = filled.GetProperty("selfAssessment").EnumerateArray().ToDictionary(m => m.GetProperty("indicatorCode").GetString()!);
        var rubric = AccreditationDesk.Rubric;
        Assert.Equal(rubric.Secondaries.Count, marks.Count);
        foreach (var s in rubric.Secondaries)
        {
            var mark = marks[s.Code];
            var expected = supported.TryGetValue(s.Code, out var suggestion) ? suggestion : s.Code == "1.1" ? 3m : s.MaxPoints;
            Assert.True(expected == mark.GetProperty("points").GetDecimal(), $"{s.Code}: expected {expected}, got {mark.GetProperty("points").GetDecimal()}");
        }

        Assert.StartsWith($"依据平台 {_s.Year} 年记录", marks["4.3"].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal("自评", marks["1.2"].GetProperty("note").GetString());

        // Submitted, it no longer changes.
        await _s.Board.Post(_s.Operator, $"/api/accreditation/applications/{id}/submit", new { });
        var late = await (await _s.Board.As(_s.Operator)).PostAsync(url, Json(new { year = _s.Year }));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
