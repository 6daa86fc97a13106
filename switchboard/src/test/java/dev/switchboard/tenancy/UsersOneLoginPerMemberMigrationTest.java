package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Migration V1_48 on the logins it was written for: several logins linked to one team member (two requests at once could
 * both link one, before the unique index). The oldest login keeps the member (by {@code created_at}, then id), the others
 * are kept as logins without one, nothing is deleted, other companies' links are their own, and the index is built. The
 * app's database has long been migrated (the index already refuses such rows), so the migrations run on a database of
 * their own on the same server: up to the one before V1_48 with Flyway's target, then rows of the old shape, then V1_48.
 */
class UsersOneLoginPerMemberMigrationTest extends IntegrationTest {

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource server;

    String database;
    SingleConnectionDataSource old;

    @BeforeEach
    void databaseAsBeforeV148() {
        database = "v1_48_" + UUID.randomUUID().toString().replace("-", "");
        JdbcClient.create(server).sql("create database " + database).update();
        var url = ((HikariDataSource) server).getJdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
        old = new SingleConnectionDataSource(url, "postgres", "", true);
        // The last migration before V1_48 (there is no V1_47: Flyway's target must name one that exists).
        var v148 = MigrationVersion.fromVersion("1.48");
        var previous = Arrays.stream(Flyway.configure().dataSource(old).locations(LOCATIONS).load().info().all())
                .map(MigrationInfo::getVersion).filter(v -> v.compareTo(v148) < 0).max(MigrationVersion::compareTo).orElseThrow();
        flyway(previous.getVersion()).migrate();
        assertThat(JdbcClient.create(old).sql("select count(*) from pg_indexes where indexname = 'users_member_key'")
                .query(Integer.class).single()).as("no index before V1_48").isZero();
    }

    @AfterEach
    void dropDatabase() {
        old.destroy();
        JdbcClient.create(server).sql("drop database if exists " + database + " with (force)").update();
    }

    static final String LOCATIONS = "classpath:db/migration";

    Flyway flyway(String target) {
        return Flyway.configure().dataSource(old).locations(LOCATIONS).target(target).load();
    }

    final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");

    UUID company(String name) {
        var id = UUID.randomUUID();
        JdbcClient.create(old).sql("""
                insert into companies (id, name, timezone, created_at, updated_at) values (:id, :name, 'America/Chicago', :t, :t)""")
                .param("id", id).param("name", name).param("t", Timestamp.from(t0)).update();
        return id;
    }

    UUID member(UUID company, String name) {
        return member(company, name, UUID.randomUUID());
    }

    UUID member(UUID company, String name, UUID id) {
        JdbcClient.create(old).sql("""
                insert into team_members (company_id, id, name, created_at, updated_at) values (:c, :id, :name, :t, :t)""")
                .param("c", company).param("id", id).param("name", name).param("t", Timestamp.from(t0)).update();
        return id;
    }

    UUID login(UUID company, UUID member, Instant createdAt, UUID id) {
        JdbcClient.create(old).sql("""
                insert into users (company_id, id, email, password_hash, role, member_id, created_at, updated_at)
                values (:c, :id, :email, 'x', 'AGENT', :m, :t, :t)""")
                .param("c", company).param("id", id).param("email", id + "@test.example").param("m", member)
                .param("t", Timestamp.from(createdAt)).update();
        return id;
    }

    UUID login(UUID company, UUID member, Instant createdAt) {
        return login(company, member, createdAt, UUID.randomUUID());
    }

    /** Each login's member after the migration (null: none), by login. */
    Map<UUID, UUID> members() {
        var found = new LinkedHashMap<UUID, UUID>();
        JdbcClient.create(old).sql("select id, member_id from users").query((rs, i) -> found.put(rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class))).list();
        return found;
    }

    @Test
    void theOldestLoginKeepsTheMemberTheOthersAreUnlinkedAndNoneIsDeleted() {
        var shop = company("Shop");
        var ann = member(shop, "Ann");
        var bob = member(shop, "Bob");
        var sue = member(shop, "Sue");
        // Ann: three logins, made in an order their ids do not follow.
        var annSecond = login(shop, ann, t0.plusSeconds(60));
        var annFirst = login(shop, ann, t0);
        var annThird = login(shop, ann, t0.plusSeconds(120));
        // Bob: two made in the same instant: the smaller id is the older.
        var low = UUID.fromString("00000000-0000-4000-8000-000000000001");
        var high = UUID.fromString("ffffffff-ffff-4fff-bfff-ffffffffffff");
        var bobHigh = login(shop, bob, t0, high);
        var bobLow = login(shop, bob, t0, low);
        // Sue: one login, and a login with no member: left as they are.
        var sueOnly = login(shop, sue, t0.plusSeconds(300));
        var nobody = login(shop, null, t0);
        // Another company whose login is linked to a member with Ann's id: its own, whatever its age.
        var other = company("Other");
        member(other, "Ann's namesake", ann);
        var otherLogin = login(other, ann, t0.plusSeconds(600));
        var before = members();

        var applied = flyway("1.48").migrate();

        assertThat(applied.migrationsExecuted).as("V1_48 alone").isEqualTo(1);
        var after = members();
        assertThat(after.keySet()).as("every login kept").containsExactlyInAnyOrderElementsOf(before.keySet());
        var expected = new LinkedHashMap<UUID, UUID>();
        expected.put(annFirst, ann);
        expected.put(annSecond, null);
        expected.put(annThird, null);
        expected.put(bobLow, bob);
        expected.put(bobHigh, null);
        expected.put(sueOnly, sue);
        expected.put(nobody, null);
        expected.put(otherLogin, ann);
        assertThat(after).containsExactlyInAnyOrderEntriesOf(expected);
        // The unlinked say when they changed; the others are as they were.
        var changed = JdbcClient.create(old).sql("select id from users where updated_at > :t").param("t", Timestamp.from(t0.plusSeconds(600)))
                .query(UUID.class).list();
        assertThat(changed).containsExactlyInAnyOrder(annSecond, annThird, bobHigh);
        // The index now keeps a second login from being linked to a member.
        var index = JdbcClient.create(old).sql("select count(*) from pg_indexes where indexname = 'users_member_key'").query(Integer.class).single();
        assertThat(index).isEqualTo(1);
    }
}
