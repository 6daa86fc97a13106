package dev.switchboard.voicemail;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes heard messages older than their box's retention (30, 60, 90 or 365 days after they arrived, were
 * first heard or were last restored from the Deleted folder, whichever is latest), with their stored audio. A message nobody has listened to is never
 * deleted, however old: a caller's message is kept until someone hears it, and then for the retention. A box set to keep forever keeps everything; a box never
 * configured keeps {@code default-retention-days} (90), as its settings say. Messages in the Deleted folder keep their
 * own clock, whatever their box's retention: they are purged {@value VoicemailMessage#TRASH_DAYS} days after their
 * delete (a keep-forever box's too: deleting is asking for it to go), each with an audit entry and a log line, as a
 * person's "delete forever" is audited. Messages are locked with
 * {@code SKIP LOCKED} while deleted, so two nodes purging at once do not collide.
 */
@Service
class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final Voicemails voicemails;
    private final VoicemailProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AuditLog audit;

    Retention(JdbcClient jdbc, Voicemails voicemails, VoicemailProperties properties, TransactionTemplate tx, Clock clock,
            AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.voicemails = voicemails;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    /** Purges every company's expired (heard) messages and those long enough in the Deleted folder; returns how many. */
    int purge() {
        var now = clock.instant();
        var companies = tx.execute(s -> jdbc.sql("select voicemail_companies_with_expired(:now, :days, :trashDays)")
                .param("now", Timestamp.from(now)).param("days", properties.defaultRetentionDays())
                .param("trashDays", VoicemailMessage.TRASH_DAYS)
                .query((rs, n) -> new CompanyId(rs.getObject(1, UUID.class))).list());
        int deleted = 0;
        for (var company : companies == null ? java.util.List.<CompanyId>of() : companies) {
            try {
                deleted += TenantContext.callAs(company, () -> purgeCompany(now));
            } catch (RuntimeException e) {
                log.error("Voicemail retention failed for company {}", company, e);
            }
        }
        if (deleted > 0) {
            log.info("Deleted {} voicemail messages past their retention", deleted);
        }
        return deleted;
    }

    private int purgeCompany(java.time.Instant now) {
        int total = 0;
        while (true) {
            Integer n = tx.execute(s -> {
                var expired = jdbc.sql("""
                        select m.id from voicemail_messages m
                        left join voicemail_boxes b on b.company_id = m.company_id and b.member_id is not distinct from m.member_id
                        where m.company_id = :c and m.deleted_at is null and m.heard
                          and ((b.id is null and greatest(m.received_at, m.heard_at, m.restored_at) < :defaultCutoff)
                               or (b.retention_days is not null
                                   and greatest(m.received_at, m.heard_at, m.restored_at)
                                       < cast(:now as timestamptz) - make_interval(days => b.retention_days)))
                        limit :batch for update of m skip locked
                        """).param("c", TenantContext.require().value()).param("now", Timestamp.from(now))
                        .param("defaultCutoff", Timestamp.from(now.minus(java.time.Duration.ofDays(properties.defaultRetentionDays()))))
                        .param("batch", BATCH)
                        .query(UUID.class).list();
                for (var id : expired) {
                    voicemails.remove(voicemails.get(id));
                }
                var trashed = jdbc.sql("""
                        select id from voicemail_messages where company_id = :c and deleted_at < :trashCutoff
                        limit :batch for update skip locked
                        """).param("c", TenantContext.require().value())
                        .param("trashCutoff", Timestamp.from(now.minus(java.time.Duration.ofDays(VoicemailMessage.TRASH_DAYS))))
                        .param("batch", BATCH)
                        .query(UUID.class).list();
                var system = Actor.system(TenantContext.require());
                for (var id : trashed) {
                    var message = voicemails.get(id);
                    voicemails.remove(message);
                    audit.record(system, "voicemail_message", id, "purge", message, null);
                    log.info("Purged voicemail message {} of company {}: {} days in the Deleted folder since {} (deleted by {})", id,
                            TenantContext.require(), VoicemailMessage.TRASH_DAYS, message.deletedAt(), message.deletedBy());
                }
                return expired.size() + trashed.size();
            });
            total += n == null ? 0 : n;
            if (n == null || n < BATCH) {
                return total;
            }
        }
    }
}
