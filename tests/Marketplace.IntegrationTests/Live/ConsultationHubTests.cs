using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Application.Live;
using Marketplace.Application.Notifications;
using Marketplace.Domain.Live;
using Marketplace.Testing;
using Marketplace.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.IntegrationTests.Live;

/// <summary>在线问诊 over real SignalR connections to Kestrel on 127.0.0.1.</summary>
[Collection(LiveCollection.Name)]
public sealed class ConsultationHubTests(LiveFixture fixture)
{
    private static readonly JsonSerializerOptions Json = ApiClientExtensions.Json;

    private Uri Address => fixture.App.KestrelAddress!;

    [Fact]
    public async Task Consultation_life_cycle_runs_live_from_request_to_rating()
    {
        var company = await fixture.App.AccountAsync("company@demo.cn");
        var engineer = await fixture.App.AccountAsync("engineer@demo.cn");
        var engineerId = await EngineerIdAsync(engineer.UserId);
        var authority = await fixture.App.AccountAsync("authority@demo.cn");

        await using var engineerHub = engineer.Hub(Address);
        var notifications = new ConcurrentQueue<NotificationDto>();
        var engineerMessages = new ConcurrentQueue<ConsultationMessageDto>();
        var typing = new ConcurrentQueue<TypingDto>();
        engineerHub.On<NotificationDto>("notification", notifications.Enqueue);
        engineerHub.On<ConsultationMessageDto>("message", engineerMessages.Enqueue);
        await engineerHub.StartAsync();

        await using var companyHub = company.Hub(Address);
        var companyMessages = new ConcurrentQueue<ConsultationMessageDto>();
        var changes = new ConcurrentQueue<ConsultationEventDto>();
        var reads = new ConcurrentQueue<ReadReceiptDto>();
        companyHub.On<ConsultationMessageDto>("message", companyMessages.Enqueue);
        companyHub.On<ConsultationEventDto>("consultation", changes.Enqueue);
        companyHub.On<ReadReceiptDto>("read", reads.Enqueue);
        companyHub.On<TypingDto>("typing", typing.Enqueue);
        await companyHub.StartAsync();

        // The request is stored with its notification, which reaches the engineer's open connection at once.
        var opened = await PostAsync<ConsultationDto>(company.Http, "/api/consultations",
            new { engineerId, topic = "液压系统异响排查", question = "挖掘机回转时主泵有周期性异响，想请教排查顺序。", price = 300m });
        Assert.Equal(ConsultationStatus.Requested, opened.Status);
        Assert.True(opened.IsPaid);
        await LiveClients.Eventually(() => notifications.Any(n => n.Kind == "consultation.requested" && n.Link == $"/Consultations/{opened.Id}"), "the engineer's live notification");

        // Before acceptance nobody can send.
        var early = await Assert.ThrowsAsync<HubException>(() => companyHub.InvokeAsync<ConsultationMessageDto>("SendMessage", opened.Id, "在吗？", null));
        Assert.Contains("接受问诊后", early.Message);

        await PostAsync<ConsultationDto>(engineer.Http, $"/api/consultations/{opened.Id}/accept", new { });
        await LiveClients.Eventually(() => changes.Any(c => c.ConsultationId == opened.Id && c.Status == ConsultationStatus.Active), "the company sees the acceptance");

        var companyJoin = await companyHub.InvokeAsync<JoinResult>("JoinConsultation", opened.Id, 0);
        var engineerJoin = await engineerHub.InvokeAsync<JoinResult>("JoinConsultation", opened.Id, 0);
        Assert.Empty(companyJoin.Messages);
        Assert.Equal(ConsultationStatus.Active, engineerJoin.Status);

        // Persisted before broadcast: the ack carries the number, and the other side gets the same message.
        const string script = "<script>alert('x')</script> 请先检查先导油压";
        var first = await companyHub.InvokeAsync<ConsultationMessageDto>("SendMessage", opened.Id, script, null);
        Assert.Equal(1, first.Seq);
        await LiveClients.Eventually(() => engineerMessages.Any(m => m.Seq == 1), "the engineer receives message 1");
        Assert.Equal(script, engineerMessages.Single(m => m.Seq == 1).Text);

        await engineerHub.InvokeAsync("Typing", opened.Id);
        await LiveClients.Eventually(() => typing.Any(t => t.ConsultationId == opened.Id && t.UserId == engineer.UserId.ToString()), "typing indication");

        await engineerHub.InvokeAsync<ReadReceiptDto>("MarkRead", opened.Id, 1);
        await LiveClients.Eventually(() => reads.Any(r => r.UserId == engineer.UserId && r.Seq == 1), "the read receipt");

        // An attachment goes over HTTP, checked by its bytes, then is referenced in a message.
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4 };
        var fake = await Upload(engineer.Http, opened.Id, "hack.png", "<html>not an image</html>"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, fake.StatusCode);
        var uploaded = await Upload(engineer.Http, opened.Id, "油压曲线.png", png);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachment = (await uploaded.Content.ReadFromJsonAsync<AttachmentDto>(Json))!;
        var withFile = await engineerHub.InvokeAsync<ConsultationMessageDto>("SendMessage", opened.Id, "见附件", attachment.Id);
        Assert.Equal(2, withFile.Seq);
        await LiveClients.Eventually(() => companyMessages.Any(m => m.Seq == 2 && m.AttachmentName == "油压曲线.png"), "the company receives the file message");
        var download = await company.Http.GetAsync($"/api/consultations/{opened.Id}/attachments/{attachment.Id}");
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());

        // Either side ends; the company rates; the record counts as a service outcome.
        await PostAsync<ConsultationDto>(engineer.Http, $"/api/consultations/{opened.Id}/end", new { });
        await LiveClients.Eventually(() => changes.Any(c => c.ConsultationId == opened.Id && c.Status == ConsultationStatus.Ended), "the company sees the end");
        await Assert.ThrowsAsync<HubException>(() => companyHub.InvokeAsync<ConsultationMessageDto>("SendMessage", opened.Id, "还有一个问题", null));
        var rated = await PostAsync<ConsultationDto>(company.Http, $"/api/consultations/{opened.Id}/rating", new { stars = 5, comment = "很专业" });
        Assert.Equal(5, rated.Rating);
        var again = await company.Http.PostAsJsonAsync($"/api/consultations/{opened.Id}/rating", new { stars = 1 });
        await ProblemAssertions.AssertProblemAsync(again, HttpStatusCode.Conflict);

        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        var outcomes = await authority.Http.GetFromJsonAsync<ConsultationOutcomes>($"/api/consultations/outcomes?year={year}", Json);
        var record = Assert.Single(outcomes!.Records, r => r.Id == opened.Id);
        Assert.Equal(2, record.Messages);
        Assert.Equal(1, record.Attachments);
        Assert.Equal(5, record.Rating);
        Assert.Equal(300m, record.Price);
        var counted = await fixture.App.WithDbAsync(db => db.Engineers.Where(e => e.Id == engineerId).Select(e => e.Consultations).SingleAsync());
        Assert.True(counted >= 1);
    }

    [Fact]
    public async Task A_center_routes_a_request_to_one_of_its_engineers_who_may_decline_it_back()
    {
        var company = await fixture.App.AccountAsync("company@demo.cn");
        var operatorAccount = await fixture.App.AccountAsync("operator@demo.cn");
        var (centerId, clusters) = await CenterOfAsync(operatorAccount);
        var engineers = await fixture.App.WithDbAsync(db => db.Engineers.AsNoTracking().Where(e => e.ClusterCodes.Any(c => clusters.Contains(c)) && e.Email != "engineer@demo.cn")
            .OrderBy(e => e.Name).Select(e => new { e.Id, e.UserId }).Take(2).ToListAsync());
        var outsider = await fixture.App.WithDbAsync(db => db.Engineers.AsNoTracking().Where(e => !e.ClusterCodes.Any(c => clusters.Contains(c))).Select(e => e.Id).FirstAsync());

        var opened = await PostAsync<ConsultationDto>(company.Http, "/api/consultations",
            new { centerOrganizationId = centerId, topic = "焊接工艺评定", question = "新材料的焊接工艺评定需要哪些试验？", price = 0m });
        Assert.Equal("待中心转派", opened.StatusName);
        Assert.False(opened.IsPaid);

        var wrongCluster = await operatorAccount.Http.PostAsJsonAsync($"/api/consultations/{opened.Id}/route", new { engineerId = outsider });
        await ProblemAssertions.AssertProblemAsync(wrongCluster, HttpStatusCode.BadRequest);

        await PostAsync<ConsultationDto>(operatorAccount.Http, $"/api/consultations/{opened.Id}/route", new { engineerId = engineers[0].Id });
        var first = (await fixture.App.AccountsAsync(u => u.Id == engineers[0].UserId)).Single();
        var declined = await PostAsync<ConsultationDto>(first.Http, $"/api/consultations/{opened.Id}/decline", new { reason = "本周在外地" });
        Assert.Equal("待中心转派", declined.StatusName);

        await PostAsync<ConsultationDto>(operatorAccount.Http, $"/api/consultations/{opened.Id}/route", new { engineerId = engineers[1].Id });
        var second = (await fixture.App.AccountsAsync(u => u.Id == engineers[1].UserId)).Single();
        var accepted = await PostAsync<ConsultationDto>(second.Http, $"/api/consultations/{opened.Id}/accept", new { });
        Assert.Equal(ConsultationStatus.Active, accepted.Status);
        Assert.Equal(engineers[1].Id, accepted.EngineerId);

        // The first engineer is no longer part of it.
        var gone = await first.Http.GetAsync($"/api/consultations/{opened.Id}");
        await ProblemAssertions.AssertProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_client_cut_off_mid_stream_resyncs_after_its_last_number_with_nothing_lost_or_twice()
    {
        var (consultationId, company, engineer) = await ActiveConsultationAsync("断线重连测试");
        await using var proxy = new TcpProxy(Address.Port);

        // The company's client goes through the proxy, reconnects by itself, and on reconnect asks for what it missed.
        var seen = new ConcurrentDictionary<int, int>();
        var lastSeq = 0;
        var resyncs = new ConcurrentQueue<IReadOnlyList<ConsultationMessageDto>>();
        void Keep(ConsultationMessageDto m)
        {
            seen.AddOrUpdate(m.Seq, 1, (_, n) => n + 1);
            InterlockedMax(ref lastSeq, m.Seq);
        }

        await using var companyHub = company.Hub(proxy.Address, b => b.WithAutomaticReconnect(new SteadyRetry()));
        companyHub.On<ConsultationMessageDto>("message", m =>
        {
            if (!seen.ContainsKey(m.Seq))
            {
                Keep(m);
            }
        });
        companyHub.Reconnected += async _ =>
        {
            var join = await companyHub.InvokeAsync<JoinResult>("JoinConsultation", consultationId, Volatile.Read(ref lastSeq));
            resyncs.Enqueue(join.Messages);
            foreach (var m in join.Messages.Where(m => !seen.ContainsKey(m.Seq)))
            {
                Keep(m);
            }
        };
        var reconnecting = new TaskCompletionSource();
        companyHub.Reconnecting += _ =>
        {
            reconnecting.TrySetResult();
            return Task.CompletedTask;
        };
        await companyHub.StartAsync();
        var initial = await companyHub.InvokeAsync<JoinResult>("JoinConsultation", consultationId, 0);
        Assert.Empty(initial.Messages);

        await using var engineerHub = engineer.Hub(Address);
        await engineerHub.StartAsync();
        await engineerHub.InvokeAsync<JoinResult>("JoinConsultation", consultationId, 0);
        for (var i = 1; i <= 8; i++)
        {
            await engineerHub.InvokeAsync<ConsultationMessageDto>("SendMessage", consultationId, $"第 {i} 条", null);
        }

        await LiveClients.Eventually(() => seen.Count == 8, "the first 8 messages live");

        // The network goes down mid-conversation; the engineer keeps writing while the company is away.
        proxy.Paused = true;
        proxy.Sever();
        await reconnecting.Task.WaitAsync(TimeSpan.FromSeconds(15));
        for (var i = 9; i <= 16; i++)
        {
            await engineerHub.InvokeAsync<ConsultationMessageDto>("SendMessage", consultationId, $"第 {i} 条", null);
        }

        Assert.Equal(8, seen.Count);
        proxy.Paused = false;
        await LiveClients.Eventually(() => !resyncs.IsEmpty, "the reconnect and its resync");
        for (var i = 17; i <= 20; i++)
        {
            await engineerHub.InvokeAsync<ConsultationMessageDto>("SendMessage", consultationId, $"第 {i} 条", null);
        }

        await LiveClients.Eventually(() => seen.Count == 20, "all 20 messages once back");
        Assert.Equal(Enumerable.Range(1, 20), seen.Keys.Order());
        Assert.All(seen.Values, n => Assert.Equal(1, n));
        // The resync started after the last number the client held: exactly what it missed, nothing it had.
        Assert.Equal(Enumerable.Range(9, 8), resyncs.First().Select(m => m.Seq));
    }

    [Fact]
    public async Task Only_participants_may_join_or_send_and_anonymous_connections_are_refused()
    {
        var (consultationId, _, _) = await ActiveConsultationAsync("越权测试");
        var outsider = await fixture.App.AccountAsync("expert@demo.cn");
        await using var hub = outsider.Hub(Address);
        await hub.StartAsync();

        var join = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JoinResult>("JoinConsultation", consultationId, 0));
        Assert.Contains("未找到问诊", join.Message);
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ConsultationMessageDto>("SendMessage", consultationId, "我来插一句", null));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Typing", consultationId));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ReadReceiptDto>("MarkRead", consultationId, 1));
        Assert.Equal(0, await LastSeqAsync(consultationId));

        // Without a token the negotiation itself is refused.
        var anonymous = new HubConnectionBuilder().WithUrl(new Uri(Address, "/hubs/live")).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await anonymous.DisposeAsync();
    }

    [Fact]
    public async Task Oversize_messages_and_floods_are_refused_and_change_nothing()
    {
        var (consultationId, company, _) = await ActiveConsultationAsync("限流测试");
        await using var hub = company.Hub(Address);
        await hub.StartAsync();
        await hub.InvokeAsync<JoinResult>("JoinConsultation", consultationId, 0);

        var tooLong = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ConsultationMessageDto>("SendMessage", consultationId, new string('长', ConsultationMessage.TextMaxLength + 1), null));
        Assert.Contains("2000", tooLong.Message);
        Assert.Equal(0, await LastSeqAsync(consultationId));

        // A flood: far more calls than the burst allows. Some are refused with the reason; the stored count is
        // exactly the accepted count, numbered without gaps.
        var calls = Enumerable.Range(1, LiveFixture.Burst * 3)
            .Select(i => hub.InvokeAsync<ConsultationMessageDto>("SendMessage", consultationId, $"刷屏 {i}", null))
            .ToList();
        var accepted = 0;
        var refused = 0;
        foreach (var call in calls)
        {
            try
            {
                await call;
                accepted++;
            }
            catch (HubException error) when (error.Message.Contains("操作过于频繁"))
            {
                refused++;
            }
        }

        Assert.True(refused > 0, "the flood was limited");
        Assert.Equal(accepted, await LastSeqAsync(consultationId));
        var seqs = await fixture.App.WithDbAsync(db => db.ConsultationMessages.Where(m => m.ConsultationId == consultationId).Select(m => m.Seq).OrderBy(s => s).ToListAsync());
        Assert.Equal(Enumerable.Range(1, accepted), seqs);

        // A frame past the transport limit closes that connection before any use case runs.
        await using var big = company.Hub(Address);
        var closed = new TaskCompletionSource<Exception?>();
        big.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await big.StartAsync();
        _ = big.SendAsync("SendMessage", consultationId, new string('x', 40_000), null);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(accepted, await LastSeqAsync(consultationId));
    }

    [Fact]
    public async Task A_message_sent_through_one_instance_reaches_a_client_on_the_other_through_redis()
    {
        var (consultationId, company, engineer) = await ActiveConsultationAsync("跨实例测试");
        await using var onOther = company.Hub(fixture.Other.KestrelAddress!);
        var received = new ConcurrentQueue<ConsultationMessageDto>();
        var notifications = new ConcurrentQueue<NotificationDto>();
        onOther.On<ConsultationMessageDto>("message", received.Enqueue);
        onOther.On<NotificationDto>("notification", notifications.Enqueue);
        await onOther.StartAsync();
        await onOther.InvokeAsync<JoinResult>("JoinConsultation", consultationId, 0);

        await using var onApp = engineer.Hub(Address);
        await onApp.StartAsync();
        var sent = await onApp.InvokeAsync<ConsultationMessageDto>("SendMessage", consultationId, "经 Redis 转发", null);
        await LiveClients.Eventually(() => received.Any(m => m.Seq == sent.Seq && m.Text == "经 Redis 转发"), "the message on the other instance");

        // Stored notifications raised on one instance reach the user's connection on the other as well.
        await PostAsync<ConsultationDto>(engineer.Http, $"/api/consultations/{consultationId}/end", new { });
        await LiveClients.Eventually(() => notifications.Any(n => n.Kind == "consultation.ended"), "the notification across instances");
    }

    [Fact]
    public async Task Messages_sent_at_once_from_both_sides_take_every_number_once_and_each_sender_has_read_its_own()
    {
        var (consultationId, company, engineer) = await ActiveConsultationAsync("并发发送测试");
        // Two connections per side, so the server really runs sends side by side (one connection's calls run in turn).
        var hubs = new[] { company.Hub(Address), company.Hub(Address), engineer.Hub(Address), engineer.Hub(Address) };
        try
        {
            foreach (var hub in hubs)
            {
                await hub.StartAsync();
                await hub.InvokeAsync<JoinResult>("JoinConsultation", consultationId, 0);
            }

            const int perConnection = 12; // under the per-connection burst, so no send is refused by the rate limit
            var acks = await Task.WhenAll(hubs.Select((hub, h) => Task.Run(async () =>
            {
                var mine = new List<ConsultationMessageDto>();
                for (var i = 0; i < perConnection; i++)
                {
                    mine.Add(await hub.InvokeAsync<ConsultationMessageDto>("SendMessage", consultationId, $"连接{h}-第{i}条", null));
                }

                return mine;
            })));

            var all = acks.SelectMany(a => a).ToList();
            var total = hubs.Length * perConnection;
            Assert.Equal(Enumerable.Range(1, total), all.Select(m => m.Seq).Order());
            var stored = await fixture.App.WithDbAsync(db => db.ConsultationMessages.AsNoTracking().Where(m => m.ConsultationId == consultationId)
                .OrderBy(m => m.Seq).Select(m => new { m.Seq, m.Text, m.SenderUserId }).ToListAsync());
            Assert.Equal(Enumerable.Range(1, total), stored.Select(m => m.Seq));
            // Each ack names the row it was stored as.
            foreach (var ack in all)
            {
                Assert.Equal(ack.Text, stored.Single(m => m.Seq == ack.Seq).Text);
            }

            var state = await fixture.App.WithDbAsync(db => db.Consultations.AsNoTracking().SingleAsync(c => c.Id == consultationId));
            Assert.Equal(total, state.LastSeq);
            Assert.Equal(stored.Where(m => m.SenderUserId == company.UserId).Max(m => m.Seq), state.CompanyReadSeq);
            Assert.Equal(stored.Where(m => m.SenderUserId == engineer.UserId).Max(m => m.Seq), state.EngineerReadSeq);

            // Within one connection the numbers rise in the order the messages were sent.
            foreach (var mine in acks)
            {
                Assert.Equal(mine.Select(m => m.Seq).Order(), mine.Select(m => m.Seq));
            }
        }
        finally
        {
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_center_operator_routes_from_the_models_short_list_of_its_own_cluster_engineers()
    {
        var company = await fixture.App.AccountAsync("company@demo.cn");
        var operatorAccount = await fixture.App.AccountAsync("operator@demo.cn");
        var (centerId, clusters) = await CenterOfAsync(operatorAccount);
        var opened = await PostAsync<ConsultationDto>(company.Http, "/api/consultations",
            new { centerOrganizationId = centerId, topic = "设备振动超标", question = "产线减速机振动速度 7 mm/s，想请中心推荐工程师诊断。", price = 0m });

        var candidates = await operatorAccount.Http.GetFromJsonAsync<List<RoutingCandidate>>($"/api/consultations/{opened.Id}/routing-candidates", Json);
        Assert.NotNull(candidates);
        Assert.NotEmpty(candidates);
        Assert.Equal(Enumerable.Range(1, candidates.Count), candidates.Select(c => c.Rank));
        var ids = candidates.Select(c => c.EngineerId).ToList();
        var theirClusters = await fixture.App.WithDbAsync(db => db.Engineers.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => e.ClusterCodes).ToListAsync());
        Assert.All(theirClusters, c => Assert.True(c.Intersect(clusters).Any(), "every candidate belongs to one of the center's clusters"));

        // The company asking is not the center: it gets a refusal, not the list.
        var refused = await company.Http.GetAsync($"/api/consultations/{opened.Id}/routing-candidates");
        await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Forbidden);

        // The first of the list is accepted by the routing step.
        var routed = await PostAsync<ConsultationDto>(operatorAccount.Http, $"/api/consultations/{opened.Id}/route", new { engineerId = candidates[0].EngineerId });
        Assert.Equal(candidates[0].EngineerId, routed.EngineerId);
    }

    private async Task<(Guid Id, LiveAccount Company, LiveAccount Engineer)> ActiveConsultationAsync(string topic)
    {
        var company = await fixture.App.AccountAsync("company@demo.cn");
        var engineer = await fixture.App.AccountAsync("engineer@demo.cn");
        var opened = await PostAsync<ConsultationDto>(company.Http, "/api/consultations",
            new { engineerId = await EngineerIdAsync(engineer.UserId), topic, question = "测试用问题。", price = 0m });
        await PostAsync<ConsultationDto>(engineer.Http, $"/api/consultations/{opened.Id}/accept", new { });
        return (opened.Id, company, engineer);
    }

    /// <summary>The operator's center organization and its industry clusters.</summary>
    private Task<(Guid Id, List<string> Clusters)> CenterOfAsync(LiveAccount operatorAccount) => fixture.App.WithDbAsync(async db =>
    {
        var org = await db.Users.Where(u => u.Id == operatorAccount.UserId).Select(u => u.OrganizationId).SingleAsync();
        var center = await db.Organizations.SingleAsync(o => o.Id == org);
        return (center.Id, center.ClusterCodes);
    });

    private Task<Guid> EngineerIdAsync(Guid userId) =>
        fixture.App.WithDbAsync(db => db.Engineers.Where(e => e.UserId == userId).Select(e => e.Id).SingleAsync());

    private Task<int> LastSeqAsync(Guid id) =>
        fixture.App.WithDbAsync(db => db.Consultations.Where(c => c.Id == id).Select(c => c.LastSeq).SingleAsync());

    private static async Task<T> PostAsync<T>(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    private static Task<HttpResponseMessage> Upload(HttpClient http, Guid id, string name, byte[] bytes)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        return http.PostAsync($"/api/consultations/{id}/attachments", form);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
