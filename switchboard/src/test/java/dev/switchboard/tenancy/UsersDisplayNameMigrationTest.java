package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.ClassPathResource;

/**
 * Migration V1_49 on the logins it was written for: logins made before a login had a name. Flyway ran it on this
 * database long before these rows exist, so the test takes its constraint off, inserts logins of the old shape as the
 * schema's owner (as the migration runs), runs the migration file itself again, checks what it did and rolls all of
 * it back: a login linked to a member takes the member's name (trimmed, at most 200 characters), any other its email's
 * local part, a login that had a name keeps it, and the constraint then refuses a login without one.
 */
class UsersDisplayNameMigrationTest extends IntegrationTest {

    private static final String MIGRATION = "db/migration/tenancy/V1_49__users_display_name.sql";

    private static final Instant MADE = Instant.parse("2026-03-01T10:00:00Z");

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource ownerDataSource;

    private UUID companyOf(String name) {
        return UUID.fromString(api().signUpNewCompany(name).get("/api/v1/me").json().get("company_id").asString());
    }

    private static UUID member(Connection c, UUID company, String name) throws SQLException {
        var id = UUID.randomUUID();
        try (var insert = c.prepareStatement("""
                insert into team_members (company_id, id, name, created_at, updated_at) values (?, ?, ?, ?, ?)""")) {
            insert.setObject(1, company);
            insert.setObject(2, id);
            insert.setString(3, name);
            insert.setTimestamp(4, Timestamp.from(MADE));
            insert.setTimestamp(5, Timestamp.from(MADE));
            insert.executeUpdate();
        }
        return id;
    }

    private static UUID login(Connection c, UUID company, UUID member, String email, String displayName) throws SQLException {
        var id = UUID.randomUUID();
        try (var insert = c.prepareStatement("""
                insert into users (company_id, id, email, password_hash, role, member_id, display_name, created_at, updated_at)
                values (?, ?, ?, 'x', 'AGENT', ?, ?, ?, ?)""")) {
            insert.setObject(1, company);
            insert.setObject(2, id);
            insert.setString(3, email);
            insert.setObject(4, member);
            insert.setString(5, displayName);
            insert.setTimestamp(6, Timestamp.from(MADE));
            insert.setTimestamp(7, Timestamp.from(MADE));
            insert.executeUpdate();
        }
        return id;
    }

    private static String name(Connection c, UUID login) throws SQLException {
        try (var q = c.prepareStatement("select display_name, updated_at > ? from users where id = ?")) {
            q.setTimestamp(1, Timestamp.from(MADE));
            q.setObject(2, login);
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1) + (rs.getBoolean(2) ? " (changed)" : "");
            }
        }
    }

    @Test
    void loginsWithoutANameTakeTheirMembersNameOrTheirEmailsLocalPartAndNamedOnesKeepTheirs() throws Exception {
        var company = companyOf("Nameless Logins Co");
        var other = companyOf("Nameless Elsewhere Co");
        var migration = new ClassPathResource(MIGRATION).getContentAsString(StandardCharsets.UTF_8);
        try (var c = ownerDataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("alter table users drop constraint users_display_name_check");
                st.execute("alter table users alter column display_name drop not null");
                var expected = new LinkedHashMap<UUID, String>();
                expected.put(login(c, company, member(c, company, "  Maria Lopez "), "maria.l@example.com", null), "Maria Lopez (changed)");
                expected.put(login(c, company, member(c, company, "Dana Ruiz"), "dana@example.com", "   "), "Dana Ruiz (changed)");
                expected.put(login(c, company, member(c, company, "Sam Okafor"), "sam@example.com", "Sam O."), "Sam O.");
                // A member whose name is blank gives none: the email's local part.
                expected.put(login(c, company, member(c, company, " "), "tech7@example.com", null), "tech7 (changed)");
                expected.put(login(c, company, null, "office.manager@example.com", ""), "office.manager (changed)");
                var longName = "A".repeat(250);
                expected.put(login(c, company, member(c, company, longName), "long@example.com", null), "A".repeat(200) + " (changed)");
                // A member of another company with a login of its own: its own name, never this company's.
                expected.put(login(c, other, member(c, other, "Ann Elsewhere"), "ann@example.com", null), "Ann Elsewhere (changed)");

                st.execute(migration);

                for (var e : expected.entrySet()) {
                    assertThat(name(c, e.getKey())).as(e.getKey().toString()).isEqualTo(e.getValue());
                }
                // The constraint is back and refuses a login without a name, or a blank one.
                assertThatThrownBy(() -> login(c, company, null, "blank@example.com", " "))
                        .isInstanceOf(SQLException.class).hasMessageContaining("users_display_name_check");
            } finally {
                c.rollback();
            }
        }
    }
}
