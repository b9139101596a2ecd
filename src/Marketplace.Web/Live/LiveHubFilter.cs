using System.Security.Claims;
using FluentValidation;
using Marketplace.Application.Common;
using Marketplace.Domain.Common;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Live;

/// <summary>
/// Around every hub call: sets the caller for the use cases (the hub's scope has no request of its own), applies the
/// per-connection rate limit, and turns every refusal into a HubException with the same Chinese message the API
/// would give — never a stack trace, and the refused call has changed nothing (its transaction never committed).
/// </summary>
public sealed partial class LiveHubFilter(IOptions<LiveOptions> options, TimeProvider clock, ILogger<LiveHubFilter> logger) : IHubFilter
{
    private const string RateKey = "rate";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        invocationContext.ServiceProvider.GetRequiredService<HubCaller>().User = invocationContext.Context.User;
        if (invocationContext.Context.Items[RateKey] is TokenBucket bucket && !bucket.TryTake())
        {
            throw new HubException($"操作过于频繁：每个连接每秒最多 {options.Value.MessagesPerSecond} 次（可短时连发 {options.Value.MessageBurst} 次），请稍后再试。");
        }

        try
        {
            return await next(invocationContext);
        }
        catch (HubException)
        {
            throw;
        }
        catch (ValidationException validation)
        {
            throw new HubException(string.Join(" ", validation.Errors.Select(e => e.ErrorMessage).Distinct().Take(5)));
        }
        catch (DomainException domain)
        {
            throw new HubException(domain.Message);
        }
        catch (NotFoundException notFound)
        {
            throw new HubException(notFound.Message);
        }
        catch (ForbiddenException forbidden)
        {
            throw new HubException(forbidden.Message);
        }
        catch (Exception error) when (error is StaleVersionException or DbUpdateConcurrencyException)
        {
            throw new HubException("该记录已被他人修改，请刷新后重试。");
        }
        catch (Exception error) when (Infrastructure.ProblemExceptionHandler.DatabaseUnavailable(error))
        {
            // Nothing was stored; the client may send again once the database is back (its resync fills any gap).
            throw new HubException("数据库暂时无法访问，请稍后重试。");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogFailed(logger, error, invocationContext.HubMethodName);
            throw new HubException("服务器处理请求时出错，请稍后重试。");
        }
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.ServiceProvider.GetRequiredService<HubCaller>().User = context.Context.User;
        // Per-connection state lives in the connection's items, made once here before any call can run.
        context.Context.Items[RateKey] = new TokenBucket(options.Value.MessageBurst, options.Value.MessagesPerSecond, clock);
        context.Context.Items[LiveHub.JoinedKey] = new System.Collections.Concurrent.ConcurrentDictionary<Guid, byte>();
        return next(context);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    private static partial void LogFailed(ILogger logger, Exception error, string method);
}

/// <summary>The hub caller, for <see cref="Infrastructure.CurrentUser"/> inside a hub call's scope.</summary>
public sealed class HubCaller
{
    public ClaimsPrincipal? User { get; set; }
}

/// <summary>Per-connection limit: a burst, then a steady rate. One connection's calls run one at a time, but the lock keeps it right if that changes.</summary>
public sealed class TokenBucket(int burst, double perSecond, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private double _tokens = burst;
    private long _last = clock.GetTimestamp();

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + (clock.GetElapsedTime(_last, now).TotalSeconds * perSecond));
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}

/// <summary>Live:* — limits of the live channel.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>Hub calls one connection may make back to back.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int MessageBurst { get; set; } = 20;

    /// <summary>Hub calls per second one connection may keep up after the burst.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.1, 10_000)]
    public double MessagesPerSecond { get; set; } = 5;

    /// <summary>Largest hub message accepted (bytes); a bigger frame closes the connection before any use case runs.</summary>
    [System.ComponentModel.DataAnnotations.Range(1024, 1_048_576)]
    public int MaxMessageBytes { get; set; } = 16 * 1024;

    /// <summary>How often matching sessions past their answer deadline are closed and their minutes written.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int SessionSweepSeconds { get; set; } = 60;
}
