using Marketplace.Domain.Common;

namespace Marketplace.Domain.Accreditation;

/// <summary>
/// The rules a public notice (公示) puts on objections, shared by the center application and the mentoring studio: an
/// objection is taken from the notice's first day to its last, both included, and each is resolved once — upheld or
/// dismissed, with the province's reason. What an upheld objection does to the aggregate is the aggregate's own call.
/// </summary>
public static class NoticeObjections
{
    public static void EnsureOpen(DateOnly today, DateOnly noticeStart, DateOnly noticeEnd)
    {
        if (today < noticeStart)
        {
            throw new DomainConflictException("公示尚未开始", $"公示期自 {noticeStart:yyyy-MM-dd} 开始，届时方可提出异议。", "notice_not_started");
        }

        if (today > noticeEnd)
        {
            throw new DomainConflictException("公示期已结束", $"公示期已于 {noticeEnd:yyyy-MM-dd} 结束，不再受理异议。", "notice_ended");
        }
    }

    /// <summary>Marks one open objection resolved; returns whether any objection is still open afterwards.</summary>
    /// <param name="notFound">The detail when the objection is not one of these (names the kind of thing objected to).</param>
    public static bool Resolve(
        List<Objection> objections, Guid objectionId, bool upheld, string resolution, Guid? resolvedBy, DateTimeOffset now, string notFound)
    {
        ArgumentNullException.ThrowIfNull(objections);
        var index = objections.FindIndex(o => o.Id == objectionId);
        if (index < 0)
        {
            throw new DomainException("异议不存在", notFound, "objection_not_found");
        }

        if (objections[index].Status != ObjectionStatus.Open)
        {
            throw new DomainConflictException("异议已处理", "这条异议已经处理过。", "objection_resolved");
        }

        objections[index] = objections[index] with
        {
            Status = upheld ? ObjectionStatus.Upheld : ObjectionStatus.Dismissed,
            Resolution = resolution,
            ResolvedByUserId = resolvedBy,
            ResolvedAt = now,
        };
        return objections.Exists(o => o.Status == ObjectionStatus.Open);
    }
}
