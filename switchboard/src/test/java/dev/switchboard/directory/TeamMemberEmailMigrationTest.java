package dev.switchboard.directory;

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
 * Migration V1_50: team members who already shared an email (in any case) before Members refused it. Flyway ran it on
 * this database long before these rows exist, so the test drops its index, inserts members in the old shape as the
 * schema's owner (as the migration runs), runs the migration file itself again, checks what it did and rolls all of it
 * back: the oldest member keeps the address, each later one's is cleared with an audit entry keeping it, nobody else
 * changes, and the index then refuses a new twin.
 */
class TeamMemberEmailMigrationTest extends IntegrationTest {

    private static final String MIGRATION = "db/migration/directory/V1_50__team_member_email_unique.sql";

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource ownerDataSource;

    private UUID companyOf(String name) {
        return UUID.fromString(api().signUpNewCompany(name).get("/api/v1/me").json().get("company_id").asString());
    }

    private static UUID member(Connection c, UUID company, String name, String email, String createdAt) throws SQLException {
        var id = UUID.randomUUID();
        try (var insert = c.prepareStatement("""
                insert into team_members (company_id, id, name, email, created_at, updated_at) values (?, ?, ?, ?, ?, ?)
                """)) {
            insert.setObject(1, company);
            insert.setObject(2, id);
            insert.setString(3, name);
            insert.setString(4, email);
            insert.setTimestamp(5, Timestamp.from(Instant.parse(createdAt)));
            insert.setTimestamp(6, Timestamp.from(Instant.parse(createdAt)));
            insert.executeUpdate();
        }
        return id;
    }

    private static String email(Connection c, UUID id) throws SQLException {
        try (var q = c.prepareStatement("select email from team_members where id = ?")) {
            q.setObject(1, id);
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void membersWhoSharedAnEmailKeepItForTheOldestAndTheOthersLoseItWithAnAuditEntryThatKeepsIt() throws Exception {
        var company = companyOf("Email Twins Co");
        var other = companyOf("Email Elsewhere Co");
        var migration = new ClassPathResource(MIGRATION).getContentAsString(StandardCharsets.UTF_8);
        try (var c = ownerDataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("drop index team_members_email_key");
                var expected = new LinkedHashMap<UUID, String>();
                // Inserted newest first: the oldest keeps it by when it was made, not by the order rows are found in.
                var third = member(c, company, "Ann Third", "ann@Example.com", "2025-03-01T00:00:00Z");
                var second = member(c, company, "Ann Twin", "ANN@example.com", "2025-02-01T00:00:00Z");
                var oldest = member(c, company, "Ann Old", "ann@example.com", "2025-01-01T00:00:00Z");
                expected.put(oldest, "ann@example.com");
                expected.put(second, null);
                expected.put(third, null);
                expected.put(member(c, company, "Bob", "bob@example.com", "2025-01-02T00:00:00Z"), "bob@example.com");
                expected.put(member(c, company, "Cy", null, "2025-01-03T00:00:00Z"), null);
                expected.put(member(c, company, "Di", null, "2025-01-04T00:00:00Z"), null);
                // Another company's member with the same address is no twin.
                expected.put(member(c, other, "Ann Elsewhere", "ann@example.com", "2026-01-01T00:00:00Z"), "ann@example.com");

                st.execute(migration);

                for (var e : expected.entrySet()) {
                    assertThat(email(c, e.getKey())).as(e.getKey().toString()).isEqualTo(e.getValue());
                }
                var audited = new LinkedHashMap<String, String>();
                try (var rs = st.executeQuery("select entity_id, actor, action, before ->> 'name', before ->> 'email', "
                        + "after ? 'email' and after ->> 'email' is null from audit_log where company_id = '" + company
                        + "' and entity_type = 'team_member' order by entity_id")) {
                    while (rs.next()) {
                        assertThat(rs.getString(2)).isEqualTo("system");
                        assertThat(rs.getString(3)).isEqualTo("update (email cleared: an older team member has the same address)");
                        assertThat(rs.getBoolean(6)).as("after: the email cleared").isTrue();
                        audited.put(rs.getString(4), rs.getString(5));
                    }
                }
                assertThat(audited).as("one entry per cleared member, with the address it had")
                        .isEqualTo(Map.of("Ann Twin", "ANN@example.com", "Ann Third", "ann@Example.com"));

                // The index is back and refuses a twin in any case.
                assertThatThrownBy(() -> member(c, company, "Ann Again", "ANN@EXAMPLE.COM", "2026-02-01T00:00:00Z"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("team_members_email_key");
            } finally {
                c.rollback();
            }
        }
    }
}
