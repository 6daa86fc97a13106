package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.ClassPathResource;

/**
 * Two schedules of one company cannot share a name (trimmed, in any case), nor take the business hours' name: the list of
 * schedules a business-hours rule follows could not tell them apart. They were saved (found by a review of bad inputs).
 * And migration V1_56 for the names given before: the business hours keep theirs, then the oldest; later ones get " (2)",
 * " (3)" with an audit entry keeping the old name (run again on this database as the schema's owner, then rolled back).
 */
class ScheduleNamesTest extends IntegrationTest {

    private static final String MIGRATION = "db/migration/schedule/V1_56__schedule_names_unique.sql";

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource ownerDataSource;

    @Test
    void aScheduleNamedAsAnotherOrAsTheBusinessHoursIsRefusedAndNothingIsSaved() {
        var owner = api().signUpNewCompany("Schedule Twins Co");
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "MONDAY", "start", "08:00", "end", "17:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        var shop = owner.post("/api/v1/schedules", Map.of("name", "Shop", "ranges", List.of()));
        assertThat(shop.status()).as(shop.body()).isEqualTo(201);
        for (var twin : List.of("Shop", " shop ", "business HOURS")) {
            var refused = owner.post("/api/v1/schedules", Map.of("name", twin, "ranges", List.of()));
            assertThat(refused.status()).as(twin).isEqualTo(409);
            assertThat(refused.errorField()).isEqualTo("name");
            assertThat(refused.json().get("detail").asString()).as(refused.body()).contains("already has this name; choose another");
        }
        var yard = owner.post("/api/v1/schedules", Map.of("name", "Yard", "ranges", List.of())).json().get("id").asString();
        var renamed = owner.put("/api/v1/schedules/" + yard, Map.of("name", "SHOP", "ranges", List.of()));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(409);
        // Its own name, in another case, is no twin.
        assertThat(owner.put("/api/v1/schedules/" + yard, Map.of("name", "YARD", "ranges", List.of())).status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/schedules").json().findValuesAsString("name")).containsExactlyInAnyOrder("Business hours", "Shop", "YARD");
    }

    @Test
    void theBusinessHoursFirstSetAfterASchedulesTookTheirNameTakeTheNextFreeOne() {
        var owner = api().signUpNewCompany("Hours Named Late Co");
        assertThat(owner.post("/api/v1/schedules", Map.of("name", "Business hours", "ranges", List.of())).status()).isEqualTo(201);
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "MONDAY", "start", "08:00", "end", "17:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/schedules").json().findValuesAsString("name")).containsExactlyInAnyOrder("Business hours", "Business hours (2)");
    }

    private static UUID schedule(Connection c, UUID company, String name, boolean isDefault, String createdAt) throws SQLException {
        var id = UUID.randomUUID();
        try (var insert = c.prepareStatement(
                "insert into schedules (company_id, id, name, is_default, created_at, updated_at) values (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, company);
            insert.setObject(2, id);
            insert.setString(3, name);
            insert.setBoolean(4, isDefault);
            insert.setTimestamp(5, Timestamp.from(Instant.parse(createdAt)));
            insert.setTimestamp(6, Timestamp.from(Instant.parse(createdAt)));
            insert.executeUpdate();
        }
        return id;
    }

    private static String name(Connection c, UUID id) throws SQLException {
        try (var q = c.prepareStatement("select name from schedules where id = ?")) {
            q.setObject(1, id);
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void theMigrationNumbersLaterTwinsTheBusinessHoursKeepingTheirNameWithAnAuditEntry() throws Exception {
        var company = UUID.fromString(api().signUpNewCompany("Old Twins Co").get("/api/v1/me").json().get("company_id").asString());
        var other = UUID.fromString(api().signUpNewCompany("Old Twins Elsewhere Co").get("/api/v1/me").json().get("company_id").asString());
        var migration = new ClassPathResource(MIGRATION).getContentAsString(StandardCharsets.UTF_8);
        try (var c = ownerDataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("drop index schedules_name_key");
                var expected = new LinkedHashMap<UUID, String>();
                // A schedule named as the business hours before them: the business hours keep the name, though younger.
                var older = schedule(c, company, "business hours", false, "2025-01-01T00:00:00Z");
                var hours = schedule(c, company, "Business hours", true, "2025-06-01T00:00:00Z");
                var later = schedule(c, company, " Shop ", false, "2025-03-01T00:00:00Z");
                var first = schedule(c, company, "Shop", false, "2025-02-01T00:00:00Z");
                expected.put(hours, "Business hours");
                expected.put(older, "business hours (2)");
                expected.put(first, "Shop");
                expected.put(later, "Shop (2)");
                expected.put(schedule(c, other, "Shop", false, "2025-04-01T00:00:00Z"), "Shop");

                st.execute(migration);

                for (var e : expected.entrySet()) {
                    assertThat(name(c, e.getKey())).as(e.getValue()).isEqualTo(e.getValue());
                }
                var audited = new LinkedHashMap<String, String>();
                try (var rs = st.executeQuery("select after ->> 'name', before ->> 'name' from audit_log where company_id = '" + company
                        + "' and actor = 'system' and entity_type = 'schedule'")) {
                    while (rs.next()) {
                        audited.put(rs.getString(1), rs.getString(2));
                    }
                }
                assertThat(audited).isEqualTo(Map.of("business hours (2)", "business hours", "Shop (2)", " Shop "));
                assertThatThrownBy(() -> schedule(c, company, "SHOP", false, "2026-01-01T00:00:00Z"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("schedules_name_key");
            } finally {
                c.rollback();
            }
        }
    }
}
