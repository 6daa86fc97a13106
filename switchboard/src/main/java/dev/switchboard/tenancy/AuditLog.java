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
    private final ConfigurationSignals signals;

    AuditLog(JdbcClient jdbc, ObjectMapper json, Clock clock, org.springframework.context.ApplicationEventPublisher events,
            ConfigurationSignals signals) {
        this.events = events;
        this.signals = signals;
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
        // The other nodes' copies of the configuration too, as this commits (this node's went with the event above).
        signals.sendOnCommit(TenantContext.require());
    }

    private tools.jackson.databind.JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }

    /**
     * Every kind of thing the log records ({@link Entry#entityType}), as {@link #record} is called with them: what the
     * API's filter takes (the Activity page's offers the same).
     */
    public static final List<String> ENTITY_TYPES = List.of("api_token", "business_hours", "call", "call_link", "call_queue",
            "company", "customer", "holiday", "ivr_menu", "job", "media", "phone_settings", "routing_rule", "schedule",
            "schedule_override", "team_availability", "team_member", "user", "voicemail_box", "voicemail_message");

    /** The most entries one page of the API's list holds (its {@code limit}). */
    public static final int MAX_PAGE = 500;

    /** Newest first; {@code beforeId} pages back (keyset). */
    @Transactional(readOnly = true)
    public List<Entry> list(String entityType, Long beforeId, int limit) {
        return list(new Filter(entityType, null, beforeId, limit));
    }

    /**
     * Whose entries a filter keeps: one user's ({@code userId}), or the system's (timers, sign-up seeding, a caller
     * changing a greeting by phone: no user), which {@link #SYSTEM} stands for.
     */
    public record By(UUID userId) {
        public static final By SYSTEM = new By(null);
    }

    /** Which entries to list: of one entity type, by one actor (null for any), older than {@code beforeId}. */
    public record Filter(String entityType, By by, Long beforeId, int limit) {
    }

    /** Newest first, as {@code filter} says; {@code beforeId} pages back (keyset). */
    @Transactional(readOnly = true)
    public List<Entry> list(Filter filter) {
        return jdbc.sql("""
                select id, at, actor_id, actor, entity_type, entity_id, action, before::text as before, after::text as after
                from audit_log
                where company_id = :company
                  and (cast(:type as text) is null or entity_type = :type)
                  and (not :byAnyone or (:bySystem and actor_id is null) or actor_id = cast(:actorId as uuid))
                  and (cast(:beforeId as bigint) is null or id < :beforeId)
                order by id desc limit :limit
                """)
                .param("company", TenantContext.require().value())
                .param("type", filter.entityType())
                .param("byAnyone", filter.by() != null)
                .param("bySystem", filter.by() != null && filter.by().userId() == null)
                .param("actorId", filter.by() == null ? null : filter.by().userId())
                .param("beforeId", filter.beforeId())
                .param("limit", Math.max(1, Math.min(filter.limit(), 500)))
                .query((rs, n) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getObject("actor_id", UUID.class), rs.getString("actor"), rs.getString("entity_type"),
                        rs.getString("entity_id"), rs.getString("action"), tree(rs.getString("before")), tree(rs.getString("after"))))
                .list();
    }

    /**
     * Someone who made at least one entry, named as people know them now: a user's display name, else their email; a
     * user since deleted by the email the entry kept; the system ({@code userId} null) as "system".
     */
    public record Author(UUID userId, String name) {
    }

    /** Everyone who made an entry of this company's log, the system first, then by name. */
    @Transactional(readOnly = true)
    public List<Author> authors() {
        return jdbc.sql("""
                select a.actor_id, coalesce(nullif(btrim(u.display_name), ''), u.email, a.actor) as name
                from (select distinct on (actor_id) actor_id, actor from audit_log
                      where company_id = :company order by actor_id, id desc) a
                left join users u on u.company_id = :company and u.id = a.actor_id
                order by a.actor_id is not null, lower(coalesce(nullif(btrim(u.display_name), ''), u.email, a.actor))
                """)
                .param("company", TenantContext.require().value())
                .query((rs, n) -> new Author(rs.getObject("actor_id", UUID.class), rs.getString("name")))
                .list();
    }
}
