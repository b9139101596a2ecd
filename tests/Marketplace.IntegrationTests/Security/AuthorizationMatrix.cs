using System.Text.Json;

namespace Marketplace.IntegrationTests.Security;

/// <summary>
/// Who may call what: every API endpoint (method + route pattern, exactly as the app maps it) with the callers that
/// pass authorization. Everyone not named is refused: anonymous with 401, a signed-in account with 403 or 404
/// (404 where the use case hides the resource's existence). Route values are real demo resources of the demo
/// account of the owning role (<see cref="DemoResources"/>).
///
/// <para>Callers: <c>public</c> = everyone including anonymous; <c>signed</c> = every signed-in account; otherwise
/// the personas by name (<see cref="Persona"/>). <b>own</b>: the resource belongs to the named personas' organization
/// (or, for an engineer, to that person) — the same role of another organization (Other*) is refused unless named.
/// Without <b>own</b> an Other* persona is treated like its role (lists and role-wide steps).</para>
///
/// <para>Allowed callers send a <i>dummy</i> body (a JSON array where an object is expected) on JSON writes, so the
/// 400 they get proves only that authorization let them through and nothing is changed; bodiless writes run for real.
/// Refused callers send a <i>plausible</i> body, generated from the body type (<see cref="ApiRequests"/>) or given
/// here where the validator needs real codes, so that the refusal is authorization's and not the validator's.</para>
/// </summary>
public static class AuthorizationMatrix
{
    public sealed record Row(string Key, string Callers, bool Own, string Note, Func<DemoResources, object>? Body = null)
    {
        public string Method => Key.Split(' ', 2)[0];

        public string Pattern => Key.Split(' ', 2)[1].Trim();

        public bool Allows(Persona persona)
        {
            if (Callers == "public")
            {
                return true;
            }

            if (persona == Persona.Anonymous)
            {
                return false;
            }

            var named = Callers.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (Callers == "signed" || named.Contains(persona.ToString()))
            {
                return true;
            }

            // An Other* persona is allowed with its role unless the resource is its role's organization's own.
            var primary = PersonaInfo.Primary.FirstOrDefault(p => p.WrongOrg() == persona);
            return !Own && primary != Persona.Anonymous && named.Contains(primary.ToString());
        }

        public string? PlausibleBody(DemoResources demo) => Body is null ? null : JsonSerializer.Serialize(Body(demo), Marketplace.Testing.ApiClientExtensions.Json);
    }

    private const bool own = true;
    private const bool any = false;

    private static Row R(string key, string callers, bool owned, string note = "", Func<DemoResources, object>? body = null) => new(key, callers, owned, note, body);

