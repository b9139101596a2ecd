using Npgsql;

namespace Marketplace.IntegrationTests.Security;

/// <summary>
/// A fingerprint of every application table: its row count and the sum of its rows' xmin, so an insert, a delete or
/// an update anywhere changes it. Tables that the app writes on its own, off the request being judged, are left out:
/// ranking impressions and the search outbox (written and drained in the background), the data-protection keys.
/// </summary>
public sealed class DbFingerprint(string connectionString)
{
    private static readonly HashSet<string> Background = new(StringComparer.Ordinal)
    {
        "__ef_migrations_history", "data_protection_keys", "match_impressions", "outbox_messages", "search_outbox",
    };

    private string? _sql;

    public async Task<IReadOnlyDictionary<string, string>> TakeAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        _sql ??= await BuildAsync(connection);
        await using var command = new NpgsqlCommand(_sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    public static string Diff(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        string.Join(", ", before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k)));

    private static async Task<string> BuildAsync(NpgsqlConnection connection)
    {
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        return string.Join("\nunion all\n", tables.Where(t => !Background.Contains(t)).Select(t =>
            $"select '{t}', count(*)::text || ':' || coalesce(sum(xmin::text::bigint), 0)::text from \"{t}\""));
    }
}
