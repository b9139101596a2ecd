using Npgsql;

namespace Marketplace.Bench;

/// <summary>
/// What a search costs without the index: every word as ILIKE '%word%' over name, bio, employer and skill names, the
/// same filters, the first page by rating, the total, and two facet counts (city, title) — fewer facets than the
/// engine computes (seven), which flatters the baseline.
/// </summary>
internal static class BaselineQuery
{
    public static async Task RunAsync(NpgsqlDataSource source, SearchQuery query)
    {
        var words = query.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var conditions = new List<string>();
        await using var command = source.CreateCommand();
        for (var i = 0; i < words.Length; i++)
        {
            conditions.Add(
                $"(e.name ilike @w{i} or e.bio ilike @w{i} or e.employer_name ilike @w{i} or exists (select 1 from engineer_skills s join skills k on k.code = s.skill_code where s.engineer_id = e.id and k.name ilike @w{i}))");
            command.Parameters.AddWithValue($"w{i}", "%" + words[i].Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%");
        }

        if (query.City is not null)
        {
            conditions.Add("e.city_code = @city");
            command.Parameters.AddWithValue("city", query.City);
        }

        if (query.AvailableNow)
        {
            conditions.Add("e.hours_per_month > 0 and (e.available_from is null or e.available_from <= current_date) and (e.available_until is null or e.available_until >= current_date)");
        }

        command.CommandText = $"""
            with hits as materialized (select e.id, e.city_code, e.title, e.rating_average from engineers e where {string.Join(" and ", conditions)})
            select (select count(*) from hits),
                   (select array_agg(id) from (select id from hits order by rating_average desc, id limit 20) p),
                   (select json_object_agg(city_code, n) from (select city_code, count(*) n from hits group by 1) c),
                   (select json_object_agg(title, n) from (select title, count(*) n from hits group by 1) t)
            """;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }
}
