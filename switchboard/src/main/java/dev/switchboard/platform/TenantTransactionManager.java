package dev.switchboard.platform;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Tells PostgreSQL which company a transaction belongs to, right after it begins:
 * {@code set_config('app.company_id', ..., true)} lasts until commit or rollback, so a pooled
 * connection never carries one company's setting into another's transaction. Row-level security
 * policies compare {@code company_id} with it.
 */
public class TenantTransactionManager extends JdbcTransactionManager {

    /**
     * The name of a transaction whose commit need not wait for the disk ({@code synchronous_commit off}
     * for it alone): the call engine's handling of a signal. What this buys: the rows it locked (a
     * member's availability, a round-robin pointer, shared by every call) are free again at once instead
     * of staying locked through an fsync, which under load queued calls behind each other. A webhook's
     * handling also stores the event itself; the carrier then awaits {@link WalFlush} (one flush for
     * every webhook waiting) before it acknowledges the event or sends a command, so a crash loses
     * nothing Telnyx was told we have. Work that follows an event already stored (the sweep's) can be
     * redone from the inbox, and sends nothing before its own commit.
     */
    public static final String ASYNC_COMMIT = "switchboard:async-commit";

    /**
     * Ends the name of a transaction whose first statement sets the company itself, leading with
     * {@link #tenantSetting()}, instead of this manager sending it in a round trip of its own when the
     * transaction begins (the call engine's, whose first statement is always the carrier event's insert).
     * Should any other statement come first, it sees no company: row-level security then shows it no
     * tenant row at all, so a mistake fails closed.
     */
    public static final String SET_BY_FIRST_STATEMENT = "+tenant-set-by-first-statement";

    public TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(con, definition);
        var name = definition.getName();
        if (name != null && name.endsWith(SET_BY_FIRST_STATEMENT)) {
            return;
        }
        var company = TenantContext.current().map(Object::toString).orElse("");
        var sql = isAsync(name)
                ? "select set_config('app.company_id', ?, true), set_config('synchronous_commit', 'off', true)"
                : "select set_config('app.company_id', ?, true)";
        try (var statement = con.prepareStatement(sql)) {
            statement.setString(1, company);
            statement.execute();
        }
    }

    /**
     * A common table expression named {@code tenant_setting} (one row) for the first statement of a
     * transaction named with {@link #SET_BY_FIRST_STATEMENT}: {@code with <this> insert ... select ... from
     * tenant_setting}. Selecting from it sets the current company (and, for an {@link #ASYNC_COMMIT}
     * transaction, {@code synchronous_commit off}) until the transaction ends, as this manager does
     * otherwise; {@code set_config} is volatile, so PostgreSQL runs it exactly once, before the statement's
     * rows are produced.
     */
    public static String tenantSetting() {
        var company = TenantContext.current().map(c -> c.value().toString()).orElse(""); // a UUID: hex digits and dashes only
        boolean async = isAsync(org.springframework.transaction.support.TransactionSynchronizationManager.getCurrentTransactionName());
        return "tenant_setting as (select set_config('app.company_id', '" + company + "', true)"
                + (async ? ", set_config('synchronous_commit', 'off', true)" : "") + ")";
    }

    private static boolean isAsync(String name) {
        return name != null && name.startsWith(ASYNC_COMMIT);
    }
}
