using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Marketplace.Testing;

/// <summary>
/// A real, throwaway PostgreSQL for one test run: provisioned by the same scripts/pg.sh as the run command,
/// in a temp folder, on a free loopback port, with durability off for speed; stopped and deleted on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private PostgresServer(string directory, int port, string connectionString)
    {
        Directory = directory;
        Port = port;
        ConnectionString = connectionString;
    }

    public string Directory { get; }

    public int Port { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var parent = Path.Combine(Path.GetTempPath(), "marketplace-tests");
        System.IO.Directory.CreateDirectory(parent);
        var directory = Path.Combine(parent, "pg-" + Guid.NewGuid().ToString("N")[..10]);
        var port = FreePort();
        var output = await Script("up", directory, port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--fast");
        var connectionString = output.Trim().Split('\n').Last().Trim();
        return new PostgresServer(directory, port, connectionString + ";Include Error Detail=true");
    }

    public Task StopAsync() => Script("down", Directory);

    public Task RestartAsync() => Script("up", Directory, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--fast");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Script("down", Directory);
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
                File.Delete(Directory + ".password");
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; never fail a test run over it.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> Script(params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "scripts", "pg.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PG_PASSWORD"] = "marketplace-test";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/pg.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}