    public static readonly IReadOnlyList<Row> Rows =
    [
        // ---- auth, reference, docs ------------------------------------------------------------------------------------
        R("POST   /api/auth/token", "public", any, "sign-in; wrong password is 401 by design, so allowed callers send the dummy body"),
        R("GET    /api/auth/me", "signed", any),
        R("GET    /api/reference", "public", any),
        R("GET    /api/docs/{documentName?}", "public", any, "Scalar API reference"),
        R("GET    /api/docs/favicon.svg", "public", any),
        R("GET    /api/docs/scalar.js", "public", any),
        R("GET    /api/docs/scalar.aspnetcore.js", "public", any),
        R("GET    /api/dashboard", "signed", any, "a dashboard per role"),
        R("GET    /api/talent-map", "signed", any, "scope full or aggregate by role"),
        R("POST   /api/organizations/", "Admin", any),
        R("GET    /api/organizations/{id:guid}", "signed", any, "organization cards are public to signed-in users"),
        R("GET    /api/notifications/", "signed", any, "own inbox"),
        R("POST   /api/notifications/read-all", "signed", any, "own inbox"),
        R("POST   /api/notifications/{id:guid}/read", "Company", own, "company@demo.cn's notification: anyone else 404"),

        // ---- engineers and credentials --------------------------------------------------------------------------------
        R("GET    /api/engineers/", "signed", any),
        R("GET    /api/engineers/search", "signed", any),
        R("GET    /api/engineers/{id:guid}", "signed", any, "contacts are masked per caller (ContactVisibilityTests)"),
        R("GET    /api/engineers/me", "Engineer", any),
        R("PUT    /api/engineers/me", "Engineer", any),
        R("GET    /api/engineers/me/credentials/", "Engineer", any),
        R("POST   /api/engineers/me/credentials/", "Engineer", any, "multipart, bearer only"),
        R("DELETE /api/engineers/me/credentials/{id:guid}", "Engineer", own, "another engineer's credential is 404"),
        R("GET    /api/engineers/{id:guid}/credentials/{credentialId:guid}/evidence", "Engineer Operator OtherOperator Admin", own,
            "the owner and platform staff (center operators, admin); the demo credential has no evidence file, so allowed callers see 404"),
        R("GET    /api/engineers/{id:guid}/recommended-challenges", "Engineer Operator OtherOperator Admin", own, "the engineer and platform staff"),
        R("GET    /api/credentials/", "Operator Admin", any, "the review queue: center operators and the admin"),
        R("POST   /api/credentials/{id:guid}/verify", "Operator Admin", any, "center operators and the admin"),
        R("POST   /api/credentials/{id:guid}/reject", "Operator Admin", any, "center operators and the admin"),

        // ---- challenges (揭榜挂帅) ---------------------------------------------------------------------------------------
        R("GET    /api/challenges/", "signed", any, "the list is filtered by visibility"),
        R("POST   /api/challenges/", "Company", any),
        R("GET    /api/challenges/criteria", "signed", any),
        R("GET    /api/challenges/experts", "Company Operator Admin", any, "for choosing a panel: the posting company and platform staff; an applying college's Operator is not staff"),
        R("GET    /api/challenges/{id:guid}", "signed", any, "a published listing"),
        R("PUT    /api/challenges/{id:guid}", "Company", own, "the owner edits",
            d => new { version = 1, listing = ChallengeBoard.Listing() }),
        R("GET    /api/challenges/{id:guid}/applications", "signed", any, "filtered per caller"),
        R("POST   /api/challenges/{id:guid}/applications", "Engineer", any, "any engineer may apply (the demo engineer already has: 409)"),
        R("POST   /api/challenges/{id:guid}/applications/{applicationId:guid}/abandon", "Company", own),
        R("POST   /api/challenges/{id:guid}/applications/{applicationId:guid}/award", "Company", own),
        R("POST   /api/challenges/{id:guid}/applications/{applicationId:guid}/confirm", "Engineer", own, "a team member confirms their share"),
        R("POST   /api/challenges/{id:guid}/applications/{applicationId:guid}/withdraw", "Engineer", own, "the lead engineer"),
        R("POST   /api/challenges/{id:guid}/applications/{applicationId:guid}/scores", "Company", own,
            "the owner or an expert on the listing's panel (expert@demo.cn is not on this one)",
            d => new { marks = d.CriteriaMarks, comment = "安全测试评分意见" }),
        R("GET    /api/challenges/{id:guid}/matches", "Company Operator OtherOperator Admin", own, "the owner and platform staff (any center's operator, the admin)"),
        R("POST   /api/challenges/{id:guid}/submit", "Company", own, "", d => new { version = 1 }),
        R("POST   /api/challenges/{id:guid}/withdraw", "Company", own, "", d => new { version = 1, reason = "需求有变，撤回修改。" }),
        R("PUT    /api/challenges/{id:guid}/milestones", "Company", own, "",
            d => new { milestones = new[] { new { title = "方案评审", dueDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), amount = 1000m } } }),
        R("POST   /api/challenges/{id:guid}/invitations", "Company", own, "", d => new { engineerIds = new[] { d["engineer"] } }),
        R("POST   /api/challenges/{id:guid}/panel", "Company", own),
        R("POST   /api/challenges/{id:guid}/close", "Company", own),
        R("POST   /api/challenges/{id:guid}/reopen", "Company", own),
        R("POST   /api/challenges/{id:guid}/start-evaluation", "Company", own),
        R("POST   /api/challenges/{id:guid}/down-select", "Company", own),
        R("POST   /api/challenges/{id:guid}/evaluations", "Company", own, "market evaluation by the owner"),
        R("POST   /api/challenges/{id:guid}/questions/{questionId:guid}/answer", "Company", own),
        R("POST   /api/challenges/{id:guid}/milestones/{milestoneId:guid}/review", "Company", own),
        R("POST   /api/challenges/{id:guid}/publish", "Operator Admin", any, "center review", d => new { version = 1 }),
        R("POST   /api/challenges/{id:guid}/request-changes", "Operator Admin", any, "center review", d => new { version = 1, reason = "请补充验收标准。" }),
        R("POST   /api/challenges/{id:guid}/support", "Operator Admin", any, "政府助题, entered by the center"),
        R("POST   /api/challenges/{id:guid}/verification", "Company Operator OtherOperator Admin", own, "车间验题: the owner or the center"),
        R("POST   /api/challenges/{id:guid}/settle", "Company Operator OtherOperator Admin", own, "the owner or any center (platform staff)"),
        R("POST   /api/challenges/{id:guid}/cancel", "Company Operator OtherOperator Admin", own, "the owner or any center (platform staff)"),
        R("POST   /api/challenges/{id:guid}/nda", "Engineer", any, "any engineer accepts the NDA"),
        R("POST   /api/challenges/{id:guid}/questions", "Engineer", any, "public Q&A: engineers ask"),
        R("POST   /api/challenges/{id:guid}/milestones/{milestoneId:guid}/deliver", "Engineer", own, "the awarded engineer"),
        R("POST   /api/challenges/{id:guid}/deliver", "", any, "the awarded engineer; the demo engineer is not awarded on this listing, so everyone is refused"),
        R("POST   /api/challenges/{id:guid}/redeliver", "", any, "as deliver"),
        R("POST   /api/challenges/{id:guid}/start-work", "", any, "as deliver"),
        R("GET    /api/me/applications", "Engineer", any),

