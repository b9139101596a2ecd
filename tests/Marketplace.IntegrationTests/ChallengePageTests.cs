using System.Net;
using System.Net.Http.Json;
using Marketplace.Testing;
using Marketplace.Domain.Challenges;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests;

/// <summary>The 揭榜挂帅 pages on the real host and database: who may open them, and what a refused form does.</summary>
[Collection(AppCollection.Name)]
public sealed class ChallengePageTests(AppFixture fixture)
{
    [Theory]
    [InlineData("/Challenges")]
    [InlineData("/Challenges/Edit")]
    [InlineData("/Challenges/Mine")]
    [InlineData("/Challenges/Review")]
    [InlineData("/Notifications")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string url)
    {
        var anonymous = await PageClient.AnonymousAsync(fixture.App);
        var response = await anonymous.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("company@demo.cn", "/Challenges", HttpStatusCode.OK)]
    [InlineData("engineer@demo.cn", "/Challenges", HttpStatusCode.OK)]
    [InlineData("operator@demo.cn", "/Challenges", HttpStatusCode.OK)]
    [InlineData("expert@demo.cn", "/Challenges", HttpStatusCode.OK)]
    [InlineData("authority@demo.cn", "/Challenges", HttpStatusCode.OK)]
    [InlineData("company@demo.cn", "/Challenges/Edit", HttpStatusCode.OK)]
    [InlineData("engineer@demo.cn", "/Challenges/Edit", HttpStatusCode.Redirect)]
    [InlineData("company@demo.cn", "/Challenges/Mine", HttpStatusCode.OK)]
    [InlineData("engineer@demo.cn", "/Challenges/Mine", HttpStatusCode.OK)]
    [InlineData("operator@demo.cn", "/Challenges/Mine", HttpStatusCode.Redirect)]
    [InlineData("operator@demo.cn", "/Challenges/Review", HttpStatusCode.OK)]
    [InlineData("admin@demo.cn", "/Challenges/Review", HttpStatusCode.OK)]
    [InlineData("company@demo.cn", "/Challenges/Review", HttpStatusCode.Redirect)]
    [InlineData("engineer@demo.cn", "/Challenges/Review", HttpStatusCode.Redirect)]
    [InlineData("company@demo.cn", "/Notifications", HttpStatusCode.OK)]
    [InlineData("engineer@demo.cn", "/Notifications", HttpStatusCode.OK)]
    [InlineData("operator@demo.cn", "/Notifications", HttpStatusCode.OK)]
    [InlineData("expert@demo.cn", "/Notifications", HttpStatusCode.OK)]
    public async Task Each_page_opens_for_the_roles_that_use_it_and_is_denied_to_the_others(string email, string url, HttpStatusCode expected)
    {
        var page = await PageClient.SignInAsync(fixture.App, email);
        var response = await page.Http.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        else
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("lang=\"zh-CN\"", html);
            Assert.Contains("data-testid=\"nav-notifications\"", html);
        }
    }

    [Fact]
    public async Task Detail_and_apply_pages_open_for_the_parties_of_a_published_listing()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：活塞杆镀层起泡");
        foreach (var email in new[] { "company@demo.cn", "operator@demo.cn", "engineer@demo.cn", "expert@demo.cn" })
        {
            var html = await (await PageClient.SignInAsync(fixture.App, email)).GetPageAsync($"/Challenges/Details/{id}");
            Assert.Contains("页面测试：活塞杆镀层起泡", html);
            Assert.Contains("揭榜中", html);
            Assert.Contains("株洲市", html);
            Assert.Contains("¥120,000.00", html);
            Assert.Contains("12 万元", html);
        }

        var engineer = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");
        var apply = await engineer.GetPageAsync($"/Challenges/Apply/{id}");
        Assert.Contains("分配比例合计须为 100%", apply);
        Assert.Contains("data-testid=\"action-apply\"", await engineer.GetPageAsync($"/Challenges/Details/{id}"));

        // The owner sees the audit trail and the center's review step as history; the engineer sees neither.
        var owner = await (await PageClient.SignInAsync(fixture.App, "company@demo.cn")).GetPageAsync($"/Challenges/Details/{id}");
        Assert.Contains("data-testid=\"audit\"", owner);
        Assert.Contains("审核发布", owner);
        Assert.DoesNotContain("data-testid=\"audit\"", await engineer.GetPageAsync($"/Challenges/Details/{id}"));
    }

    [Fact]
    public async Task Negative_bounty_re_renders_the_form_with_the_chinese_message_and_writes_nothing()
    {
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var before = await fixture.App.WithDbAsync(db => db.Challenges.CountAsync());
        var response = await company.PostFormAsync("/Challenges/Edit", "/Challenges/Edit",
        [
            ("Input.Title", "负悬赏的榜单"), ("Input.Description", "描述"), ("Input.ClusterCode", "construction-machinery"),
            ("Input.SkillCodes", "cm-hydraulic-system-design"), ("Input.ServiceTypeCode", "process-optimization"),
            ("Input.Bounty", "-5"), ("Input.ApplicationDeadline", DateTime.UtcNow.AddHours(8).AddDays(10).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
            ("Input.ExpectedDurationDays", "30"), ("Input.CityCode", "430200"), ("Input.IpArrangement", "Company"),
            ("Input.Confidentiality", "Public"), ("Input.RaceSlots", "1"), ("Input.AbandonAfterDays", "14"),
        ]);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("&#x27;悬赏金额&#x27; 必须大于", html.Replace("'", "&#x27;", StringComparison.Ordinal));

        // The message sits next to the bounty input, and what was typed is still in the form.
        Assert.Matches("data-valmsg-for=\"Input.Bounty\"[^>]*>[^<]*悬赏金额", html);
        Assert.Contains("value=\"负悬赏的榜单\"", html);
        Assert.Contains("value=\"-5\"", html);
        Assert.Equal(before, await fixture.App.WithDbAsync(db => db.Challenges.CountAsync()));
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_answered_in_chinese_next_to_its_input()
    {
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var response = await company.PostFormAsync("/Challenges/Edit", "/Challenges/Edit", [("Input.Title", "金额写错的榜单"), ("Input.Bounty", "十万")]);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-valmsg-for=\"Input.Bounty\"[^>]*>输入的值“十万”格式不正确。", html);
        Assert.DoesNotContain("is not valid", html);
    }

    [Fact]
    public async Task Several_bad_fields_each_get_their_message_and_an_empty_deadline_is_named()
    {
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var response = await company.PostFormAsync("/Challenges/Edit", "/Challenges/Edit",
        [
            ("Input.Title", ""), ("Input.Description", "描述"), ("Input.ClusterCode", "construction-machinery"),
            ("Input.ServiceTypeCode", "process-optimization"), ("Input.Bounty", "100000"), ("Input.ApplicationDeadline", ""),
            ("Input.ExpectedDurationDays", "30"), ("Input.CityCode", "430200"), ("Input.IpArrangement", "Company"),
            ("Input.Confidentiality", "Public"), ("Input.RaceSlots", "9"), ("Input.AbandonAfterDays", "14"),
        ]);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-valmsg-for=\"Input.Title\"[^>]*>[^<]*榜单标题", html);
        Assert.Matches("data-valmsg-for=\"Input.SkillCodes\"[^>]*>[^<]*技术领域", html);
        Assert.Matches("data-valmsg-for=\"Input.RaceSlots\"[^>]*>[^<]*中榜名额", html);
        Assert.Matches("data-valmsg-for=\"Input.ApplicationDeadline\"[^>]*>请填写揭榜截止时间", html);
    }

    [Fact]
    public async Task Company_posts_a_draft_through_the_form_edits_it_and_submits_it()
    {
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var deadline = DateTime.UtcNow.AddHours(8).AddDays(15).ToString("yyyy-MM-dd'T'18:00", System.Globalization.CultureInfo.InvariantCulture);
        List<(string, string)> fields =
        [
            ("Input.Title", "表单发布：齿轮箱异响诊断"), ("Input.Description", "某型齿轮箱在 1500 rpm 出现异响。"), ("Input.ClusterCode", "construction-machinery"),
            ("Input.SkillCodes", "cm-hydraulic-system-design"), ("Input.SkillCodes", "cm-structural-fea"), ("Input.ServiceTypeCode", "process-optimization"),
            ("Input.Bounty", "85000.50"), ("Input.ApplicationDeadline", deadline), ("Input.ExpectedDurationDays", "45"), ("Input.CityCode", "430200"),
            ("Input.OnSiteRequired", "true"), ("Input.IpArrangement", "Shared"), ("Input.Confidentiality", "Nda"), ("Input.RaceSlots", "2"), ("Input.AbandonAfterDays", "10"),
        ];
        var created = await company.PostFormAsync("/Challenges/Edit", "/Challenges/Edit", fields);
        Assert.True(created.StatusCode == HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var detailUrl = created.Headers.Location!.OriginalString;
        var detail = await company.GetPageAsync(detailUrl);
        Assert.Contains("榜单草稿已保存", detail);
        Assert.Contains("草稿", detail);
        Assert.Contains("¥85,000.50", detail);
        Assert.Contains("结构有限元分析", detail);
        Assert.Contains("双方共有", detail);
        Assert.Contains("赛马 2 席", detail);
        Assert.Contains(deadline.Replace('T', ' '), detail); // shown in China time, as typed

        var id = Guid.Parse(detailUrl.Split('/').Last());
        var saved = await fixture.App.WithDbAsync(db => db.Challenges.AsNoTracking().FirstAsync(c => c.Id == id));
        Assert.Equal(Confidentiality.Nda, saved.Confidentiality);
        Assert.Equal(DateTimeOffset.Parse(deadline + ":00+08:00", System.Globalization.CultureInfo.InvariantCulture), saved.ApplicationDeadline);

        // Edit: the form opens with the saved values, and a stale version is refused on the page.
        var editUrl = $"/Challenges/Edit/{id}";
        var edit = await company.GetPageAsync(editUrl);
        Assert.Contains("value=\"表单发布：齿轮箱异响诊断\"", edit);
        var version = System.Text.RegularExpressions.Regex.Match(edit, "name=\"Input.Version\" value=\"([0-9]+)\"").Groups[1].Value;
        fields[0] = ("Input.Title", "表单发布：齿轮箱异响诊断（修订）");
        var stale = await company.PostFormAsync(editUrl, editUrl, [.. fields, ("Input.Version", "1")]);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("已被他人修改", PageClient.ErrorsOf(await stale.Content.ReadAsStringAsync()));
        var afterEdit = await company.PostAndFollowAsync(editUrl, editUrl, [.. fields, ("Input.Version", version)]);
        Assert.Contains("（修订）", afterEdit);

        var submitted = await company.PostAndFollowAsync(detailUrl, $"{detailUrl}?handler=Submit", [("Form.Version", PageClient.VersionOn(afterEdit))]);
        Assert.Contains("已提交审核", submitted);
        Assert.Contains("data-testid=\"challenge-status\">待审核", submitted);

        // The draft is no longer editable: the edit page sends the company back with the reason.
        var notEditable = await company.Http.GetAsync(editUrl);
        Assert.Equal(HttpStatusCode.Redirect, notEditable.StatusCode);
    }

    [Fact]
    public async Task A_refused_step_re_renders_the_listing_with_the_reason_and_changes_nothing()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：被拒绝的操作");
        var url = $"/Challenges/Details/{id}";
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var html = await company.GetPageAsync(url);

        // Closing early with no application is refused by the domain: the page shows why, in Chinese.
        var close = await company.PostFormAsync(url, $"{url}?handler=Close", [("Form.Version", PageClient.VersionOn(html))]);
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var closeHtml = await close.Content.ReadAsStringAsync();
        Assert.NotEqual("", PageClient.ErrorsOf(closeHtml));
        Assert.Contains("揭榜中", closeHtml);

        // A stale version is refused too.
        var stale = await company.PostFormAsync(url, $"{url}?handler=Withdraw", [("Form.Version", "1"), ("Form.WithdrawReason", "需求变更")]);
        Assert.Contains("已被他人修改", PageClient.ErrorsOf(await stale.Content.ReadAsStringAsync()));

        // Withdrawing without a reason names the missing reason.
        var noReason = await company.PostFormAsync(url, $"{url}?handler=Withdraw", [("Form.Version", PageClient.VersionOn(html)), ("Form.WithdrawReason", "")]);
        Assert.Contains("理由", PageClient.ErrorsOf(await noReason.Content.ReadAsStringAsync()));

        // An engineer posting the owner's step gets the life-cycle table's answer, not an error page.
        var engineer = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");
        var forbidden = await engineer.PostFormAsync(url, $"{url}?handler=Close", [("Form.Version", PageClient.VersionOn(html))]);
        Assert.Equal(HttpStatusCode.OK, forbidden.StatusCode);
        Assert.Contains("只能由发榜企业", PageClient.ErrorsOf(await forbidden.Content.ReadAsStringAsync()));

        var status = await fixture.App.WithDbAsync(db => db.Challenges.Where(c => c.Id == id).Select(c => c.Status).FirstAsync());
        Assert.Equal(ChallengeStatus.Published, status);
    }

    [Fact]
    public async Task Invite_only_listing_is_a_404_page_for_an_engineer_who_was_not_invited()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：定向邀请的榜单", confidentiality: "InviteOnly");
        var engineer = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");
        var response = await engineer.Http.GetAsync($"/Challenges/Details/{id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("页面不存在", html);
        Assert.DoesNotContain("定向邀请的榜单", html);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.Http.GetAsync($"/Challenges/Apply/{id}")).StatusCode);
        Assert.DoesNotContain("定向邀请的榜单", await engineer.GetPageAsync("/Challenges?q=定向邀请"));

        // The owner sees it, and so does the center.
        Assert.Contains("定向邀请的榜单", await (await PageClient.SignInAsync(fixture.App, "company@demo.cn")).GetPageAsync($"/Challenges/Details/{id}"));
        Assert.Contains("定向邀请的榜单", await (await PageClient.SignInAsync(fixture.App, "operator@demo.cn")).GetPageAsync($"/Challenges/Details/{id}"));
    }

    [Fact]
    public async Task A_draft_is_a_404_page_for_everyone_but_its_company()
    {
        var id = await Listings.DraftAsync(fixture.App, "页面测试：草稿");
        foreach (var email in new[] { "engineer@demo.cn", "operator@demo.cn" })
        {
            var response = await (await PageClient.SignInAsync(fixture.App, email)).Http.GetAsync($"/Challenges/Details/{id}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Contains("data-testid=\"action-submit\"", await (await PageClient.SignInAsync(fixture.App, "company@demo.cn")).GetPageAsync($"/Challenges/Details/{id}"));
    }

    [Theory]
    [InlineData("/Challenges?min=-5&max=abc")]
    [InlineData("/Challenges?status=Nope&sort=zzz")]
    [InlineData("/Challenges?min=500&max=100")]
    [InlineData("/Challenges?page=999999")]
    [InlineData("/Challenges?q=%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25")]
    [InlineData("/Challenges/Mine?status=99&page=-3")]
    [InlineData("/Notifications?page=0")]
    public async Task A_hand_edited_query_string_never_ends_on_an_error_page(string url)
    {
        var page = await PageClient.SignInAsync(fixture.App, url.Contains("Mine", StringComparison.Ordinal) ? "company@demo.cn" : "engineer@demo.cn");
        var html = await page.GetPageAsync(url);
        Assert.Contains("lang=\"zh-CN\"", html);
    }

    [Fact]
    public async Task Page_numbers_in_the_address_are_read_from_the_query_not_from_the_page_route_value()
    {
        // Razor Pages put the page's own path in the route value "page"; a property bound from "page" must read the query.
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var board = await company.GetPageAsync("/Challenges");
        Assert.DoesNotContain("data-testid=\"errors\"", board);
        Assert.DoesNotContain("data-testid=\"filters-ignored\"", board);
        Assert.Contains("共 60 位工程师，第 2 / 3 页", await company.GetPageAsync("/Engineers?page=2"));
        Assert.Contains("第 1 / ", await company.GetPageAsync("/Challenges?page=1"));
        Assert.DoesNotContain("data-testid=\"errors\"", await company.GetPageAsync("/Challenges/Mine?page=1"));
        Assert.DoesNotContain("data-testid=\"errors\"", await company.GetPageAsync("/Notifications?page=1"));
    }

    [Fact]
    public async Task Board_filters_by_keyword_and_status_and_shows_names_not_codes()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：筛选关键词甲乙丙");
        var engineer = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");
        var html = await engineer.GetPageAsync("/Challenges?q=筛选关键词甲乙丙&status=Published&sort=BountyHighToLow&cluster=construction-machinery&city=430200&min=100000&max=200000");
        Assert.Contains($"/Challenges/Details/{id}", html);
        Assert.Contains("工程机械", html);
        Assert.Contains("株洲市", html);
        Assert.DoesNotContain(">430200<", html);
        Assert.Contains("共 1 个榜单", html);

        var none = await engineer.GetPageAsync("/Challenges?q=筛选关键词甲乙丙&status=Settled");
        Assert.Contains("data-testid=\"board-empty\"", none);
    }

    [Fact]
    public async Task Operator_publishes_from_the_queue_and_the_company_is_notified_with_a_badge()
    {
        var id = await Listings.DraftAsync(fixture.App, "页面测试：队列审核");
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var detail = await company.GetPageAsync($"/Challenges/Details/{id}");
        await company.PostAndFollowAsync($"/Challenges/Details/{id}", $"/Challenges/Details/{id}?handler=Submit", [("Form.Version", PageClient.VersionOn(detail))]);
        await company.PostAndFollowAsync("/Notifications", "/Notifications?handler=ReadAll", []);

        var operatorPage = await PageClient.SignInAsync(fixture.App, "operator@demo.cn");
        var queue = await operatorPage.GetPageAsync("/Challenges/Review");
        Assert.Contains("页面测试：队列审核", queue);
        var version = System.Text.RegularExpressions.Regex.Match(queue, $"name=\"Form.Id\" value=\"{id}\" />\\s*<input type=\"hidden\" name=\"Form.Version\" value=\"([0-9]+)\"").Groups[1].Value;
        Assert.NotEqual("", version);

        // A support amount without a note is refused inline; then the listing is published.
        var refused = await operatorPage.PostFormAsync("/Challenges/Review", "/Challenges/Review?handler=Support",
            [("Form.Id", id.ToString()), ("Form.Version", version), ("Form.Amount", "30000"), ("Form.Note", "")]);
        Assert.Contains("助题说明", PageClient.ErrorsOf(await refused.Content.ReadAsStringAsync()));
        var after = await operatorPage.PostAndFollowAsync("/Challenges/Review", "/Challenges/Review?handler=Publish", [("Form.Id", id.ToString()), ("Form.Version", version)]);
        Assert.Contains("榜单已审核发布", after);
        Assert.DoesNotContain($"value=\"{id}\"", after);

        var inbox = await company.GetPageAsync("/Notifications");
        Assert.Contains("data-testid=\"unread-count\"", inbox);
        Assert.Contains("「页面测试：队列审核」已审核发布", inbox);
        var read = await company.PostAndFollowAsync("/Notifications", "/Notifications?handler=ReadAll", []);
        Assert.DoesNotContain("data-testid=\"unread-count\"", read);
    }

    [Fact]
    public async Task Engineer_applies_with_a_team_and_the_member_confirms_in_their_workspace()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：组队揭榜");
        var engineer = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");

        // The member is found by name through the form (no script needed), then added to the first empty row.
        var other = (await Listings.OtherEngineersAsync(fixture.App, 1))[0];
        var member = new { Id = other.EngineerId, other.Name, other.Email };
        var url = $"/Challenges/Apply/{id}";
        var found = await engineer.PostFormAsync(url, $"{url}?handler=Find", [("Input.Proposal", "先做失效分析"), ("Input.FindName", member.Name)]);
        var foundHtml = await found.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"team-found\"", foundHtml);
        Assert.Contains("先做失效分析", foundHtml);

        // Shares that do not add up to 100 % are refused next to the team.
        List<(string, string)> form =
        [
            ("Input.Proposal", "先做失效分析，再做镀层工艺对比试验。"), ("Input.Plan", "第一个月分析，第二个月试验。"), ("Input.Quote", "110000"),
            ("Input.TimelineDays", "60"), ("Input.MyShare", "60"), ("Input.Team[0].EngineerId", member.Id.ToString()), ("Input.Team[0].SharePercent", "30"),
        ];
        var refused = await engineer.PostFormAsync(url, url, form);
        Assert.Contains("合计", PageClient.ErrorsOf(await refused.Content.ReadAsStringAsync()));

        form[^1] = ("Input.Team[0].SharePercent", "40");
        var applied = await engineer.PostAndFollowAsync(url, url, form);
        Assert.Contains("待全部成员确认", applied);

        var mine = await engineer.GetPageAsync("/Challenges/Mine");
        Assert.Contains("页面测试：组队揭榜", mine);
        Assert.Contains("组队中", mine);

        var teammate = await PageClient.SignInAsync(fixture.App, member.Email);
        var workspace = await teammate.GetPageAsync("/Challenges/Mine");
        Assert.Contains("data-testid=\"needs-confirmation\"", workspace);
        var applicationId = await fixture.App.WithDbAsync(db => db.ChallengeApplications.Where(a => a.ChallengeId == id).Select(a => a.Id).FirstAsync());
        var confirmed = await teammate.PostAndFollowAsync("/Challenges/Mine", "/Challenges/Mine?handler=Confirm",
            [("challengeId", id.ToString()), ("applicationId", applicationId.ToString())]);
        Assert.Contains("已确认加入团队", confirmed);
        Assert.DoesNotContain("data-testid=\"needs-confirmation\"", confirmed);
        Assert.Equal(ApplicationStatus.Submitted, await fixture.App.WithDbAsync(db => db.ChallengeApplications.Where(a => a.Id == applicationId).Select(a => a.Status).FirstAsync()));
    }

    [Fact]
    public async Task Company_workspace_counts_its_listings_by_status()
    {
        await Listings.DraftAsync(fixture.App, "页面测试：计数草稿");
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var html = await company.GetPageAsync("/Challenges/Mine");
        Assert.Contains("data-status=\"Draft\"", html);
        Assert.Contains("页面测试：计数草稿", html);
        var drafts = await company.GetPageAsync("/Challenges/Mine?status=Draft");
        Assert.Contains("页面测试：计数草稿", drafts);
        Assert.DoesNotContain(">揭榜中</span></td>", drafts);
    }

    [Fact]
    public async Task Nda_listing_hides_the_description_until_the_engineer_signs_on_the_page()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：保密榜单", confidentiality: "Nda");
        var url = $"/Challenges/Details/{id}";
        var engineer = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");
        var before = await engineer.GetPageAsync(url);
        Assert.Contains("data-testid=\"nda-required\"", before);
        Assert.Contains("data-testid=\"accept-nda\"", before);
        Assert.DoesNotContain("盐雾环境", before);

        // Applying first is sent back to the listing with the reason.
        var apply = await engineer.Http.GetAsync($"/Challenges/Apply/{id}");
        Assert.Equal(HttpStatusCode.Redirect, apply.StatusCode);
        Assert.Contains("请先签署保密协议", await engineer.GetPageAsync(apply.Headers.Location!.OriginalString));

        var after = await engineer.PostAndFollowAsync(url, $"{url}?handler=Nda", []);
        Assert.Contains("已签署保密协议", after);
        Assert.Contains("盐雾环境", after);
        Assert.DoesNotContain("data-testid=\"nda-required\"", after);

        // A company that does not own the listing reads it like anyone else, and is not offered the engineer's steps.
        var expert = await (await PageClient.SignInAsync(fixture.App, "expert@demo.cn")).GetPageAsync(url);
        Assert.DoesNotContain("data-testid=\"accept-nda\"", expert);
        Assert.DoesNotContain("data-testid=\"action-apply\"", expert);
    }

    [Fact]
    public async Task Panel_expert_scores_an_application_on_the_page_and_the_company_sees_the_average()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：专家评分");
        var url = $"/Challenges/Details/{id}";
        var engineerApi = await fixture.App.ClientForAsync("engineer@demo.cn");
        var applied = await engineerApi.PostAsJsonAsync($"/api/challenges/{id}/applications",
            new { proposal = "先做失效分析。", plan = "八周完成。", quote = 100000, timelineDays = 56 });
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        var applicationId = (await applied.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        var expertId = await fixture.App.WithDbAsync(db => db.UserAccounts.Where(u => u.Email == "expert@demo.cn").Select(u => u.Id).FirstAsync());

        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var html = await company.GetPageAsync(url);
        Assert.Contains("周教授", html); // offered in the panel form
        html = await company.PostAndFollowAsync(url, $"{url}?handler=Panel", [("Form.Version", PageClient.VersionOn(html)), ("Form.ExpertIds", expertId.ToString())]);
        Assert.Contains("评审专家组已保存", html);
        html = await company.PostAndFollowAsync(url, $"{url}?handler=Close", [("Form.Version", PageClient.VersionOn(html))]);
        html = await company.PostAndFollowAsync(url, $"{url}?handler=StartEvaluation", [("Form.Version", PageClient.VersionOn(html))]);
        Assert.Contains("data-testid=\"challenge-status\">评审中", html);

        var expert = await PageClient.SignInAsync(fixture.App, "expert@demo.cn");
        var sheet = await expert.GetPageAsync(url);
        Assert.Contains("data-testid=\"score-form\"", sheet);
        Assert.Contains("技术方案可行性与先进性（权重 40%）", sheet);
        Assert.Contains("评审专家", sheet);

        var tooHigh = await expert.PostFormAsync(url, $"{url}?handler=Score",
            [("Form.ApplicationId", applicationId.ToString()), ("Form.Marks[solution]", "120"), ("Form.Marks[team]", "80"), ("Form.Marks[price]", "70"), ("Form.Marks[schedule]", "90")]);
        Assert.Equal(HttpStatusCode.OK, tooHigh.StatusCode);
        Assert.NotEqual("", PageClient.ErrorsOf(await tooHigh.Content.ReadAsStringAsync()));

        var scored = await expert.PostAndFollowAsync(url, $"{url}?handler=Score",
            [("Form.ApplicationId", applicationId.ToString()), ("Form.Marks[solution]", "90"), ("Form.Marks[team]", "80"), ("Form.Marks[price]", "70"), ("Form.Marks[schedule]", "90"), ("Form.ScoreComment", "方案扎实")]);
        Assert.Contains("评分已保存", scored);

        // 90×40% + 80×25% + 70×20% + 90×15% = 83.5
        var owner = await company.GetPageAsync(url);
        Assert.Contains("83.50", owner);
        Assert.Contains("周教授：83.50（方案扎实）", owner);
        Assert.Contains("data-testid=\"action-award\"", owner);
    }

    [Fact]
    public async Task The_board_and_a_listing_read_in_english_when_asked()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：英文界面");
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var board = await company.GetPageAsync("/Challenges?culture=en");
        Assert.Contains("lang=\"en\"", board);
        Assert.Contains("<h1>Challenge board</h1>", board);
        Assert.Contains(">Open</span>", board);
        var detail = await company.GetPageAsync($"/Challenges/Details/{id}?culture=en");
        Assert.Contains("What you can do", detail);
        Assert.Contains("Posting company", detail);
        Assert.Contains("¥120,000.00", detail);
        Assert.DoesNotContain("万元", detail);
    }

    [Fact]
    public async Task Questions_are_asked_and_answered_invitations_sent_and_a_listing_withdrawn_on_the_page()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：答疑与邀请");
        var url = $"/Challenges/Details/{id}";
        var engineer = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");
        var asked = await engineer.PostAndFollowAsync(url, $"{url}?handler=Ask", [("Form.Question", "能否提供失效样品？")]);
        Assert.Contains("能否提供失效样品？", asked);
        Assert.Contains("等待发榜企业答复", asked);

        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var owner = await company.GetPageAsync(url);
        var questionId = System.Text.RegularExpressions.Regex.Match(owner, "name=\"Form.QuestionId\" value=\"([0-9a-f-]+)\"").Groups[1].Value;
        await company.PostAndFollowAsync(url, $"{url}?handler=Answer", [("Form.QuestionId", questionId), ("Form.Answer", "可以，联系车间王工。")]);
        Assert.Contains("可以，联系车间王工。", await engineer.GetPageAsync(url));

        // Invite: search by name (a GET), tick, send.
        var other = (await Listings.OtherEngineersAsync(fixture.App, 1))[0];
        var search = await company.GetPageAsync($"{url}?find={Uri.EscapeDataString(other.Name)}");
        Assert.Contains($"value=\"{other.EngineerId}\"", search);
        var invited = await company.PostAndFollowAsync($"{url}?find={Uri.EscapeDataString(other.Name)}", $"{url}?handler=Invite",
            [("Form.Version", PageClient.VersionOn(search)), ("Form.EngineerIds", other.EngineerId.ToString())]);
        Assert.Contains("邀请已发出", invited);
        Assert.Matches("已邀请工程师</dt><dd>1</dd>", invited);

        var withdrawn = await company.PostAndFollowAsync(url, $"{url}?handler=Withdraw", [("Form.Version", PageClient.VersionOn(invited)), ("Form.WithdrawReason", "需求已由内部解决")]);
        Assert.Contains("data-testid=\"challenge-status\">已撤回", withdrawn);
        Assert.Contains("需求已由内部解决", withdrawn);
    }

    [Fact]
    public async Task A_race_is_decided_a_failed_verification_redelivered_and_the_center_verifies_on_the_page()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：赛马与重新交付", raceSlots: 2);
        var url = $"/Challenges/Details/{id}";
        var rival = (await Listings.OtherEngineersAsync(fixture.App, 2))[1];
        var first = await Listings.ApplyAsync(fixture.App, id, "engineer@demo.cn", 120_000m);
        var second = await Listings.ApplyAsync(fixture.App, id, rival.Email, 110_000m);

        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var html = await company.GetPageAsync(url);
        html = await company.PostAndFollowAsync(url, $"{url}?handler=Close", [("Form.Version", PageClient.VersionOn(html))]);
        html = await company.PostAndFollowAsync(url, $"{url}?handler=StartEvaluation", [("Form.Version", PageClient.VersionOn(html))]);
        foreach (var application in new[] { first, second })
        {
            html = await company.PostAndFollowAsync(url, $"{url}?handler=Award", [("Form.Version", PageClient.VersionOn(html)), ("Form.ApplicationId", application.ToString())]);
        }

        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "data-testid=\"award-row\""));

        // Milestones: a sum that is not the total is refused with the domain's sentence; two rows that add up are taken.
        var due = DateTime.UtcNow.AddHours(8).AddDays(40).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var wrong = await company.PostFormAsync(url, $"{url}?handler=Milestones",
            [("Form.Version", PageClient.VersionOn(html)), ("Form.Milestones[0].Title", "失效分析"), ("Form.Milestones[0].DueDate", due), ("Form.Milestones[0].Amount", "50000")]);
        Assert.Contains("合计", PageClient.ErrorsOf(await wrong.Content.ReadAsStringAsync()));
        html = await company.PostAndFollowAsync(url, $"{url}?handler=Milestones",
        [
            ("Form.Version", PageClient.VersionOn(html)), ("Form.Milestones[0].Title", "失效分析"), ("Form.Milestones[0].DueDate", due), ("Form.Milestones[0].Amount", "50000"),
            ("Form.Milestones[1].Title", "工艺验证"), ("Form.Milestones[1].DueDate", due), ("Form.Milestones[1].Amount", "70000"),
            ("Form.Milestones[2].Title", ""), ("Form.Milestones[2].DueDate", ""), ("Form.Milestones[2].Amount", ""),
        ]);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "data-testid=\"milestone-row\""));

        var engineer = await PageClient.SignInAsync(fixture.App, "engineer@demo.cn");
        await engineer.PostAndFollowAsync(url, $"{url}?handler=StartWork", []);
        html = await company.GetPageAsync(url);
        html = await company.PostAndFollowAsync(url, $"{url}?handler=DownSelect", [("Form.Version", PageClient.VersionOn(html)), ("Form.ApplicationId", first.ToString())]);
        Assert.Contains("赛马择优完成", html);
        Assert.Contains("赛马淘汰", html);

        var milestoneIds = System.Text.RegularExpressions.Regex.Matches(await engineer.GetPageAsync(url), "name=\"Form.MilestoneId\" value=\"([0-9a-f-]+)\"")
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(2, milestoneIds.Count);
        foreach (var milestone in milestoneIds)
        {
            await engineer.PostAndFollowAsync(url, $"{url}?handler=DeliverMilestone", [("Form.MilestoneId", milestone), ("Form.MilestoneNote", "已完成，见报告。")]);
            html = await company.GetPageAsync(url);
            html = await company.PostAndFollowAsync(url, $"{url}?handler=AcceptMilestone", [("Form.Version", PageClient.VersionOn(html)), ("Form.MilestoneId", milestone)]);
        }

        await engineer.PostAndFollowAsync(url, $"{url}?handler=Deliver", [("Form.DeliveryNote", "交付报告与工艺卡。")]);
        html = await company.GetPageAsync(url);
        html = await company.PostAndFollowAsync(url, $"{url}?handler=Verify",
            [("Form.Version", PageClient.VersionOn(html)), ("Form.VerifierName", "王工"), ("Form.Location", "一号车间"), ("Form.Passed", "false"), ("Form.Report", "气孔率 2%，未达标。")]);
        Assert.Contains("data-testid=\"challenge-status\">验题未通过", html);

        var redelivered = await engineer.PostAndFollowAsync(url, $"{url}?handler=Redeliver", [("Form.DeliveryNote", "调整排气后重新交付。")]);
        Assert.Contains("data-testid=\"challenge-status\">已交付待验题", redelivered);

        // The center verifies from its queue's link; the ledger shows everything released to the kept taker.
        var center = await PageClient.SignInAsync(fixture.App, "operator@demo.cn");
        Assert.Contains($"/Challenges/Details/{id}#verify", await center.GetPageAsync("/Challenges/Review"));
        html = await center.GetPageAsync(url);
        html = await center.PostAndFollowAsync(url, $"{url}?handler=Verify",
            [("Form.Version", PageClient.VersionOn(html)), ("Form.VerifierName", "陈运营"), ("Form.Location", "一号车间"), ("Form.Passed", "true"), ("Form.Report", "气孔率 0.4%，达标。")]);
        Assert.Contains("data-testid=\"challenge-status\">市场评价中", html);
        Assert.Contains("data-testid=\"ledger-released\">¥120,000.00", html);
    }

    [Fact]
    public async Task The_company_reopens_under_evaluation_and_the_center_cancels_on_the_page()
    {
        var id = await Listings.PublishedAsync(fixture.App, "页面测试：重新发榜与取消");
        var url = $"/Challenges/Details/{id}";
        await Listings.ApplyAsync(fixture.App, id, "engineer@demo.cn");
        var company = await PageClient.SignInAsync(fixture.App, "company@demo.cn");
        var html = await company.GetPageAsync(url);
        html = await company.PostAndFollowAsync(url, $"{url}?handler=Close", [("Form.Version", PageClient.VersionOn(html))]);
        html = await company.PostAndFollowAsync(url, $"{url}?handler=StartEvaluation", [("Form.Version", PageClient.VersionOn(html))]);

        var past = await company.PostFormAsync(url, $"{url}?handler=Reopen", [("Form.Version", PageClient.VersionOn(html)), ("Form.Deadline", "2020-01-01T10:00")]);
        Assert.Contains("揭榜截止时间", PageClient.ErrorsOf(await past.Content.ReadAsStringAsync()));
        var deadline = DateTime.UtcNow.AddHours(8).AddDays(9).ToString("yyyy-MM-dd'T'09:30", System.Globalization.CultureInfo.InvariantCulture);
        html = await company.PostAndFollowAsync(url, $"{url}?handler=Reopen", [("Form.Version", PageClient.VersionOn(html)), ("Form.Deadline", deadline)]);
        Assert.Contains("data-testid=\"challenge-status\">揭榜中", html);
        Assert.Contains($"data-testid=\"deadline\">{deadline.Replace('T', ' ')}", html);

        var center = await PageClient.SignInAsync(fixture.App, "operator@demo.cn");
        html = await center.GetPageAsync(url);
        html = await center.PostAndFollowAsync(url, $"{url}?handler=Cancel", [("Form.Version", PageClient.VersionOn(html)), ("Form.CancelReason", "企业申请终止")]);
        Assert.Contains("data-testid=\"challenge-status\">已取消", html);
        Assert.Contains("data-testid=\"no-actions\"", html);
    }
}
