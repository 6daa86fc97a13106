package dev.switchboard.tenancy;

import dev.switchboard.platform.TenantContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * The record of every configuration change: who, when, what, and the object before and after. Written
 * in the same transaction as the change, so there is never a change without its entry.
 */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    AuditLog(JdbcClient jdbc, ObjectMapper json, Clock clock, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** One entry, as seen in the audit log API. */
    public record Entry(long id, Instant at, UUID actorId, String actor, String entityType, String entityId,
            String action, tools.jackson.databind.JsonNode before, tools.jackson.databind.JsonNode after) {
    }

    /**
     * Records a change made by {@code actor}. {@code before} and {@code after} are stored as JSON; pass
     * null for a creation's before or a deletion's after. Never pass secrets.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Actor actor, String entityType, Object entityId, String action, Object before, Object after) {
        jdbc.sql("""
                insert into audit_log (company_id, at, actor_id, actor, entity_type, entity_id, action, before, after)
                values (:company, :at, :actorId, :actor, :type, :entityId, :action, cast(:before as jsonb), cast(:after as jsonb))
                """)
                .param("company", TenantContext.require().value())
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .param("actorId", actor.userId())
                .param("actor", actor.label())
                .param("type", entityType)
                .param("entityId", entityId == null ? null : entityId.toString())
                .param("action", action)
                .param("before", before == null ? null : json.writeValueAsString(before))
                .param("after", after == null ? null : json.writeValueAsString(after))
                .update();
        events.publishEvent(new ConfigurationChanged(TenantContext.require(), entityType));
    }

    private tools.jackson.databind.JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }

    /** Newest first; {@code beforeId} pages back (keyset). */
    @Transactional(readOnly = true)
    public List<Entry> list(String entityType, Long beforeId, int limit) {
        return jdbc.sql("""
                select id, at, actor_id, actor, entity_type, entity_id, action, before::text as before, after::text as after
                from audit_log
                where company_id = :company
                  and (cast(:type as text) is null or entity_type = :type)
                  and (cast(:beforeId as bigint) is null or id < :beforeId)
                order by id desc limit :limit
                """)
                .param("company", TenantContext.require().value())
                .param("type", entityType)
                .param("beforeId", beforeId)
                .param("limit", Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getObject("actor_id", UUID.class), rs.getString("actor"), rs.getString("entity_type"),
                        rs.getString("entity_id"), rs.getString("action"), tree(rs.getString("before")), tree(rs.getString("after"))))
                .list();
    }
}
