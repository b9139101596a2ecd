using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Marketplace.Infrastructure.Persistence;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Testing;

/// <summary>A signed-in account for live tests: its bearer token, an HTTP client and hub connections on a Kestrel host.</summary>
public sealed record LiveAccount(Guid UserId, string Email, string Token, HttpClient Http)
{
    public HubConnection Hub(Uri baseAddress, Action<IHubConnectionBuilder>? configure = null)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/live"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(Token))
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        configure?.Invoke(builder);
        return builder.Build();
    }
}

public static class LiveClients
{
    /// <summary>
    /// Tokens made like <c>TokenService</c> makes them, with the test key — so tests and the fan-out bench can sign in
    /// many accounts without paying a password hash each.
    /// </summary>
    public static string MintToken(Guid userId, string email, IEnumerable<string> roles, Guid? organizationId, string signingKey, string issuer = "marketplace")
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, userId.ToString()),
            new(ClaimTypes.Name, email),
            new("display_name", email),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (organizationId is { } org)
        {
            claims.Add(new Claim("org", org.ToString()));
        }

        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256);
        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken(issuer, issuer, claims, now.AddDays(-1), now.AddDays(2), credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    public static async Task<LiveAccount> AccountAsync(this MarketplaceAppFactory factory, string email) =>
        (await factory.AccountsAsync(u => u.Email == email)).Single();

    /// <summary>Accounts matching the filter, each with a minted token and an HTTP client on the Kestrel address.</summary>
    public static async Task<IReadOnlyList<LiveAccount>> AccountsAsync(this MarketplaceAppFactory factory, System.Linq.Expressions.Expression<Func<Infrastructure.Identity.AppUser, bool>> filter)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var address = factory.KestrelAddress ?? throw new InvalidOperationException("StartKestrel first.");
        var users = await factory.WithDbAsync(async db =>
        {
            var found = await db.Users.AsNoTracking().Where(filter).Select(u => new { u.Id, u.Email, u.OrganizationId }).ToListAsync();
            var ids = found.Select(u => u.Id).ToList();
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name }).ToListAsync();
            return found.Select(u => (u.Id, Email: u.Email ?? "", u.OrganizationId, Roles: roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).ToList())).ToList();
        });
        return users.Select(u =>
        {
            var token = MintToken(u.Id, u.Email, u.Roles, u.OrganizationId, MarketplaceAppFactory.TestSigningKey);
            var http = new HttpClient { BaseAddress = address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return new LiveAccount(u.Id, u.Email, token, http);
        }).ToList();
    }

    /// <summary>Waits for a condition that a hub push will make true; fails the test with the description after the timeout.</summary>
    public static async Task Eventually(Func<bool> condition, string what, int seconds = 15)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>
/// A loopback TCP forwarder in front of the app, so a test can cut a client's connection for real (both sockets
/// closed mid-stream, as a dropped network does) and let it reconnect through the same address.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<System.Net.Sockets.TcpClient> _open = [];
    private readonly Lock _gate = new();

    public TcpProxy(int targetPort)
    {
        _target = targetPort;
        _listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)_listener.LocalEndpoint).Port}");
        _ = AcceptLoopAsync();
    }

    public Uri Address { get; }

    /// <summary>While paused, a new connection is closed as soon as it is accepted (the network is down).</summary>
    public bool Paused { get; set; }

    /// <summary>Closes every connection through the proxy now; new ones are accepted unless <see cref="Paused"/>.</summary>
    public void Sever()
    {
        lock (_gate)
        {
            foreach (var client in _open)
            {
                // A reset, not a polite close: the client must see the connection die, as on a dropped network.
                if (client.Client is { Connected: true } socket)
                {
                    socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
                }

                client.Dispose();
            }

            _open.Clear();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            System.Net.Sockets.TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                return;
            }

            if (Paused)
            {
                inbound.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
                inbound.Dispose();
                continue;
            }

            var outbound = new System.Net.Sockets.TcpClient();
            await outbound.ConnectAsync(System.Net.IPAddress.Loopback, _target);
            lock (_gate)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(System.Net.Sockets.TcpClient from, System.Net.Sockets.TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Sever();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Reconnects every 200 ms for as long as it takes (the tests decide when the network comes back).</summary>
public sealed class SteadyRetry : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(200);
}
