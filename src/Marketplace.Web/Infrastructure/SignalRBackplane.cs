using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Marketplace.Web.Infrastructure;

public static class SignalRBackplane
{
    /// <summary>
    /// SignalR with the Redis backplane when SignalR:Redis is set, the in-process manager otherwise. The choice is made
    /// when the first hub is used, from the bound options, so configuration is read the same way everywhere.
    /// </summary>
    public static IServiceCollection AddPlatformSignalR(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddOptions<RedisOptions>().Configure<IOptions<SignalROptions>>((redis, platform) =>
        {
            if (!string.IsNullOrWhiteSpace(platform.Value.Redis))
            {
                redis.Configuration = ConfigurationOptions.Parse(platform.Value.Redis);
                redis.Configuration.ChannelPrefix = RedisChannel.Literal("marketplace");
            }
        });
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(ConfiguredHubLifetimeManager<>));
        return services;
    }
}

/// <summary>Delegates every call to the Redis or the in-process lifetime manager, chosen once from SignalR:Redis.</summary>
public sealed class ConfiguredHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable
    where THub : Hub
{
    private readonly HubLifetimeManager<THub> _inner;

    public ConfiguredHubLifetimeManager(IServiceProvider services, IOptions<SignalROptions> options)
    {
        _inner = string.IsNullOrWhiteSpace(options.Value.Redis)
            ? ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<THub>>(services)
            : ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(services);
    }

    public bool UsesRedis => _inner is RedisHubLifetimeManager<THub>;

    public override Task OnConnectedAsync(HubConnectionContext connection) => _inner.OnConnectedAsync(connection);

    public override Task OnDisconnectedAsync(HubConnectionContext connection) => _inner.OnDisconnectedAsync(connection);

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        _inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        _inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        _inner.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        _inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        _inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        _inner.SetConnectionResultAsync(connectionId, result);

    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
