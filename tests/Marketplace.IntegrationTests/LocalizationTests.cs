using System.Text.RegularExpressions;
using Marketplace.Testing;

namespace Marketplace.IntegrationTests;

/// <summary>The pages are Chinese by default and switch to English when the request asks for it (resources per culture).</summary>
[Collection(AppCollection.Name)]
public sealed partial class LocalizationTests(AppFixture fixture)
{
    [Fact]
    public async Task Signed_in_dashboard_is_chinese_by_default_and_english_when_the_browser_asks_for_it()
    {
        var chinese = await (await fixture.App.ClientForAsync("company@demo.cn")).GetStringAsync("/Dashboard");
        Assert.Contains("lang=\"zh-CN\"", chinese);
        Assert.Contains("企业工作台", chinese);
        Assert.Contains("按产业集群", chinese);
        Assert.Contains("查看开放接口文档", chinese);

        var client = await fixture.App.ClientForAsync("company@demo.cn");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var english = await client.GetStringAsync("/Dashboard");
        Assert.Contains("lang=\"en\"", english);
        Assert.Contains("Company dashboard", english);
        Assert.Contains("By industrial cluster", english);
        Assert.Contains("Read the open API documentation", english);
        Assert.DoesNotContain("企业工作台", english);
        Assert.DoesNotContain("按产业集群", english);
    }

    [Fact]
    public async Task Culture_query_string_switches_the_engineer_search_to_english()
    {
        var client = await fixture.App.ClientForAsync("company@demo.cn");
        var english = await client.GetStringAsync("/Engineers?culture=en");
        Assert.Contains("<h1>Find engineers</h1>", english);
        Assert.Contains("Engineers found:", english);

        var chinese = await client.GetStringAsync("/Engineers");
        Assert.Contains("<h1>找工程师</h1>", chinese);
        Assert.Contains("位工程师", chinese);
    }

    [Fact]
    public async Task Sign_in_form_validation_messages_follow_the_culture()
    {
        Assert.Contains("请输入邮箱。", await PostEmptySignInAsync(null));
        var english = await PostEmptySignInAsync("en");
        Assert.Contains("Enter your e-mail.", english);
        Assert.DoesNotContain("请输入邮箱。", english);
    }

    private async Task<string> PostEmptySignInAsync(string? language)
    {
        var client = fixture.App.CreateClient();
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }

        var token = AntiforgeryField().Match(await client.GetStringAsync("/Account/Login")).Groups[1].Value;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "",
            ["Input.Password"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
