using Marketplace.Domain.Live;
using Marketplace.Domain.Notifications;

namespace Marketplace.Infrastructure.DemoData;

public sealed partial class DemoDataGenerator
{
    private static readonly (string Topic, string Question, (bool FromCompany, string Text)[] Lines)[] ConsultationScripts =
    [
        ("液压挖掘机动臂下沉排查", "新出厂的 21 吨挖掘机静置 2 小时后动臂下沉约 40 mm，已更换主阀芯，问题依旧，想请教排查顺序。",
        [
            (true, "您好，附件是我们测的保压曲线，静置 2 小时后动臂下沉 40 mm 左右。"),
            (false, "看曲线是缓慢持续下降，不是突降。先确认一下：动臂油缸单独保压时下沉吗？"),
            (true, "单独把油缸两腔堵住也会下沉，大概 25 mm。"),
            (false, "那油缸内泄的可能性大，建议先拆检活塞密封；另外保持阀的先导口也请查一下是否有回油。"),
            (true, "好的，明天安排拆检，有结果再跟您说。"),
            (false, "拆检时注意看活塞杆有无拉伤，密封件型号拍照发我，我帮您核对。"),
        ]),
        ("伺服压机保压精度不足", "压装工位要求 ±0.5 kN，实际波动 ±2 kN，PLC 与伺服驱动器参数想请专家看一下。",
        [
            (true, "驱动器是速度模式，外环在 PLC 里做压力闭环。"),
            (false, "PLC 扫描周期多少？压力环放在 PLC 里一般跟不上，建议改为驱动器转矩模式加力传感器直接反馈。"),
            (true, "扫描周期 10 ms。改转矩模式需要重新标定吗？"),
            (false, "需要，按 5 个载荷点标定即可，我把步骤整理成文档发您。"),
        ]),
        ("焊接机器人轨迹偏移", "焊缝跟踪开启后，长焊缝末端偏移 1.5 mm，激光传感器已校准。",
        [
            (true, "偏移都出现在 1.2 米以后。"),
            (false, "大概率是工件热变形，可以试试分段焊接并在每段起点重新寻位。"),
        ]),
    ];

    private static readonly string[] RatingComments =
        ["思路清晰，很快定位了问题。", "解答专业，还给了后续改进建议。", "响应及时，方案可落地。", "讲解耐心，问题基本解决。"];

