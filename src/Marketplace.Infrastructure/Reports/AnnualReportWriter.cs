using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Marketplace.Application.Outcomes;
using Marketplace.Domain.Outcomes;
using MiniExcelLibs;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Marketplace.Infrastructure.Reports;

/// <summary>
/// 年度建设运行情况报告 as an editable .docx (cover, the six sections of 第十三条 with the operator's narrative, the computed
/// tables and the chart images) and its .xlsx appendix (every figure and every record behind it). Fonts are the ones a
/// Chinese office suite has: 黑体 (SimHei) for headings, 宋体 (SimSun) for text, set as the East Asian font of every run
/// and of the document defaults, with Times New Roman for Latin text (decision 73).
/// </summary>
public sealed class AnnualReportWriter : IAnnualReportWriter
{
    public const string BodyFont = "宋体";
    public const string HeadingFont = "黑体";
    public const string LatinFont = "Times New Roman";

    /// <summary>Which figures each section's table shows; "mechanism" shows the 揭榜挂帅 funnel and the self-assessment.</summary>
    private static readonly Dictionary<string, string[]> SectionCharts = new()
    {
        ["services"] = ["trend", "clusters", "cities"],
        ["mechanism"] = ["funnel"],
    };

    public byte[] WriteDocx(AnnualReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var d = content.Dashboard;
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();
            main.Document = new Document(body);

            // Cover.
            for (var i = 0; i < 6; i++)
            {
                body.Append(Para("", BodyFont, 28));
            }

            body.Append(Para($"{d.CenterName}", HeadingFont, 44, bold: true, center: true));
            body.Append(Para($"{d.Year}年度建设运行情况报告", HeadingFont, 40, bold: true, center: true));
            body.Append(Para("", BodyFont, 28));
            body.Append(Para($"认定文号：{d.DocumentNumber}", BodyFont, 28, center: true));
            body.Append(Para($"报告年度：{d.Year}年1月1日至{d.Year}年12月31日", BodyFont, 28, center: true));
            body.Append(Para($"生成日期：{content.GeneratedOn:yyyy年M月d日}", BodyFont, 28, center: true));
            body.Append(Para("本报告中的数据均由共享工程师服务平台依据平台记录计算生成，每项数据可在平台上追溯至对应记录。", BodyFont, 21, center: true));
            body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));

            var figures = d.Figures.ToLookup(f => f.Section);
            foreach (var (key, title) in ReportSections.All)
            {
                body.Append(Heading(title));
                var narrative = d.Narratives.GetValueOrDefault(key);
                foreach (var line in (string.IsNullOrWhiteSpace(narrative) ? "（运营方尚未填写本节说明。）" : narrative).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    body.Append(Para(line, BodyFont, 24, indent: true));
                }

                var rows = figures[key].ToList();
                if (rows.Count > 0)
                {
                    body.Append(Para($"表：{title[2..]}主要数据", HeadingFont, 21, center: true));
                    body.Append(FigureTable(rows));
                }

                foreach (var chart in SectionCharts.GetValueOrDefault(key, []).Select(c => content.Charts.FirstOrDefault(x => x.Key == c)).OfType<ReportChart>())
                {
                    body.Append(Image(main, chart));
                    body.Append(Para($"图：{chart.Title}", BodyFont, 21, center: true));
                }

                if (key == "mechanism")
                {
                    body.Append(Para("表：指标自评（平台依记录给出建议分，运营方确认）", HeadingFont, 21, center: true));
                    body.Append(Table(
                        ["指标", "名称", "满分", "建议分", "自评分", "依据"],
                        [.. d.SelfAssessment.Select(s => new[]
                        {
                            s.Code, s.Name, Num(s.MaxPoints), Num(s.Suggested), s.Entered is { } e ? Num(e) : "—", s.Reason,
                        })]));
                }
            }

            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1440, Right = 1800U, Bottom = 1440, Left = 1800U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    public byte[] WriteXlsx(AnnualReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var d = content.Dashboard;
        var summary = OutcomeSheets.Figures(d.Figures, ReportSections.TitleOf);
        var records = OutcomeSheets.Records(content.Records.Select(r => (r.Figure, r.Records)));
        var self = d.SelfAssessment.Select(s => new Dictionary<string, object?>
        {
            ["指标"] = s.Code, ["名称"] = s.Name, ["满分"] = s.MaxPoints, ["建议分"] = s.Suggested, ["自评分"] = s.Entered, ["依据"] = s.Reason,
        }).ToList();
        var sheets = new Dictionary<string, object>
        {
            ["指标汇总"] = summary,
            ["记录明细"] = records,
            ["指标自评"] = self,
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static string Num(decimal value) => value.ToString(value == Math.Round(value) ? "#,0" : "#,0.##", CultureInfo.InvariantCulture);

    private static Table FigureTable(IReadOnlyList<FigureDto> rows) =>
        Table(["指标", "本年度", "上年度", "同比", "年度目标", "完成率"],
            [.. rows.Select(f => new[]
            {
                $"{f.Label}（{f.Unit}）", Num(f.Value), Num(f.LastYear),
                f.LastYear == 0 ? "—" : $"{(f.Value - f.LastYear) / f.LastYear:+0.0%;-0.0%;0.0%}",
                f.Target is { } t ? Num(t) : "—",
                f.Target is { } target && target > 0 ? $"{f.Value / target:0.0%}" : "—",
            })]);

    private static Table Table(string[] header, IReadOnlyList<string[]> rows)
    {
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        table.Append(new TableRow(header.Select(h => Cell(h, HeadingFont, bold: true))));
        foreach (var row in rows)
        {
            table.Append(new TableRow(row.Select(c => Cell(c, BodyFont, bold: false))));
        }

        return table;
    }

    private static TableCell Cell(string text, string font, bool bold) =>
        new(new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Before = "20", After = "20" }), TextRun(text, font, 21, bold)));

    private static Paragraph Heading(string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }, new SpacingBetweenLines { Before = "240", After = "120" }), TextRun(text, HeadingFont, 32, bold: true));

    private static Paragraph Para(string text, string font, int halfPoints, bool bold = false, bool center = false, bool indent = false)
    {
        var props = new ParagraphProperties(new SpacingBetweenLines { Line = "360", LineRule = LineSpacingRuleValues.Auto });
        if (center)
        {
            props.Append(new Justification { Val = JustificationValues.Center });
        }

        if (indent)
        {
            props.Append(new Indentation { FirstLineChars = 200 });
        }

        return new Paragraph(props, TextRun(text, font, halfPoints, bold));
    }

    /// <summary>Every run names its East Asian font and language, so WPS and Word never fall back to a Latin face.</summary>
    public static Run TextRun(string text, string eastAsiaFont, int halfPoints, bool bold)
    {
        var props = new RunProperties(new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = eastAsiaFont, ComplexScript = LatinFont, Hint = FontTypeHintValues.EastAsia });
        if (bold)
        {
            props.Append(new Bold());
        }

        props.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        props.Append(new Languages { Val = "en-US", EastAsia = "zh-CN" });
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = BodyFont, ComplexScript = LatinFont },
                    new FontSize { Val = "24" },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault()),
            new Style(
                new StyleName { Val = "Normal" },
                new PrimaryStyle())
            { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new Style(
                new StyleName { Val = "heading 1" },
                new BasedOn { Val = "Normal" },
                new PrimaryStyle(),
                new StyleParagraphProperties(new KeepNext(), new OutlineLevel { Val = 0 }),
                new StyleRunProperties(new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = HeadingFont }, new Bold(), new FontSize { Val = "32" }))
            { Type = StyleValues.Paragraph, StyleId = "Heading1" });
        var fonts = main.AddNewPart<FontTablePart>();
        fonts.Fonts = new Fonts(
            new Font(new AltName { Val = "SimSun" }, new Panose1Number { Val = "02010600030101010101" }, new FontCharSet { Val = "86" }, new FontFamily { Val = FontFamilyValues.Auto }, new Pitch { Val = FontPitchValues.Variable }) { Name = BodyFont },
            new Font(new AltName { Val = "SimHei" }, new Panose1Number { Val = "02010609060101010101" }, new FontCharSet { Val = "86" }, new FontFamily { Val = FontFamilyValues.Modern }, new Pitch { Val = FontPitchValues.Fixed }) { Name = HeadingFont },
            new Font(new Panose1Number { Val = "02020603050405020304" }, new FontCharSet { Val = "00" }, new FontFamily { Val = FontFamilyValues.Roman }, new Pitch { Val = FontPitchValues.Variable }) { Name = LatinFont });
    }

    private static uint _pictureId;

    private static Paragraph Image(MainDocumentPart main, ReportChart chart)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var data = new MemoryStream(chart.Png))
        {
            part.FeedData(data);
        }

        var relationshipId = main.GetIdOfPart(part);
        var id = Interlocked.Increment(ref _pictureId);
        const long widthEmu = 5_486_400L; // 15.24 cm, the text width of an A4 page with 3.17 cm margins
        const long heightEmu = widthEmu * 420 / 900;
        var drawing = new Drawing(
            new DW.Inline(
                new DW.Extent { Cx = widthEmu, Cy = heightEmu },
                new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
                new DW.DocProperties { Id = id, Name = chart.Key, Description = chart.Title },
                new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
                new A.Graphic(new A.GraphicData(
                    new PIC.Picture(
                        new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = $"{chart.Key}.png" }, new PIC.NonVisualPictureDrawingProperties()),
                        new PIC.BlipFill(new A.Blip { Embed = relationshipId }, new A.Stretch(new A.FillRectangle())),
                        new PIC.ShapeProperties(
                            new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = widthEmu, Cy = heightEmu }),
                            new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
                { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
            { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U });
        return new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), new Run(drawing));
    }
}