        // ---- live: consultations, sessions, events --------------------------------------------------------------------
        R("GET    /api/consultations/", "signed", any, "own consultations"),
        R("POST   /api/consultations/", "Company", any),
        R("GET    /api/consultations/outcomes", "Operator Province City Admin Applicant", any, "operators count their center's; Applicant passes as an Operator account"),
        R("GET    /api/consultations/{id:guid}", "Company Engineer", own, "the two parties"),
        R("GET    /api/consultations/{id:guid}/messages", "Company Engineer", own),
        R("POST   /api/consultations/{id:guid}/messages", "Company Engineer", own),
        R("POST   /api/consultations/{id:guid}/read", "Company Engineer", own),
        R("POST   /api/consultations/{id:guid}/attachments", "Company Engineer", own, "multipart, bearer only"),
        R("GET    /api/consultations/{id:guid}/attachments/{attachmentId:guid}", "Company Engineer", own),
        R("POST   /api/consultations/{id:guid}/accept", "Engineer", own),
        R("POST   /api/consultations/{id:guid}/decline", "Engineer", own),
        R("POST   /api/consultations/{id:guid}/cancel", "Company", own),
        R("POST   /api/consultations/{id:guid}/end", "Company Engineer", own),
        R("POST   /api/consultations/{id:guid}/rating", "Company", own),
        R("GET    /api/consultations/{id:guid}/routing-candidates", "", any, "the routing center's operator; the demo consultation was asked of an engineer directly, so no center routes it"),
        R("POST   /api/consultations/{id:guid}/route", "", any, "as routing-candidates", d => new { engineerId = d["engineer"] }),
        R("GET    /api/matching-sessions/", "signed", any, "own sessions and invitations"),
        R("POST   /api/matching-sessions/", "Company Operator", any, "a company for itself, a center's operator on a company's behalf (not an applying college's Operator account)"),
        R("GET    /api/matching-sessions/{id:guid}", "Company", own, "the host (invited engineers read their own invitation)"),
        R("POST   /api/matching-sessions/{id:guid}/answer", "", any, "an invited engineer before the deadline; the demo session is closed and engineer@demo.cn not invited"),
        R("POST   /api/matching-sessions/{id:guid}/close", "Company", own, "the host"),
        R("POST   /api/matching-sessions/{id:guid}/invitations/{invitationId:guid}/consultation", "Company", own, "the host"),
        R("POST   /api/matching-sessions/{id:guid}/invitations/{invitationId:guid}/challenge-invite", "Company", own, "the host"),
        R("GET    /api/matching-events/", "signed", any),
        R("POST   /api/matching-events/", "Operator", any, "对接会 by a center's operator"),
        R("GET    /api/matching-events/{id:guid}", "Company Engineer Operator OtherOperator", own,
            "the host, operators, and the companies and engineers taking part"),

