using Marketplace.Application.Live;
using Marketplace.Domain.Live;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.Live;

/// <summary>
/// <see cref="IConsultationLog"/> as one autocommitted PostgreSQL statement: the UPDATE takes the next number and the
/// sender's read mark under the row lock (and only while the consultation is active), the INSERT stores the message
/// with it. One round trip instead of load-tracked, save, commit — the chat's hot path (docs/benchmarks.md, fan-out).
/// </summary>
public sealed class SqlConsultationLog(MarketplaceDbContext db) : IConsultationLog
{
    public async Task<int?> AppendAsync(ConsultationMessage message, bool hasAttachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var active = nameof(ConsultationStatus.Active);
        var attachments = hasAttachment ? 1 : 0;
        var stored = await db.Database.SqlQuery<int>($"""
            WITH taken AS (
                UPDATE consultations
                   SET last_seq = last_seq + 1,
                       attachment_count = attachment_count + {attachments},
                       company_read_seq = CASE WHEN requested_by_user_id = {message.SenderUserId} THEN last_seq + 1 ELSE company_read_seq END,
                       engineer_read_seq = CASE WHEN engineer_user_id = {message.SenderUserId} THEN last_seq + 1 ELSE engineer_read_seq END
                 WHERE id = {message.ConsultationId} AND status = {active}
             RETURNING last_seq)
            INSERT INTO consultation_messages (id, consultation_id, seq, sender_user_id, text, attachment_id, sent_at)
            SELECT {message.Id}, {message.ConsultationId}, taken.last_seq, {message.SenderUserId}, {message.Text}, {message.AttachmentId}, {message.SentAt}
              FROM taken
            RETURNING seq AS "Value"
            """).ToListAsync(cancellationToken);
        return stored.Count == 0 ? null : stored[0];
    }
}
