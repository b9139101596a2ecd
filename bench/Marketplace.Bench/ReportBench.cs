using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Live;
using Marketplace.Domain.Outcomes;
using Marketplace.Domain.Training;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Bench;

/// <summary>
/// The annual-report benchmark (issue 8): gives the demo center (operator@demo.cn) at least --records records of this
/// year through the domain's own factories — listings its operator published, consultations routed through it and
/// ended, training attendance, entries with evidence — then times generating its report over HTTP, the .docx and the
/// .xlsx one after the other, --runs times after one warm-up. Prints "BENCH_RESULT {json}" with the records the
/// figures are computed from (counted in the database afterwards) and each run's seconds.
/// </summary>
internal static class ReportBench
{
    public static async Task<int> RunAsync(Options o)
    {
        var wanted = o.Int("records", 10_000);
        var runs = o.Int("runs", 7);
        var builder = new DbContextOptionsBuilder<MarketplaceDbContext>();
        Marketplace.Infrastructure.DependencyInjection.ConfigureDbContext(builder, o.Required("connection"));
        var now = DateTimeOffset.UtcNow;
        var chinaToday = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var year = chinaToday.Year;
        var yearStart = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
        var span = now - yearStart;
        var rng = new Random(20261204);
        DateTimeOffset InYear() => yearStart + TimeSpan.FromTicks((long)(rng.NextDouble() * span.Ticks * 0.98));

        Guid centerId, org, operatorUser, companyOrg, companyUser;
        List<(Guid Id, Guid UserId, string Name, ProfessionalTitle Title)> engineers;
        await using (var db = new MarketplaceDbContext(builder.Options))
        {
            var op = await db.Users.Where(u => u.Email == o.Get("email", "operator@demo.cn")).Select(u => new { u.Id, u.OrganizationId }).FirstAsync();
            (operatorUser, org) = (op.Id, op.OrganizationId!.Value);
            var company = await db.Users.Where(u => u.Email == "company@demo.cn").Select(u => new { u.Id, u.OrganizationId }).FirstAsync();
            (companyUser, companyOrg) = (company.Id, company.OrganizationId!.Value);
            centerId = await db.AccreditedCenters.Where(c => c.OrganizationId == org).Select(c => c.Id).FirstAsync();
            engineers = [.. (await db.Engineers.OrderBy(e => e.Name).Take(200).Select(e => new { e.Id, e.UserId, e.Name, e.Title }).ToListAsync())
                .Select(e => (e.Id, e.UserId, e.Name, e.Title))];
        }

        var before = await CountAsync(builder, org, operatorUser, year, yearStart);
        var missing = Math.Max(0, wanted - before);
        var stopwatch = Stopwatch.StartNew();

        // A mix like a busy center's year: 35 % consultations, 25 % listings, 25 % training attendance, 15 % entries.
        var consultations = missing * 35 / 100;
        var listings = missing * 25 / 100;
        var attendance = missing * 25 / 100;
        var entries = missing - consultations - listings - attendance;
        var kinds = new TrainingKindCatalog(AccreditationDataLoader.ReadFiles().StudioProgramme);
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();
        var operatorActor = new ChallengeActor(operatorUser, ChallengeParty.Operator);
        var ownerActor = new ChallengeActor(companyUser, ChallengeParty.Owner);
        const int Batch = 500;
        for (var done = 0; done < Math.Max(Math.Max(consultations, listings), Math.Max(attendance, entries)); done += Batch)
        {
            await using var db = new MarketplaceDbContext(builder.Options);
            for (var i = done; i < Math.Min(done + Batch, consultations); i++)
            {
                var e = engineers[i % engineers.Count];
                var accepted = InYear();
                var c = Consultation.WithCenter(companyOrg, companyUser, org, $"基准问诊 {i}", "焊缝气孔如何调整工艺参数？", 0m, accepted.AddMinutes(-30));
                c.Route(org, operatorUser, e.Id, e.UserId, accepted.AddMinutes(-10));
                c.Accept(e.UserId, accepted);
                c.End(e.UserId, accepted.AddMinutes(20 + rng.Next(100)));
                c.Rate(companyUser, 3 + rng.Next(3), null, accepted.AddHours(3));
                db.Consultations.Add(c);
            }

            for (var i = done; i < Math.Min(done + Batch, listings); i++)
            {
                var created = InYear();
                var listing = new ChallengeListing($"基准榜单 {i}", "主轴连续运行 4 小时后热伸长超过 20 微米，需要建立温度场模型并给出实时补偿方案。",
                    "construction-machinery", ["cm-welding-process"], "process-optimization", 50_000m + rng.Next(100) * 1_000m, created.AddDays(40), 90,
                    rng.Next(2) == 0 ? "430100" : "430200", false, IpArrangement.EngineerWithLicence, Confidentiality.Public, 1, 14);
                var challenge = Challenge.Create(Guid.NewGuid(), companyOrg, companyUser, listing, created);
                challenge.Submit(ownerActor, created.AddHours(1));
                challenge.Publish(operatorActor, created.AddHours(5));
                db.Challenges.Add(challenge);
            }

            var events = 0;
            for (var i = done; i < Math.Min(done + Batch, attendance); i += 50)
            {
                var start = DateOnly.FromDateTime(InYear().ToOffset(TimeSpan.FromHours(8)).DateTime);
                var trainees = Enumerable.Range(i, Math.Min(50, attendance - i))
                    .Select(t => engineers[t % engineers.Count]).DistinctBy(t => t.Id)
                    .Select(t => new TraineeInput(null, t.Id, t.Name, null, t.Title, 8m)).ToList();
                db.TrainingEvents.Add(TrainingEvent.Record(Guid.NewGuid(), org, TrainingProgramme.Center, "430100", kinds,
                    new TrainingEventDetails(kinds.Kinds[events++ % kinds.Kinds.Count].Code, $"基准培训 {i}", start, start, 8m, "长沙", null), trainees, operatorUser, now));
            }

            for (var i = done; i < Math.Min(done + Batch, entries); i++)
            {
                var kind = (OutcomeEntryKind)(1 + (i % 5));
                var subtype = OutcomeEntry.Subtypes[kind].Keys.ElementAt(i % OutcomeEntry.Subtypes[kind].Count);
                var fund = kind is OutcomeEntryKind.FundReceived or OutcomeEntryKind.FundSpent;
                var file = OutcomeEvidenceFile.Create(Guid.NewGuid(), org, EvidenceFile.Create($"证明{i}.pdf", pdf), now);
                db.OutcomeEvidenceFiles.Add(file);
                db.OutcomeEntries.Add(OutcomeEntry.Record(Guid.NewGuid(), org, kind, subtype, $"基准成果 {i}",
                    DateOnly.FromDateTime(InYear().ToOffset(TimeSpan.FromHours(8)).DateTime), fund ? 1_000m + i : null,
                    fund ? (i % 2 == 0 ? FundSource.Fiscal : FundSource.SelfRaised) : null, kind == OutcomeEntryKind.Equipment ? i % 30 : null,
                    null, file.Id, file.FileName, operatorUser, chinaToday, now));
            }

            await db.SaveChangesAsync();
        }

        var records = await CountAsync(builder, org, operatorUser, year, yearStart);
        var seedSeconds = stopwatch.Elapsed.TotalSeconds;

        using var client = new HttpClient { BaseAddress = new Uri(o.Required("url")), Timeout = TimeSpan.FromMinutes(5) };
        var token = await client.PostAsJsonAsync("/api/auth/token", new { email = o.Get("email", "operator@demo.cn"), password = o.Required("password") });
        token.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        async Task<(double Seconds, long Docx, long Xlsx)> GenerateAsync()
        {
            var timer = Stopwatch.StartNew();
            var docx = await client.GetByteArrayAsync($"/api/outcomes/centers/{centerId}/report.docx?year={year}");
            var xlsx = await client.GetByteArrayAsync($"/api/outcomes/centers/{centerId}/report.xlsx?year={year}");
            return (timer.Elapsed.TotalSeconds, docx.LongLength, xlsx.LongLength);
        }

        await GenerateAsync();
        var results = new List<(double Seconds, long Docx, long Xlsx)>();
        for (var run = 0; run < runs; run++)
        {
            results.Add(await GenerateAsync());
        }

        var seconds = results.Select(r => r.Seconds).Order().ToArray();
        Console.WriteLine("BENCH_RESULT " + JsonSerializer.Serialize(new
        {
            name = "report",
            records,
            recordsBefore = before,
            seedSeconds = Math.Round(seedSeconds, 1),
            runs = seconds.Select(s => Math.Round(s, 3)).ToArray(),
            median = Math.Round(seconds[seconds.Length / 2], 3),
            p95 = Math.Round(seconds[Math.Min(seconds.Length - 1, (int)Math.Ceiling(seconds.Length * 0.95) - 1)], 3),
            docxBytes = results[^1].Docx,
            xlsxBytes = results[^1].Xlsx,
        }));
        return 0;
    }

