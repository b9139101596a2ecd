using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.IntegrationTests;

[Collection(AppCollection.Name)]
public sealed class ServerErrorTests(AppFixture fixture)
{
    [Fact]
    public async Task Unhandled_exception_is_a_500_problem_with_a_trace_id_and_no_stack_trace()
    {
        using var failing = fixture.App.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ThrowingEndpoint>()));
        var response = await failing.CreateClient().GetAsync("/test-only/boom");
        var body = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Equal("服务器内部错误", body.GetProperty("title").GetString());
        Assert.DoesNotContain("secret detail", body.ToString());
    }

    /// <summary>Adds a route that fails the way a bug would.</summary>
    private sealed class ThrowingEndpoint : IStartupFilter
    {
        // Appended after the app's own pipeline, so the app's exception handler (registered first) is what answers.
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == "/test-only/boom"
                ? throw new InvalidOperationException("secret detail that must never reach the client")
                : Task.CompletedTask);
        };
    }
}
