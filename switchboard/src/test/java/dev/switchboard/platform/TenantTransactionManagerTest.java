package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Each transaction carries its company; only those named ASYNC_COMMIT skip waiting for the disk, and only for themselves. */
class TenantTransactionManagerTest extends IntegrationTest {

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    private String[] settings(TransactionTemplate tx) {
        return tx.execute(s -> jdbc.sql("""
                select current_setting('app.company_id'), (select source from pg_settings where name = 'synchronous_commit')
                """).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).single());
    }

    @Test
    void anAsyncCommitTransactionSetsSynchronousCommitForItselfOnly() {
        var company = new CompanyId(UUID.randomUUID());
        var plain = new TransactionTemplate(transactions);
        var async = new TransactionTemplate(transactions);
        async.setName(TenantTransactionManager.ASYNC_COMMIT);
        TenantContext.runAs(company, () -> {
            var before = settings(plain);
            var relaxed = settings(async);
            var after = settings(plain);
            assertThat(before[0]).isEqualTo(company.value().toString());
            assertThat(relaxed[0]).isEqualTo(company.value().toString());
            assertThat(relaxed[1]).as("set for the transaction").isEqualTo("session");
            assertThat(before[1]).as("the server's own setting").isNotEqualTo("session");
            assertThat(after[1]).as("gone with the commit").isEqualTo(before[1]);
        });
    }

    @Test
    void aTransactionWhoseFirstStatementSetsTheCompanyHasNoneBeforeItAndItsOwnAfter() {
        var company = new CompanyId(UUID.randomUUID());
        for (var name : new String[] {"plain", TenantTransactionManager.ASYNC_COMMIT}) {
            var tx = new TransactionTemplate(transactions);
            tx.setName(name + TenantTransactionManager.SET_BY_FIRST_STATEMENT);
            TenantContext.runAs(company, () -> {
                var seen = tx.execute(s -> {
                    // Nothing sent when the transaction began: a statement before the setting sees no company.
                    var before = jdbc.sql("select coalesce(current_setting('app.company_id', true), '')").query(String.class).single();
                    var set = jdbc.sql("with " + TenantTransactionManager.tenantSetting() + " select count(*) from tenant_setting")
                            .query(Long.class).single();
                    var after = jdbc.sql("""
                            select current_setting('app.company_id') || ' ' || (select source from pg_settings where name = 'synchronous_commit')
                            """).query(String.class).single();
                    return new String[] {before, String.valueOf(set), after};
                });
                assertThat(seen[0]).as(name + ": before the first statement").isEmpty();
                assertThat(seen[1]).isEqualTo("1");
                assertThat(seen[2]).as(name).startsWith(company.value() + " ");
                if (name.equals(TenantTransactionManager.ASYNC_COMMIT)) {
                    assertThat(seen[2]).as("synchronous_commit set for the transaction").endsWith(" session");
                } else {
                    assertThat(seen[2]).as("synchronous_commit left alone").doesNotEndWith(" session");
                }
            });
        }
    }
}