    /// <summary>
    /// 在线问诊 and 一对多撮合 for the demo accounts, written through the aggregates' own steps with past timestamps: the
    /// demo company has a live conversation with the demo engineer, an ended and rated one, a request waiting for the
    /// demo center to route it (its operator sees the model's short list) and a closed matching session with minutes;
    /// the demo engineer has an open invitation from the center's 对接会. The center's routed consultations over
    /// 2025–2026 are service outcomes on its records.
    /// </summary>
    private async Task SaveLiveAsync(DemoModel model, DemoDataOptions options, CancellationToken ct)
    {
        var rng = new Random(options.Seed ^ 0x11E5);
        var now = model.Now;
        var companyUser = model.Users.First(u => u.Email == "company@demo.cn");
        var operatorUser = model.Users.First(u => u.Email == "operator@demo.cn");
        var engineerUser = model.Users.First(u => u.Email == "engineer@demo.cn");
        var companyId = companyUser.OrganizationId!.Value;
        var centerId = operatorUser.OrganizationId!.Value;
        var company = model.Organizations.First(o => o.Id == companyId);
        var center = model.Organizations.First(o => o.Id == centerId);
        var demoEngineer = model.Engineers.First(e => e.UserId == engineerUser.Id);
        var others = model.Engineers.Where(e => e.UserId != engineerUser.Id && e.EmployerOrganizationId != companyId).ToList();
        var centerEngineers = others.Where(e => e.ClusterCodes.Intersect(center.ClusterCodes).Any()).ToList();
        if (centerEngineers.Count == 0)
        {
            centerEngineers = others;
        }

        var consultations = new List<Consultation>();
        var messages = new List<ConsultationMessage>();
        void Talk(Consultation c, Guid engineerUserId, (bool FromCompany, string Text)[] lines, DateTimeOffset from, bool readAll)
        {
            var at = from;
            foreach (var (fromCompany, text) in lines)
            {
                at = at.AddMinutes(rng.Next(1, 6));
                messages.Add(c.Post(fromCompany ? companyUser.Id : engineerUserId, text, null, at));
            }

            if (readAll)
            {
                c.MarkRead(companyUser.Id, c.LastSeq);
                c.MarkRead(engineerUserId, c.LastSeq);
            }
        }

        // The live one: accepted this morning, the last message from the engineer not yet read by the company.
        var live = ConsultationScripts[0];
        var active = Consultation.WithEngineer(companyId, companyUser.Id, demoEngineer.Id, engineerUser.Id, live.Topic, live.Question, 0m, now.AddHours(-3));
        active.Accept(engineerUser.Id, now.AddHours(-2.5));
        Talk(active, engineerUser.Id, live.Lines, now.AddHours(-2.5), readAll: false);
        consultations.Add(active);

        // Ended and rated, paid.
        var past = ConsultationScripts[1];
        var ended = Consultation.WithEngineer(companyId, companyUser.Id, demoEngineer.Id, engineerUser.Id, past.Topic, past.Question, 300m, now.AddDays(-20));
        ended.Accept(engineerUser.Id, now.AddDays(-20).AddMinutes(30));
        Talk(ended, engineerUser.Id, past.Lines, now.AddDays(-20).AddMinutes(30), readAll: true);
        ended.End(companyUser.Id, now.AddDays(-20).AddMinutes(75));
        ended.Rate(companyUser.Id, 5, RatingComments[0], now.AddDays(-20).AddMinutes(80));
        consultations.Add(ended);

        // Waiting for the demo center to route it.
        consultations.Add(Consultation.WithCenter(companyId, companyUser.Id, centerId, ConsultationScripts[2].Topic, ConsultationScripts[2].Question, 0m, now.AddHours(-1)));

        // The center's record: requests from companies routed to its cluster engineers, answered, ended, mostly rated.
        var requesters = model.ListingOwners.Take(6).ToList();
        var start = new DateTimeOffset(2025, 2, 10, 1, 0, 0, TimeSpan.Zero);
        var span = (now - start).TotalMinutes;
        for (var i = 0; i < 18; i++)
        {
            var owner = requesters[i % requesters.Count];
            var engineer = centerEngineers[rng.Next(centerEngineers.Count)];
            var script = ConsultationScripts[i % ConsultationScripts.Length];
            var opened = start.AddMinutes(span * i / 19 + rng.Next(0, 600));
            if (opened > now.AddDays(-2))
            {
                break;
            }

            var price = i % 3 == 0 ? 0m : 100m * rng.Next(1, 6);
            var c = Consultation.WithCenter(owner.Company.Id, owner.UserId, centerId, script.Topic, script.Question, price, opened);
            c.Route(centerId, operatorUser.Id, engineer.Id, engineer.UserId, opened.AddMinutes(rng.Next(5, 60)));
            var accepted = c.RoutedAt!.Value.AddMinutes(rng.Next(5, 120));
            c.Accept(engineer.UserId, accepted);
            var at = accepted;
            foreach (var (fromCompany, text) in script.Lines)
            {
                at = at.AddMinutes(rng.Next(2, 12));
                messages.Add(c.Post(fromCompany ? owner.UserId : engineer.UserId, text, null, at));
            }

            c.MarkRead(owner.UserId, c.LastSeq);
            c.MarkRead(engineer.UserId, c.LastSeq);
            c.End(i % 2 == 0 ? owner.UserId : engineer.UserId, at.AddMinutes(rng.Next(5, 40)));
            if (rng.NextDouble() < 0.8)
            {
                c.Rate(owner.UserId, rng.Next(3, 6), RatingComments[rng.Next(RatingComments.Length)], c.EndedAt!.Value.AddMinutes(10));
            }

            consultations.Add(c);
        }

        // A closed session of the demo company, with answers and what followed, and its minutes.
        var clusterCode = company.ClusterCodes[0];
        var sessionStart = now.AddDays(-6);
        var closed = MatchingSession.Start(companyId, companyUser.Id, false, null, null, "电液比例阀国产化替代评估",
            "现用进口电液比例阀交期 16 周，想评估国产替代方案并做台架验证，周期约一个月。", clusterCode, [], company.RegionCode, 30_000m, 30, 60, "demo", sessionStart);
        var invitedPool = others.Where(e => e.ClusterCodes.Contains(clusterCode)).Take(8).ToList();
        if (invitedPool.Count < 3)
        {
            invitedPool = others.Take(8).ToList();
        }

        var invitations = closed.Invite(invitedPool.Select((e, i) => new InvitedEngineer(e.Id, e.UserId, e.Name, i + 1, Math.Round(0.9 - (i * 0.05), 3),
            ["同一产业集群", i % 2 == 0 ? "近一年问诊评价 4.5 分以上" : "有同类揭榜经历"])).ToList()).ToList();
        var answers = new[] { InvitationAnswer.Interested, InvitationAnswer.Interested, InvitationAnswer.Question, InvitationAnswer.Declined, InvitationAnswer.Interested };
        for (var i = 0; i < Math.Min(answers.Length, invitations.Count); i++)
        {
            var note = answers[i] switch
            {
                InvitationAnswer.Question => "台架验证由贵司提供还是需要我们联系第三方实验室？",
                InvitationAnswer.Declined => "本月档期已满，抱歉。",
                _ => i == 0 ? "做过两个同类阀的替代验证，可以先远程沟通。" : null,
            };
            invitations[i].Respond(closed, invitations[i].EngineerUserId, answers[i], note, sessionStart.AddMinutes(5 + (i * 7)));
        }

        // What followed: the top interested engineer was asked into a consultation, the second invited to apply.
        var followUp = Consultation.WithEngineer(companyId, companyUser.Id, invitations[0].EngineerId, invitations[0].EngineerUserId,
            "电液比例阀国产化替代评估", "来自撮合会话：想先远程沟通替代方案和验证计划。", 0m, sessionStart.AddMinutes(40));
        followUp.Accept(invitations[0].EngineerUserId, sessionStart.AddMinutes(55));
        messages.Add(followUp.Post(companyUser.Id, "您好，先发您现用阀的型号和工况参数。", null, sessionStart.AddMinutes(60)));
        messages.Add(followUp.Post(invitations[0].EngineerUserId, "收到，我整理两家国产厂的对标表，明天发您。", null, sessionStart.AddMinutes(70)));
        followUp.End(companyUser.Id, sessionStart.AddMinutes(95));
        followUp.Rate(companyUser.Id, 5, RatingComments[1], sessionStart.AddMinutes(100));
        consultations.Add(followUp);
        invitations[0].RecordConsultation(followUp.Id);
        if (invitations.Count > 1)
        {
            invitations[1].RecordChallengeInvite(sessionStart.AddMinutes(45));
        }

        closed.Close(invitations, sessionStart.AddMinutes(60));

        // The center's 对接会, open now: one need, the demo engineer among the invited, answers due within a day.
        var matchingEvent = MatchingEvent.Host(operatorUser.Id, centerId, $"{center.Name}供需对接会", "面向集群企业的一对多技术需求对接。", now.AddHours(-2));
        var owner0 = requesters.Count > 0 ? requesters[0] : new ListingOwner(company, companyUser.Id);
        var open = MatchingSession.Start(owner0.Company.Id, operatorUser.Id, true, matchingEvent.Id, null, "数控机床主轴热漂移补偿",
            "加工中心连续运行 3 小时后 Z 向热漂移 25 μm，想做温度测点布置与补偿模型，需现场两天。", center.ClusterCodes.FirstOrDefault() ?? clusterCode, [],
            owner0.Company.RegionCode, 20_000m, 14, MatchingSession.MaxAnswerMinutes, "demo", now.AddMinutes(-30));
        var openPool = new[] { demoEngineer }.Concat(centerEngineers.Where(e => e.EmployerOrganizationId != owner0.Company.Id).Take(11)).ToList();
        var openInvitations = open.Invite(openPool.Select((e, i) => new InvitedEngineer(e.Id, e.UserId, e.Name, i + 1, Math.Round(0.88 - (i * 0.03), 3),
            ["同一产业集群", "可在需求周期内到岗"])).ToList()).ToList();
        var notifications = new List<Notification>();
        foreach (var invitation in openInvitations)
        {
            notifications.Add(Notification.Create(invitation.EngineerUserId, Application.Live.LivePushRules.SessionInvitedKind, "撮合邀请",
                $"有企业需求「{open.Title}」邀请你在 {open.AnswerDeadline.ToOffset(TimeSpan.FromHours(8)):MM-dd HH:mm} 前答复。", $"/Sessions/{open.Id}", null, open.StartedAt));
        }

        for (var i = 1; i < Math.Min(5, openInvitations.Count); i++)
        {
            openInvitations[i].Respond(open, openInvitations[i].EngineerUserId, i == 3 ? InvitationAnswer.Declined : InvitationAnswer.Interested,
                i == 3 ? "下周出差，无法到现场。" : null, now.AddMinutes(-25 + (i * 4)));
        }

        db.Consultations.AddRange(consultations);
        db.ConsultationMessages.AddRange(messages);
        db.MatchingEvents.Add(matchingEvent);
        db.MatchingSessions.AddRange(closed, open);
        db.SessionInvitations.AddRange(invitations);
        db.SessionInvitations.AddRange(openInvitations);
        db.Notifications.AddRange(notifications);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
