using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Testing;
using Microsoft.Playwright;

namespace Marketplace.E2E;

/// <summary>
/// The whole 揭榜挂帅 story through the Chinese UI, one browser per demo account: the company posts and submits, the
/// center publishes from its queue, the engineer finds the listing and applies, the company evaluates and awards and
/// sets a milestone, the engineer works and delivers, the company accepts, verifies, evaluates and settles.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChallengeStoryTests(BrowserFixture fixture)
{
    private const string Title = "液压泵壳体铸造气孔攻关（E2E）";

    /// <summary>Script errors on any page of the story (the enhancement script must never break a page).</summary>
    private readonly List<string> _scriptErrors = [];

    [Fact]
    public async Task A_listing_goes_from_the_company_form_to_settlement_through_the_ui()
    {
        await PublishNeighboursAsync();

        // 企业出题: the company fills the form and submits the draft for review.
        var company = await SignInAsync("company@demo.cn");
        await company.GetByTestId("nav-post-challenge").ClickAsync();
        await company.GetByTestId("field-title").FillAsync(Title);
        await company.GetByTestId("field-description").FillAsync("泵壳体（HT250）铸件加工后发现气孔，废品率约 8%。需要分析成因，给出浇注系统与工艺参数的改进方案，并在产线验证。");
        await company.GetByTestId("field-cluster").SelectOptionAsync("construction-machinery");
        await company.GetByTestId("field-skills").SelectOptionAsync(["cm-hydraulic-system-design"]);
        await company.GetByTestId("field-service-type").SelectOptionAsync("process-optimization");
        await company.GetByTestId("field-bounty").FillAsync("150000");
        await company.GetByTestId("field-duration").FillAsync("60");
        await company.GetByTestId("field-city").SelectOptionAsync("430200");
        await company.GetByTestId("field-ip").SelectOptionAsync("Company");
        await company.GetByTestId("field-confidentiality").SelectOptionAsync("Public");
        await company.GetByTestId("listing-form").ScreenshotAsync(new LocatorScreenshotOptions { Path = Artifact("challenge-form.png") });
        // Headless Chromium swallows the first click after a screenshot taken while the skill list has focus.
        await company.GetByTestId("field-title").ClickAsync();
        await company.GetByTestId("save-listing").ClickAsync();
        await Assertions.Expect(company.GetByTestId("flash")).ToBeVisibleAsync();
        await ExpectStatusAsync(company, "草稿");
        var detailUrl = new Uri(company.Url).PathAndQuery;
        Assert.StartsWith("/Challenges/Details/", detailUrl, StringComparison.Ordinal);
        await Assertions.Expect(company.GetByTestId("total-amount")).ToHaveTextAsync("¥150,000.00");

        await company.GetByTestId("action-submit").ClickAsync();
        await ExpectStatusAsync(company, "待审核");

        // 中心审核: the operator publishes it from the review queue.
        var center = await SignInAsync("operator@demo.cn");
        await center.GetByTestId("nav-review").ClickAsync();
        var item = center.GetByTestId("review-item").Filter(new() { HasText = Title });
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await center.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("challenge-review-queue.png"), FullPage = true });
        await item.GetByTestId("review-publish").ClickAsync();
        await Assertions.Expect(center.GetByTestId("flash")).ToContainTextAsync("已审核发布");
        await Assertions.Expect(center.GetByTestId("review-item").Filter(new() { HasText = Title })).ToHaveCountAsync(0);

        // 人才答题: the engineer finds it on the board and applies alone.
        var engineer = await SignInAsync("engineer@demo.cn");
        await engineer.GetByTestId("nav-challenges").ClickAsync();
        // The demo data fills the board; the new listing is one card among many.
        await Assertions.Expect(engineer.GetByTestId("challenge-card").First).ToBeVisibleAsync();
        await engineer.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("challenge-board.png"), FullPage = true });
        await engineer.GetByTestId("filter-q").FillAsync("铸造气孔");
        await engineer.GetByTestId("filter-submit").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("challenge-card")).ToHaveCountAsync(1);
        await engineer.GetByTestId("card-title").ClickAsync();
        await ExpectStatusAsync(engineer, "揭榜中");
        await engineer.GetByTestId("action-apply").ClickAsync();
        await engineer.GetByTestId("apply-proposal").FillAsync("先做气孔的金相与 CT 分析，区分卷气与析出；再用凝固模拟优化浇注系统和排气。");
        await engineer.GetByTestId("apply-plan").FillAsync("第 1–2 周取样分析；第 3–5 周模拟与工艺方案；第 6–8 周产线小批验证。");
        await engineer.GetByTestId("apply-quote").FillAsync("145000");
        await engineer.GetByTestId("apply-timeline").FillAsync("56");
        await engineer.GetByTestId("apply-submit").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("flash")).ToContainTextAsync("揭榜申请已提交");
        await Assertions.Expect(engineer.GetByTestId("already-applied")).ToBeVisibleAsync();

        // 评审与挂帅: the company closes early, evaluates, awards, and sets one milestone for the whole amount.
        await company.GotoAsync(detailUrl);
        await ExpectStatusAsync(company, "揭榜中");
        await company.GetByTestId("action-close").ClickAsync();
        await ExpectStatusAsync(company, "揭榜截止");
        await company.GetByTestId("action-start-evaluation").ClickAsync();
        await ExpectStatusAsync(company, "评审中");
        await Assertions.Expect(company.GetByTestId("application-row")).ToHaveCountAsync(1);
        await company.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("challenge-evaluation.png"), FullPage = true });
        await company.GetByTestId("action-award").ClickAsync();
        await ExpectStatusAsync(company, "已定榜");
        await company.GetByTestId("milestone-title-0").FillAsync("气孔成因分析与工艺改进，产线验证");
        await Assertions.Expect(company.GetByTestId("milestone-amount-0")).ToHaveValueAsync("150000.00");
        await company.GetByTestId("action-milestones").ClickAsync();
        await Assertions.Expect(company.GetByTestId("flash")).ToContainTextAsync("里程碑已设定");
        await Assertions.Expect(company.GetByTestId("milestone-status")).ToHaveTextAsync("待交付");

        // 攻关: the engineer starts work and delivers the milestone.
        await engineer.GotoAsync(detailUrl);
        await engineer.GetByTestId("action-start-work").ClickAsync();
        await ExpectStatusAsync(engineer, "攻关中");
        await engineer.GetByTestId("milestone-note").FillAsync("已完成成因分析（卷气为主），浇注系统改为底注并增加排气，小批 200 件气孔废品率降至 0.5%。");
        await engineer.GetByTestId("action-deliver-milestone").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("milestone-status")).ToHaveTextAsync("待验收");

        // The company accepts it: the whole amount is released to the engineer.
        await company.GotoAsync(detailUrl);
        await company.GetByTestId("action-accept-milestone").ClickAsync();
        await Assertions.Expect(company.GetByTestId("milestone-status")).ToHaveTextAsync("已验收");

        // The engineer delivers the result.
        await engineer.GotoAsync(detailUrl);
        await engineer.GetByTestId("deliver-note").FillAsync("提交成因分析报告、工艺卡与小批验证数据。");
        await engineer.GetByTestId("action-deliver").ClickAsync();
        await ExpectStatusAsync(engineer, "已交付待验题");

        // 车间验题 and 市场评价 by the company, then settlement.
        await company.GotoAsync(detailUrl);
        await company.GetByTestId("verify-verifier").FillAsync("王工（铸造车间主任）");
        await company.GetByTestId("verify-location").FillAsync("株洲湘江动力铸造车间");
        await company.GetByTestId("verify-passed").CheckAsync();
        await company.GetByTestId("verify-report").FillAsync("连续三个班次 600 件抽检，气孔废品率 0.6%，达到验收指标（≤1%）。");
        await company.GetByTestId("action-verify").ClickAsync();
        await ExpectStatusAsync(company, "市场评价中");
        await Assertions.Expect(company.GetByTestId("verification-result")).ToHaveTextAsync("通过");

        await company.GetByTestId("rating-5").CheckAsync();
        await company.GetByTestId("evaluate-cost").FillAsync("420000");
        await company.GetByTestId("evaluate-output").FillAsync("1800000");
        await company.GetByTestId("evaluate-note").FillAsync("废品率下降带来的材料与工时节约按年测算。");
        await company.GetByTestId("action-evaluate").ClickAsync();
        await Assertions.Expect(company.GetByTestId("flash")).ToContainTextAsync("市场评价已记录");

        await company.GetByTestId("action-settle").ClickAsync();
        await ExpectStatusAsync(company, "已结算");
        var total = await company.GetByTestId("total-amount").InnerTextAsync();
        await Assertions.Expect(company.GetByTestId("ledger-committed")).ToHaveTextAsync(total);
        await Assertions.Expect(company.GetByTestId("ledger-released")).ToHaveTextAsync(total);
        await Assertions.Expect(company.GetByTestId("ledger-outstanding")).ToHaveTextAsync("¥0.00");
        await Assertions.Expect(company.GetByTestId("audit")).ToContainTextAsync("结算");
        var screenshot = Artifact("challenge-settled.png");
        await company.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot holds a rendered page");

        // The engineer's workspace shows the money released to them; the notification badge has news for them.
        await engineer.GetByTestId("nav-my-applications").ClickAsync();
        var mine = engineer.GetByTestId("my-application").Filter(new() { HasText = Title });
        await Assertions.Expect(mine.GetByTestId("released-to-me")).ToHaveTextAsync(total);
        await engineer.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("engineer-workspace.png"), FullPage = true });
        await Assertions.Expect(engineer.GetByTestId("unread-count")).ToBeVisibleAsync();
        await engineer.GetByTestId("nav-notifications").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("notification").Filter(new() { HasText = "已结算" }).Filter(new() { HasText = Title })).ToHaveCountAsync(1);
        Assert.Empty(_scriptErrors);
    }

    private static async Task ExpectStatusAsync(IPage page, string status) =>
        await Assertions.Expect(page.GetByTestId("challenge-status")).ToHaveTextAsync(status);

    private static string Artifact(string name) => Path.Combine(RepoPaths.Artifacts, name);

    private async Task<IPage> SignInAsync(string email)
    {
        var page = await fixture.NewPageAsync();
        page.PageError += (_, error) => _scriptErrors.Add($"{email}: {error}");
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("邮箱").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("Demo@2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/Dashboard");
        return page;
    }

    /// <summary>Three other published listings, so the board the engineer browses is not a board of one.</summary>
    private async Task PublishNeighboursAsync()
    {
        var company = await fixture.App.ClientForAsync("company@demo.cn");
        var center = await fixture.App.ClientForAsync("operator@demo.cn");
        var neighbours = new[]
        {
            ("盾构机主驱动密封寿命提升", "construction-machinery", "cm-structural-fea", 380_000m, "Nda", 1, "430100"),
            ("轨道车辆转向架焊接变形控制", "rail-transit", "rt-bogie-design", 260_000m, "Public", 2, "430200"),
            ("机载设备振动试验夹具优化", "aerospace", "as-environmental-test", 90_000m, "Public", 1, "430300"),
        };
        foreach (var (title, cluster, skill, bounty, confidentiality, slots, city) in neighbours)
        {
            var posted = await company.PostAsJsonAsync("/api/challenges", new
            {
                title, description = title + "：需求说明见附件。", clusterCode = cluster, skillCodes = new[] { skill }, serviceTypeCode = "rd-design",
                bounty, applicationDeadline = DateTimeOffset.UtcNow.AddDays(25), expectedDurationDays = 90, cityCode = city, onSiteRequired = true,
                ipArrangement = "Shared", confidentiality, raceSlots = slots,
            }, ApiClientExtensions.Json);
            var draft = await Read(posted);
            var id = draft.GetProperty("id").GetGuid();
            var submitted = await Read(await company.PostAsJsonAsync($"/api/challenges/{id}/submit", new { version = draft.GetProperty("version").GetUInt32() }));
            await Read(await center.PostAsJsonAsync($"/api/challenges/{id}/publish", new { version = submitted.GetProperty("version").GetUInt32() }));
        }
    }

    private static async Task<JsonElement> Read(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }
}