        // ---- accreditation (中心认定) -----------------------------------------------------------------------------------
        R("GET    /api/accreditation/rounds", "signed", any),
        R("POST   /api/accreditation/rounds", "Province", any, "the city bureau is refused by the use case",
            d => new { name = "安全测试批次", regionCode = "430000", applicationOpensAt = DateTimeOffset.UtcNow.AddDays(1), applicationClosesAt = DateTimeOffset.UtcNow.AddDays(40) }),
        R("GET    /api/accreditation/rounds/{id:guid}", "signed", any),
        R("POST   /api/accreditation/rounds/{id:guid}/close", "Province", any),
        R("GET    /api/accreditation/rounds/{id:guid}/applications", "Province City", any, "a city sees its region's"),
        R("POST   /api/accreditation/rounds/{id:guid}/applications", "Company Operator Applicant", any, "any company or operator organization may apply (the applicant already has: 409)"),
        R("GET    /api/accreditation/rounds/{id:guid}/ranking", "Province", any),
        R("POST   /api/accreditation/rounds/{id:guid}/selection", "Province", any, "", d => new { applicationIds = new[] { d["application.expert"] }, reason = "安全测试" }),
        R("POST   /api/accreditation/rounds/{id:guid}/notice", "Province", any),
        R("GET    /api/accreditation/applications/mine", "signed", any, "own organization's"),
        R("GET    /api/accreditation/applications/{id:guid}", "Applicant", own, "a draft: only its organization"),
        R("PUT    /api/accreditation/applications/{id:guid}", "Applicant", own),
        R("POST   /api/accreditation/applications/{id:guid}/submit", "Applicant", own),
        R("POST   /api/accreditation/applications/{id:guid}/self-assessment/from-outcomes", "Applicant", own, "prefills the draft's self-assessment from the applicant's records"),
        R("GET    /api/accreditation/applications/{id:guid}/files", "Applicant", own),
        R("POST   /api/accreditation/applications/{id:guid}/files", "Applicant", own, "multipart, bearer only"),
        R("GET    /api/accreditation/applications/{id:guid}/files/{fileId:guid}", "Applicant", own),
        R("POST   /api/accreditation/applications/{id:guid}/city-recommend", "City", own, "an application in expert review: the city of its region passes authorization (409 for the state)"),
        R("POST   /api/accreditation/applications/{id:guid}/city-return", "City", own, "as city-recommend", d => new { reason = "材料不全" }),
        R("POST   /api/accreditation/applications/{id:guid}/province-accept", "Province", any, "the city is refused"),
        R("POST   /api/accreditation/applications/{id:guid}/experts", "Province", any, "", d => new { expertUserIds = new[] { d["user.expert"] } }),
        R("POST   /api/accreditation/applications/{id:guid}/recognize", "Province", any),
        R("POST   /api/accreditation/applications/{id:guid}/objections/{objectionId:guid}/resolve", "Province", any),
        R("GET    /api/accreditation/assignments", "Expert", any, "own assignments"),
        R("GET    /api/accreditation/applications/{id:guid}/sheet", "Expert", own, "the assigned expert"),
        R("PUT    /api/accreditation/applications/{id:guid}/sheet", "Expert", own, "the assigned expert"),
        R("POST   /api/accreditation/applications/{id:guid}/sheet/submit", "Expert", own, "the assigned expert"),
        R("GET    /api/public/notices/{roundId:guid}", "public", any, "公示"),
        R("POST   /api/public/notices/{roundId:guid}/objections", "public", any, "anyone may object"),