    /// <summary>The records of the year the center's figures are computed from, counted in the database (not by the calculator).</summary>
    private static async Task<int> CountAsync(DbContextOptionsBuilder<MarketplaceDbContext> builder, Guid org, Guid operatorUser, int year, DateTimeOffset from)
    {
        await using var db = new MarketplaceDbContext(builder.Options);
        var to = from.AddYears(1);
        var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var members = await db.Users.Where(u => u.OrganizationId == org).Select(u => u.Id).ToListAsync();
        var listings = await db.Challenges.CountAsync(c => c.Audit.Any(a => a.ActorUserId != null && members.Contains(a.ActorUserId.Value)) && c.CreatedAt >= from && c.CreatedAt < to);
        var consultations = await db.Consultations.CountAsync(c => c.CenterOrganizationId == org && c.Status == ConsultationStatus.Ended && c.EndedAt >= from && c.EndedAt < to);
        var attendance = await db.TrainingEvents.Where(e => e.OwnerOrganizationId == org && e.Programme == TrainingProgramme.Center && e.StartDate >= first && e.StartDate <= last)
            .SumAsync(e => e.Trainees.Count);
        var entries = await db.OutcomeEntries.CountAsync(e => e.OwnerOrganizationId == org && e.OccurredOn >= first && e.OccurredOn <= last);
        return listings + consultations + attendance + entries;
    }
}
