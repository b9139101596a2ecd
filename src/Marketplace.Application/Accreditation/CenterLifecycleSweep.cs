using Marketplace.Application.Common;
using Marketplace.Domain.Accreditation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Marketplace.Application.Accreditation;

public sealed record CenterSweepResult(int Reminders, int Flagged, int Conflicts);

/// <summary>
/// The recognized centers' calendar, run by the background service: raises a stored notification to the center's
/// accounts and the provincial authority for every evaluation or annual report that comes due soon or goes overdue, and
/// flags a center with two consecutive years of reports missing (第十四条). Each center is its own transaction, and the
/// reminders raised are recorded on the center in it, so running twice raises nothing new; a center changed meanwhile
/// (its version moved) is left for the next run.
/// </summary>
public sealed record SweepCenterLifecycle : ICommand<CenterSweepResult>;

public sealed partial class SweepCenterLifecycleHandler(
    IMarketplaceDbContext db, CenterDesk desk, TimeProvider clock, ILogger<SweepCenterLifecycleHandler> logger)
    : ICommandHandler<SweepCenterLifecycle, CenterSweepResult>
{
    public async ValueTask<CenterSweepResult> Handle(SweepCenterLifecycle command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = AccreditationClock.Today(now);
        var options = desk.Options;
        var ids = await db.AccreditedCenters.AsNoTracking().Where(c => c.Stage != CenterStage.Revoked).Select(c => c.Id).ToListAsync(cancellationToken);

        int reminders = 0, flagged = 0, conflicts = 0;
        foreach (var id in ids)
        {
            db.DiscardChanges();
            var center = await db.AccreditedCenters.FirstAsync(c => c.Id == id, cancellationToken);
            var due = center.RemindersDue(today, options.Schedule, options.DueSoonDays);
            var flag = center.FlagIfReportsMissing(today, options.Schedule, now);
            if (due.Count == 0 && !flag)
            {
                continue;
            }

            foreach (var item in due)
            {
                var (title, body) = Message(item);
                await desk.NotifyAsync(center, null, toCenter: true, toProvince: true, $"accreditation.{(item.State == ObligationState.Overdue ? "overdue" : "due_soon")}",
                    title, $"协同创新中心（{center.DocumentNumber}）：{body}", now, cancellationToken);
                center.MarkReminded(item, now);
            }

            if (flag)
            {
                await desk.NotifyAsync(center, null, toCenter: true, toProvince: true, "accreditation.flagged", "连续两年未提交年度报告",
                    $"协同创新中心（{center.DocumentNumber}）{string.Join("、", center.FlaggedYears)}年度报告均未提交，依细则第十四条提请撤销认定。", now, cancellationToken);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                reminders += due.Count;
                flagged += flag ? 1 : 0;
            }
            catch (DbUpdateConcurrencyException)
            {
                conflicts++;
                LogConflict(logger, id);
            }
        }

        db.DiscardChanges();
        return new CenterSweepResult(reminders, flagged, conflicts);
    }

    private static (string Title, string Body) Message(CenterObligation item) => item.State == ObligationState.Overdue
        ? ($"{item.Label}已逾期", item.Kind == ObligationKind.Evaluation
            ? $"{item.Label}应于 {item.DueOn:yyyy-MM-dd} 进行，尚未完成。"
            : $"{item.Label}应于 {item.DueOn:yyyy-MM-dd} 前提交{(item.Filed ? "，已提交但尚未接收" : "，尚未提交")}。")
        : ($"{item.Label}即将到期", item.Kind == ObligationKind.Evaluation
            ? $"{item.Label}将于 {item.DueOn:yyyy-MM-dd} 到期。"
            : $"{item.Label}应于 {item.DueOn:yyyy-MM-dd} 前提交。");

    [LoggerMessage(Level = LogLevel.Information, Message = "Center {CenterId} changed during the lifecycle sweep; the next sweep retries it")]
    private static partial void LogConflict(ILogger logger, Guid centerId);
}
