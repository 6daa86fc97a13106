package dev.switchboard.routing;

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
 * Migration V1_52: routing rules and IVR menus that already shared a name (trimmed, in any case) before the services
 * refused it. Flyway ran it on this database long before these rows exist, so the test drops its indexes, inserts rows
 * as the schema's owner (as the migration runs), runs the migration file itself again, checks what it did and rolls all
 * of it back: the oldest keeps the name, the later ones get " (2)", " (3)" in the order they were made (skipping a
 * number already taken), each with an audit entry keeping the old name, nobody else changes, and the indexes then refuse
 * a new twin.
 */
class RuleAndMenuNamesMigrationTest extends IntegrationTest {

    private static final String MIGRATION = "db/migration/routing/V1_52__rule_and_menu_names_unique.sql";

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource ownerDataSource;

    private UUID companyOf(String name) {
        return UUID.fromString(api().signUpNewCompany(name).get("/api/v1/me").json().get("company_id").asString());
    }

    private static int priority = 1000;

    private static UUID rule(Connection c, UUID company, String name, String createdAt) throws SQLException {
        var id = UUID.randomUUID();
        try (var insert = c.prepareStatement("""
                insert into call_routing_rules (company_id, id, name, type, priority, created_at, updated_at)
                values (?, ?, ?, 'SIMULTANEOUS', ?, ?, ?)
                """)) {
            insert.setObject(1, company);
            insert.setObject(2, id);
            insert.setString(3, name);
            insert.setInt(4, priority++);
            insert.setTimestamp(5, Timestamp.from(Instant.parse(createdAt)));
            insert.setTimestamp(6, Timestamp.from(Instant.parse(createdAt)));
            insert.executeUpdate();
        }
        return id;
    }

    private static UUID menu(Connection c, UUID company, String name, String createdAt) throws SQLException {
        var id = UUID.randomUUID();
        try (var insert = c.prepareStatement("insert into ivr_menus (company_id, id, name, created_at, updated_at) values (?, ?, ?, ?, ?)")) {
            insert.setObject(1, company);
            insert.setObject(2, id);
            insert.setString(3, name);
            insert.setTimestamp(4, Timestamp.from(Instant.parse(createdAt)));
            insert.setTimestamp(5, Timestamp.from(Instant.parse(createdAt)));
            insert.executeUpdate();
        }
        return id;
    }

    private static String name(Connection c, String table, UUID id) throws SQLException {
        try (var q = c.prepareStatement("select name from " + table + " where id = ?")) {
            q.setObject(1, id);
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void laterRulesAndMenusOfTheSameNameGetANumberInTheOrderTheyWereMadeWithAnAuditEntryKeepingTheOldName() throws Exception {
        var company = companyOf("Name Twins Co");
        var other = companyOf("Names Elsewhere Co");
        var migration = new ClassPathResource(MIGRATION).getContentAsString(StandardCharsets.UTF_8);
        try (var c = ownerDataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("drop index call_routing_rules_name_key");
                st.execute("drop index ivr_menus_name_key");
                var rules = new LinkedHashMap<UUID, String>();
                // Inserted newest first: the numbers follow when each was made, not the order rows are found in.
                var third = rule(c, company, "booking TEAM", "2025-03-01T00:00:00Z");
                var second = rule(c, company, " Booking team ", "2025-02-01T00:00:00Z");
                var oldest = rule(c, company, "Booking team", "2025-01-01T00:00:00Z");
                // A name that already looks like a renamed one is kept, and the number it has is skipped.
                var taken = rule(c, company, "Booking team (2)", "2025-01-05T00:00:00Z");
                rules.put(oldest, "Booking team");
                rules.put(taken, "Booking team (2)");
                rules.put(second, "Booking team (3)");
                rules.put(third, "booking TEAM (4)");
                rules.put(rule(c, company, "Sales", "2025-01-02T00:00:00Z"), "Sales");
                // Another company's rule of the same name is no twin.
                rules.put(rule(c, other, "Booking team", "2026-01-01T00:00:00Z"), "Booking team");
                var menus = new LinkedHashMap<UUID, String>();
                var laterMenu = menu(c, company, "MAIN", "2025-02-01T00:00:00Z");
                menus.put(menu(c, company, "Main", "2025-01-01T00:00:00Z"), "Main");
                menus.put(laterMenu, "MAIN (2)");
                // A menu may have a rule's name.
                menus.put(menu(c, company, "Sales", "2025-01-01T00:00:00Z"), "Sales");

                st.execute(migration);

                for (var e : rules.entrySet()) {
                    assertThat(name(c, "call_routing_rules", e.getKey())).as(e.getValue()).isEqualTo(e.getValue());
                }
                for (var e : menus.entrySet()) {
                    assertThat(name(c, "ivr_menus", e.getKey())).as(e.getValue()).isEqualTo(e.getValue());
                }
                var audited = new LinkedHashMap<String, String>();
                try (var rs = st.executeQuery("select entity_type, entity_id, actor, action, before ->> 'name', after ->> 'name' "
                        + "from audit_log where company_id = '" + company + "' and actor = 'system' and entity_type in ('routing_rule', 'ivr_menu') order by entity_id")) {
                    while (rs.next()) {
                        assertThat(rs.getString(4)).startsWith("update (renamed: an older ");
                        assertThat(rs.getString(6)).isEqualTo(rs.getString(1).equals("routing_rule")
                                ? rules.get(UUID.fromString(rs.getString(2))) : menus.get(UUID.fromString(rs.getString(2))));
                        audited.put(rs.getString(1) + " " + rs.getString(6), rs.getString(5));
                    }
                }
                assertThat(audited).as("one entry per renamed rule or menu, with the name it had").isEqualTo(Map.of(
                        "routing_rule Booking team (3)", " Booking team ", "routing_rule booking TEAM (4)", "booking TEAM",
                        "ivr_menu MAIN (2)", "MAIN"));

                // The indexes are back and refuse a twin, trimmed and in any case.
                assertThatThrownBy(() -> rule(c, company, " SALES", "2026-02-01T00:00:00Z"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("call_routing_rules_name_key");
            } finally {
                c.rollback();
            }
            // The menus' index as Flyway made it refuses a twin too.
            try {
                menu(c, company, "Main", "2025-01-01T00:00:00Z");
                assertThatThrownBy(() -> menu(c, company, "main ", "2025-01-02T00:00:00Z"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("ivr_menus_name_key");
            } finally {
                c.rollback();
            }
        }
    }
}
