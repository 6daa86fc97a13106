package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The second lock: PostgreSQL itself hides and protects other companies' rows from the app's role. */
class RowLevelSecurityTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    CompanyId a;
    CompanyId b;
    UUID memberOfB;

    @BeforeEach
    void twoCompanies() {
        a = CompanyId.of(api().signUpNewCompany("A").get("/api/v1/me").json().get("company_id").asString());
        var clientB = api().signUpNewCompany("B");
        b = CompanyId.of(clientB.get("/api/v1/me").json().get("company_id").asString());
        var created = clientB.post("/api/v1/members", java.util.Map.of("name", "Bea", "phone_extension", "200"));
        assertThat(created.status()).isEqualTo(201);
        memberOfB = UUID.fromString(created.json().get("id").asString());
    }

    @Test
    void appConnectsAsARoleThatOwnsNoTableAndCannotBypassRls() {
        var role = asCompany(a, () -> jdbc.sql("select current_user").query(String.class).single());
        assertThat(role).isEqualTo("switchboard_app");
        var bypass = asCompany(a, () -> jdbc.sql("select rolbypassrls or rolsuper from pg_roles where rolname = current_user")
                .query(Boolean.class).single());
        assertThat(bypass).isFalse();
        var owned = asCompany(a, () -> jdbc.sql("select count(*) from pg_tables where schemaname = 'public' and tableowner = current_user")
                .query(Long.class).single());
        assertThat(owned).isZero();
    }

    @Test
    void everyTableWithACompanyColumnHasRowLevelSecurityAndAPolicy() {
        var unprotected = asCompany(a, () -> jdbc.sql("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind = 'r'
                  and exists (select 1 from information_schema.columns col
                              where col.table_schema = 'public' and col.table_name = c.relname
                                and col.column_name in ('company_id'))
                  and (not c.relrowsecurity or not exists (select 1 from pg_policy p where p.polrelid = c.oid))
                """).query(String.class).list());
        assertThat(unprotected).isEmpty();
        var companies = asCompany(a, () -> jdbc.sql("select relrowsecurity from pg_class where relname = 'companies'")
                .query(Boolean.class).single());
        assertThat(companies).isTrue();
    }

    @Test
    void withCompanyASetRawSqlSeesNothingOfCompanyB() {
        var rows = asCompany(a, () -> jdbc.sql("select id from team_members where company_id = :b")
                .param("b", b.value()).query(UUID.class).list());
        assertThat(rows).isEmpty();
        var companies = asCompany(a, () -> jdbc.sql("select id from companies").query(UUID.class).list());
        assertThat(companies).containsExactly(a.value());
        var users = asCompany(a, () -> jdbc.sql("select count(*) from users where company_id = :b")
                .param("b", b.value()).query(Long.class).single());
        assertThat(users).isZero();
    }

    @Test
    void withCompanyASetRawSqlChangesNothingOfCompanyB() {
        int updated = asCompany(a, () -> jdbc.sql("update team_members set name = 'hacked' where id = :id")
                .param("id", memberOfB).update());
        int deleted = asCompany(a, () -> jdbc.sql("delete from team_members where id = :id").param("id", memberOfB).update());
        assertThat(updated).isZero();
        assertThat(deleted).isZero();
        assertThatThrownBy(() -> asCompany(a, () -> jdbc.sql("""
                insert into customers (company_id, id, name, created_at, updated_at) values (:b, gen_random_uuid(), 'x', now(), now())
                """).param("b", b.value()).update()))
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("row-level security");
        var name = asCompany(b, () -> jdbc.sql("select name from team_members where id = :id").param("id", memberOfB)
                .query(String.class).single());
        assertThat(name).isEqualTo("Bea");
    }

    @Test
    void withNoCompanySetNothingIsVisible() {
        var count = tx.execute(s -> jdbc.sql("select count(*) from team_members").query(Long.class).single());
        assertThat(count).isZero();
        var visible = tx.execute(s -> jdbc.sql("select count(*) from companies").query(Long.class).single());
        assertThat(visible).isZero();
    }

    @Test
    void theCompanySettingDoesNotLeakToTheNextTransactionOnAPooledConnection() {
        List<Long> counts = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            asCompany(b, () -> jdbc.sql("select count(*) from team_members").query(Long.class).single());
            counts.add(tx.execute(s -> jdbc.sql("select count(*) from team_members").query(Long.class).single()));
        }
        assertThat(counts).containsOnly(0L);
    }

    private <T> T asCompany(CompanyId company, java.util.function.Supplier<T> work) {
        return TenantContext.callAs(company, () -> tx.execute(s -> work.get()));
    }
}