        // ---- recognized centers ---------------------------------------------------------------------------------------
        R("GET    /api/accreditation/centers/", "signed", any, "filtered per caller"),
        R("GET    /api/accreditation/centers/dashboard", "Province City", any),
        R("GET    /api/accreditation/centers/{id:guid}", "Operator Province City", own, "the center's operator, the province, the city of its region"),
        R("POST   /api/accreditation/centers/{id:guid}/reports", "Operator", own, "the center files its annual report"),
        R("POST   /api/accreditation/centers/{id:guid}/reports/upload", "Operator", own, "multipart, bearer only"),
        R("GET    /api/accreditation/centers/{id:guid}/reports/{year:int}/file", "Operator Province City", own, "as the center; the demo has no report file, so allowed callers see 404"),
        R("POST   /api/accreditation/centers/{id:guid}/reports/{year:int}/received", "Province", any),
        R("POST   /api/accreditation/centers/{id:guid}/evaluations", "Province", any),
        R("GET    /api/outcomes/overview", "signed", any, "the centers the caller may see side by side (empty for most)"),
        R("GET    /api/outcomes/centers/{id:guid}", "Operator Province City", own, "as the center: its operator, the province, the city of its region"),
        R("GET    /api/outcomes/centers/{id:guid}/records/{key}", "Operator Province City", own, "a figure's records"),
        R("GET    /api/outcomes/centers/{id:guid}/charts/{chart}.png", "Operator Province City", own),
        R("GET    /api/outcomes/centers/{id:guid}/report.{format}", "Operator Province City", own, "the generated .docx (.xlsx alike)"),
        R("PUT    /api/outcomes/centers/{id:guid}/years/{year:int}", "Operator", own, "targets, narrative, self-assessment: the center's operator only"),
        R("POST   /api/outcomes/centers/{id:guid}/years/{year:int}/submit", "Operator", own, "files the generated report with the lifecycle"),
        R("GET    /api/outcomes/studios/{id:guid}", "Company Province OtherCity", own, "a recognized studio's year: its enterprise, the province, the bureau of its city; not its expert"),
        R("GET    /api/outcomes/studios/{id:guid}/records/{key}", "Company Province OtherCity", own, "a studio figure's records"),
        R("GET    /api/outcomes/studios/{id:guid}/charts/targets.png", "Company Province OtherCity", own),
        R("GET    /api/outcomes/studios/{id:guid}/report.xlsx", "Company Province OtherCity", own),
        R("GET    /api/outcomes/entries", "Company Operator Applicant", any, "the caller's own organization's entries"),
        R("POST   /api/outcomes/entries", "Company Operator Applicant", any, "multipart with evidence, bearer only; for the caller's own organization"),
        R("GET    /api/outcomes/entries/{id:guid}/evidence", "Operator Province City", own, "the owner's file; authorities who may see its center"),
        R("GET    /api/outcomes/entries/{id:guid}", "Operator", own, "one entry of the caller's own organization; other writers see 404, others 403"),
        R("PUT    /api/outcomes/entries/{id:guid}", "Operator", own, "multipart, bearer only; the owner is checked before the form is read"),
        R("DELETE /api/outcomes/entries/{id:guid}", "Operator", own, "needs ?version=, so the dummy request is a 400 and the demo entry stays"),
        R("POST   /api/outcomes/centers/{id:guid}/years/{year:int}/attach-to-evaluation", "Operator", own, "the center's operator sends its self-assessment with the pending evaluation"),
        R("POST   /api/accreditation/centers/{id:guid}/revoke", "Province", any),

