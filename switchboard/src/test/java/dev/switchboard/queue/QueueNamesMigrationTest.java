package dev.switchboard.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.ClassPathResource;

/**
 * Migration V1_53: queues that already shared a name trimmed and in any case, which V1_13's index on lower(name) let
 * through (" Support" beside "support"). Flyway ran it on this database long before these rows exist, so the test puts
 * V1_13's index back, inserts rows as the schema's owner (as the migration runs), runs the migration file itself again,
 * checks what it did and rolls all of it back: the oldest (by its "create" audit entry, else its last change) keeps the
 * name, the later ones get " (2)", " (3)" in that order (skipping a number already taken), each with an audit entry
 * keeping the old name, nobody else changes, and the index then refuses a new twin.
 */
class QueueNamesMigrationTest extends IntegrationTest {

    private static final String MIGRATION = "db/migration/queue/V1_53__queue_names_unique_trimmed.sql";

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource ownerDataSource;

    private UUID companyOf(String name) {
        return UUID.fromString(api().signUpNewCompany(name).get("/api/v1/me").json().get("company_id").asString());
    }

    /** A queue last changed at {@code updatedAt}, and created at {@code createdAt} by its audit entry (none when null). */
    private static UUID queue(Connection c, UUID company, String name, String updatedAt, String createdAt) throws SQLException {
        var id = UUID.randomUUID();
        try (var insert = c.prepareStatement("""
                insert into call_queues (company_id, id, name, strategy, ring_timeout_seconds, wrap_up_seconds, announce_position,
                  announce_interval_seconds, max_wait_seconds, max_callers, join_when_empty, leave_when_empty, max_missed_offers,
                  callback_enabled, vip_priority, rejoin_window_seconds, short_abandon_seconds, service_level_seconds, updated_at)
                values (?, ?, ?, 'RING_ALL', 20, 10, false, 60, 300, 10, true, false, 3, false, 0, 0, 5, 20, ?)
                """)) {
            insert.setObject(1, company);
            insert.setObject(2, id);
            insert.setString(3, name);
            insert.setTimestamp(4, Timestamp.from(Instant.parse(updatedAt)));
            insert.executeUpdate();
        }
        if (createdAt != null) {
            try (var audit = c.prepareStatement("""
                    insert into audit_log (company_id, at, actor, entity_type, entity_id, action)
                    values (?, ?, 'owner@test', 'call_queue', ?, 'create')
                    """)) {
                audit.setObject(1, company);
                audit.setTimestamp(2, Timestamp.from(Instant.parse(createdAt)));
                audit.setString(3, id.toString());
                audit.executeUpdate();
            }
        }
        return id;
    }

    private static String name(Connection c, UUID id) throws SQLException {
        try (var q = c.prepareStatement("select name from call_queues where id = ?")) {
            q.setObject(1, id);
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void laterQueuesOfTheSameTrimmedNameGetANumberInTheOrderTheyWereMadeWithAnAuditEntryKeepingTheOldName() throws Exception {
        var company = companyOf("Queue Twins Co");
        var other = companyOf("Queues Elsewhere Co");
        var migration = new ClassPathResource(MIGRATION).getContentAsString(StandardCharsets.UTF_8);
        try (var c = ownerDataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                // The index as V1_13 made it: trimmed twins pass it, as they did before V1_53.
                st.execute("drop index call_queues_name");
                st.execute("create unique index call_queues_name on call_queues (company_id, lower(name))");
                var queues = new LinkedHashMap<UUID, String>();
                // Inserted newest first, and the oldest changed last: the order is when each was made.
                var third = queue(c, company, "support ", "2025-01-01T00:00:00Z", "2025-03-01T00:00:00Z");
                var second = queue(c, company, " Support", "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z");
                var oldest = queue(c, company, "Support", "2026-06-01T00:00:00Z", "2025-01-01T00:00:00Z");
                // A name that already looks like a renamed one is kept, and the number it has is skipped.
                var taken = queue(c, company, "Support (2)", "2025-01-05T00:00:00Z", "2025-01-05T00:00:00Z");
                queues.put(oldest, "Support");
                queues.put(taken, "Support (2)");
                queues.put(second, "Support (3)");
                queues.put(third, "support (4)");
                // Without a "create" entry (made before the audit log had them), its last change tells its age.
                var unaudited = queue(c, company, "Sales ", "2025-06-01T00:00:00Z", null);
                queues.put(queue(c, company, "Sales", "2025-05-01T00:00:00Z", null), "Sales");
                queues.put(unaudited, "Sales (2)");
                queues.put(queue(c, company, "Billing", "2025-01-02T00:00:00Z", null), "Billing");
                // Another company's queue of the same name is no twin.
                queues.put(queue(c, other, " Support", "2026-01-01T00:00:00Z", null), " Support");

                st.execute(migration);

                for (var e : queues.entrySet()) {
                    assertThat(name(c, e.getKey())).as(e.getValue()).isEqualTo(e.getValue());
                }
                var audited = new LinkedHashMap<String, String>();
                try (var rs = st.executeQuery("select entity_id, action, before ->> 'name', after ->> 'name' from audit_log "
                        + "where company_id = '" + company + "' and actor = 'system' and entity_type = 'call_queue'")) {
                    while (rs.next()) {
                        assertThat(rs.getString(2)).isEqualTo("update (renamed: an older queue has the same name)");
                        assertThat(rs.getString(4)).isEqualTo(queues.get(UUID.fromString(rs.getString(1))));
                        audited.put(rs.getString(4), rs.getString(3));
                    }
                }
                assertThat(audited).as("one entry per renamed queue, with the name it had").isEqualTo(Map.of(
                        "Support (3)", " Support", "support (4)", "support ", "Sales (2)", "Sales "));

                // The index is back and refuses a twin, trimmed and in any case.
                assertThatThrownBy(() -> queue(c, company, " BILLING ", "2026-02-01T00:00:00Z", null))
                        .isInstanceOf(SQLException.class).hasMessageContaining("call_queues_name");
            } finally {
                c.rollback();
            }
            // The index as Flyway made it refuses a twin too.
            try {
                queue(c, company, "Main", "2025-01-01T00:00:00Z", null);
                assertThatThrownBy(() -> queue(c, company, "main ", "2025-01-02T00:00:00Z", null))
                        .isInstanceOf(SQLException.class).hasMessageContaining("call_queues_name");
            } finally {
                c.rollback();
            }
        }
    }
}
