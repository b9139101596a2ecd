using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Wordprocessing;
using Marketplace.Domain.Outcomes;
using Microsoft.EntityFrameworkCore;
using Run = DocumentFormat.OpenXml.Wordprocessing.Run;
using Text = DocumentFormat.OpenXml.Wordprocessing.Text;
using Table = DocumentFormat.OpenXml.Wordprocessing.Table;

namespace Marketplace.IntegrationTests.Outcomes;

/// <summary>
/// The annual report as files: the .docx opened with the OpenXML SDK (cover, the six sections, tables, chart images,
/// an East Asian font a Chinese office suite has on every run), the .xlsx whose totals match the figures, and the
/// submission that files the report with the accreditation lifecycle for the province to mark received.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AnnualReportTests(AppFixture fixture) : IAsyncLifetime
{
    private static readonly string[] ChineseOfficeFonts = ["宋体", "黑体", "SimSun", "SimHei", "Microsoft YaHei", "微软雅黑"];
    private readonly OutcomeScenario _s = new(fixture.App);

    public Task InitializeAsync() => _s.BuildAsync("年报" + Guid.NewGuid().ToString("N")[..6]);

    public Task DisposeAsync() => _s.CleanUpAsync();

    private async Task<byte[]> DownloadAsync(string who, string format)
    {
        var response = await (await _s.Board.As(who)).GetAsync($"/api/outcomes/centers/{_s.CenterId}/report.{format}?year={_s.Year}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task The_docx_has_a_cover_the_six_sections_with_narrative_tables_and_chart_images_in_Chinese_fonts()
    {
        await _s.Board.Put(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/years/{_s.Year}", new
        {
            narratives = new Dictionary<string, string> { ["talent"] = "本年度中心通过柔性引进集聚了一批高级工程师。", ["funds"] = "财政资金专款专用。" },
            targets = new Dictionary<string, decimal> { ["services.challenges.published"] = 6m },
        });
        var bytes = await DownloadAsync(_s.Operator, "docx");
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = doc.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Descendants<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Contains(paragraphs, p => p.Contains($"{_s.Year}年度建设运行情况报告", StringComparison.Ordinal));
        var headings = body.Descendants<Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val == "Heading1").Select(p => p.InnerText).ToList();
        Assert.Equal(ReportSections.All.Select(s => s.Title), headings);
        Assert.Contains("本年度中心通过柔性引进集聚了一批高级工程师。", paragraphs);
        Assert.Contains("财政资金专款专用。", paragraphs);

        // One table per section with figures (talent, platform, services, funds, results) plus the self-assessment.
        var tables = body.Descendants<Table>().ToList();
        Assert.Equal(6, tables.Count);
        var services = tables.Single(t => t.InnerText.Contains("审核发布榜单", StringComparison.Ordinal));
        var published = services.Descendants<TableRow>().Single(r => r.InnerText.StartsWith("审核发布榜单", StringComparison.Ordinal));
        Assert.Equal(["审核发布榜单（项）", "3", "0", "—", "6", "50.0%"], published.Descendants<TableCell>().Select(c => c.InnerText));
        var funds = tables.Single(t => t.InnerText.Contains("到位财政资金", StringComparison.Ordinal));
        var fiscal = funds.Descendants<TableRow>().Single(r => r.InnerText.StartsWith("到位财政资金", StringComparison.Ordinal));
        Assert.Equal(["到位财政资金（元）", "500,000", "999"], fiscal.Descendants<TableCell>().Take(3).Select(c => c.InnerText));

        // The four charts are embedded PNG images, referenced from the body.
        var images = doc.MainDocumentPart.ImageParts.ToList();
        Assert.Equal(4, images.Count);
        foreach (var image in images)
        {
            using var stream = image.GetStream();
            var head = new byte[8];
            Assert.Equal(8, stream.Read(head, 0, 8));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head);
            Assert.True(stream.Length > 5_000, "a chart is a drawn image, not an empty one");
        }

        Assert.Equal(4, body.Descendants<DocumentFormat.OpenXml.Drawing.Blip>().Count());

        // Every run names an East Asian font a Chinese office suite has; the defaults do too, with zh-CN as the language.
        var runs = body.Descendants<Run>().Where(r => r.GetFirstChild<Text>() is not null).ToList();
        Assert.NotEmpty(runs);
        Assert.All(runs, r => Assert.Contains(r.RunProperties?.RunFonts?.EastAsia?.Value, ChineseOfficeFonts));
        var defaults = doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Contains(defaults.RunFonts!.EastAsia!.Value, ChineseOfficeFonts);
        Assert.Equal("zh-CN", defaults.Languages!.EastAsia!.Value);
        var fontTable = doc.MainDocumentPart.FontTablePart!.Fonts!.Elements<DocumentFormat.OpenXml.Wordprocessing.Font>().Select(f => f.Name!.Value).ToList();
        Assert.Contains("宋体", fontTable);
        Assert.Contains("黑体", fontTable);
    }

    [Fact]
    public async Task The_xlsx_lists_every_figure_and_its_records_and_the_totals_match()
    {
        var dashboard = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}");
        var figures = dashboard.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!, f => f);
        var bytes = await DownloadAsync(_s.Operator, "xlsx");
        using var book = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var summary = Sheet(book, "指标汇总");
        var records = Sheet(book, "记录明细");
        Assert.Equal(figures.Count, summary.Count);
        foreach (var row in summary)
        {
            var key = row["指标键"];
            Assert.Equal(figures[key].GetProperty("value").GetDecimal(), decimal.Parse(row["本年度"], System.Globalization.CultureInfo.InvariantCulture));
            var lines = records.Where(r => r["指标键"] == key).ToList();
            Assert.Equal(figures[key].GetProperty("records").GetInt32(), lines.Count);
            Assert.Equal(lines.Count, int.Parse(row["记录数"], System.Globalization.CultureInfo.InvariantCulture));
        }

        var settled = records.Where(r => r["指标键"] == "services.bounty.settled").Sum(r => decimal.Parse(r["数值"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(100_000m, settled);
        var hours = records.Where(r => r["指标键"] == "platform.training.hours").Sum(r => decimal.Parse(r["数值"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(24m, hours);
        Assert.Equal(OutcomeScenario.Expected.Count(e => e.Key.StartsWith("results.", StringComparison.Ordinal)),
            summary.Count(r => r["指标键"].StartsWith("results.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Submitting_files_the_generated_docx_with_the_lifecycle_and_the_province_marks_it_received()
    {
        var incomplete = await (await _s.Board.As(_s.Operator)).PostAsync($"/api/outcomes/centers/{_s.CenterId}/years/{_s.Year}/submit", null);
        Assert.Equal("narrative_missing", (await incomplete.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());

        var narratives = ReportSections.All.ToDictionary(s => s.Key, s => $"{s.Title[2..]}：按平台记录如实填写。");
        var saved = await _s.Board.Put(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/years/{_s.Year}", new { narratives, selfAssessment = new Dictionary<string, decimal> { ["1.1"] = 4m } });
        Assert.Equal(4m, saved.GetProperty("selfAssessment").EnumerateArray().Single(s => s.GetProperty("code").GetString() == "1.1").GetProperty("entered").GetDecimal());
        var tooHigh = await (await _s.Board.As(_s.Operator)).PutAsync($"/api/outcomes/centers/{_s.CenterId}/years/{_s.Year}",
            JsonContent(new { selfAssessment = new Dictionary<string, decimal> { ["1.1"] = 6m } }));
        Assert.Equal("self_score_out_of_range", (await tooHigh.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var province = Accreditation.AccreditationDesk.Province;
        var notTheirs = await (await _s.Board.As(province)).PostAsync($"/api/outcomes/centers/{_s.CenterId}/years/{_s.Year}/submit", null);
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);

        var submitted = await _s.Board.Post(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}/years/{_s.Year}/submit", new { });
        Assert.Equal("filed", submitted.GetProperty("reportState").GetString());
        var center = await _s.Board.Get(province, $"/api/accreditation/centers/{_s.CenterId}");
        var report = center.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("year").GetInt32() == _s.Year);
        Assert.EndsWith(".docx", report.GetProperty("fileName").GetString());
        Assert.Contains("集聚服务工程师 3 人", report.GetProperty("summary").GetString());
        var file = await (await _s.Board.As(province)).GetAsync($"/api/accreditation/centers/{_s.CenterId}/reports/{_s.Year}/file");
        using (var doc = WordprocessingDocument.Open(new MemoryStream(await file.Content.ReadAsByteArrayAsync()), false))
        {
            Assert.Contains("按平台记录如实填写", doc.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
        }

        // The province marks it received with the lifecycle's own step: the year's obligation is then met.
        var received = await _s.Board.Post(province, $"/api/accreditation/centers/{_s.CenterId}/reports/{_s.Year}/received", new { version = center.GetProperty("version").GetUInt32() });
        Assert.DoesNotContain(_s.Year, received.GetProperty("missingReportYears").EnumerateArray().Select(y => y.GetInt32()));
        Assert.True(await fixture.App.WithDbAsync(async db => (await db.AccreditedCenters.AsNoTracking().FirstAsync(c => c.Id == _s.CenterId)).Reports.Single(r => r.Year == _s.Year).Received));
        var after = await _s.Board.Get(_s.Operator, $"/api/outcomes/centers/{_s.CenterId}?year={_s.Year}");
        Assert.Equal("received", after.GetProperty("reportState").GetString());
        Assert.False(after.GetProperty("canEdit").GetBoolean());
        var again = await (await _s.Board.As(_s.Operator)).PostAsync($"/api/outcomes/centers/{_s.CenterId}/years/{_s.Year}/submit", null);
        Assert.Equal("report_received", (await again.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>The rows of one sheet as header → text (shared strings resolved), read with the OpenXML SDK.</summary>
    internal static List<Dictionary<string, string>> Sheet(SpreadsheetDocument book, string name)
    {
        var workbook = book.WorkbookPart!;
        var sheet = workbook.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == name);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        string Text(Cell c) => c.DataType?.Value == CellValues.SharedString ? strings[int.Parse(c.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
            : c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "";
        static string Column(string reference) => new([.. reference.TakeWhile(char.IsLetter)]);
        var rows = part.Worksheet.Descendants<Row>().ToList();
        var header = rows[0].Elements<Cell>().ToDictionary(c => Column(c.CellReference!), Text);
        return [.. rows.Skip(1).Select(r =>
        {
            var values = r.Elements<Cell>().ToDictionary(c => Column(c.CellReference!), Text);
            return header.ToDictionary(h => h.Value, h => values.GetValueOrDefault(h.Key, ""));
        })];
    }
}