        // ---- mentoring studios (带培工作室); the demo company's studio is in 株洲, whose bureau is OtherCity ------------
        R("GET    /api/studios/applications", "signed", any, "filtered per caller"),
        R("POST   /api/studios/applications", "Company Operator Applicant", any),
        R("GET    /api/studios/hosts", "Company Operator Applicant", any),
        R("GET    /api/studios/progress", "signed", any),
        R("GET    /api/studios/applications/{id:guid}", "Company Expert Province OtherCity", own, "the owner, its assigned expert, the province, the bureau of its city"),
        R("PUT    /api/studios/applications/{id:guid}", "Company", own),
        R("DELETE /api/studios/applications/{id:guid}", "Company", own),
        R("POST   /api/studios/applications/{id:guid}/submit", "Company", own),
        R("POST   /api/studios/applications/{id:guid}/files", "Company", own, "multipart, bearer only"),
        R("GET    /api/studios/applications/{id:guid}/files/{fileId:guid}", "Company Expert Province OtherCity", own),
        R("POST   /api/studios/applications/{id:guid}/fund/entries", "Company", own),
        R("POST   /api/studios/applications/{id:guid}/city-review", "OtherCity", own, "the bureau of the studio's city"),
        R("POST   /api/studios/applications/{id:guid}/experts", "Province", any, "", d => new { expertUserIds = new[] { d["user.expert"] } }),
        R("POST   /api/studios/applications/{id:guid}/opinion", "Expert", own, "the assigned expert"),
        R("POST   /api/studios/applications/{id:guid}/selection", "Province", any),
        R("POST   /api/studios/applications/{id:guid}/notice", "Province", any),
        R("POST   /api/studios/applications/{id:guid}/objections/{objectionId:guid}/resolve", "Province", any),
        R("POST   /api/studios/applications/{id:guid}/recognize", "Province", any),
        R("POST   /api/studios/applications/{id:guid}/re-evaluation", "Province", any),
        R("POST   /api/studios/applications/{id:guid}/revoke", "Province", any),
        R("GET    /api/public/studio-notices/{id:guid}", "public", any),
        R("POST   /api/public/studio-notices/{id:guid}/objections", "public", any),

        // ---- training (培训记录): the demo operator's center's records ------------------------------------------------
        R("GET    /api/training/kinds", "signed", any),
        R("GET    /api/training/events", "Company Operator Province City Applicant", any, "owners of training (centers, studio hosts) and authorities; anyone else 404"),
        R("POST   /api/training/events", "Company Operator Applicant", any, "recorded for the caller's own organization"),
        R("GET    /api/training/events/{id:guid}", "Operator Province City", own),
        R("PUT    /api/training/events/{id:guid}", "Operator", own, "authorities read only (403)"),
        R("DELETE /api/training/events/{id:guid}", "Operator", own),
        R("POST   /api/training/events/{id:guid}/trainees", "Operator", own),
        R("DELETE /api/training/events/{id:guid}/trainees/{traineeId:guid}", "Operator", own),
        R("POST   /api/training/events/{id:guid}/results", "Operator", own, "",
            d => new { results = new[] { new { traineeId = d["training.trainee"], result = "Passed" } } }),
        R("GET    /api/training/pairings", "Company Operator Province City Applicant", any),
        R("POST   /api/training/pairings", "Company Operator Applicant", any),
        R("GET    /api/training/pairings/{id:guid}", "Operator Province City", own),
        R("PUT    /api/training/pairings/{id:guid}", "Operator", own),
        R("DELETE /api/training/pairings/{id:guid}", "Operator", own),
        R("POST   /api/training/pairings/{id:guid}/complete", "Operator", own),
        R("POST   /api/training/pairings/{id:guid}/stop", "Operator", own),
        R("GET    /api/training/tally", "Company Operator Province City Applicant", any),
        R("GET    /api/training/tally/province", "Company Operator Province City Applicant", any),
    ];

    /// <summary>
    /// The hub's methods and who may call each on the demo resources (the consultation between company@demo.cn and
    /// engineer@demo.cn; the demo company's matching session). Every other connected account gets a HubException.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> HubRows = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["JoinConsultation"] = "Company Engineer",
        ["LeaveConsultation"] = "signed",      // only leaves a group; nothing to refuse
        ["SendMessage"] = "Company Engineer",
        ["Typing"] = "",                        // only after joining on this connection: refused for a fresh one
        ["MarkRead"] = "Company Engineer",
        ["WatchSession"] = "Company",
        ["AnswerInvitation"] = "",              // the demo session is closed: nobody may answer
    };
}
