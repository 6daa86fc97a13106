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

    public TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(con, definition);
        var company = TenantContext.current().map(Object::toString).orElse("");
        var sql = ASYNC_COMMIT.equals(definition.getName())
                ? "select set_config('app.company_id', ?, true), set_config('synchronous_commit', 'off', true)"
                : "select set_config('app.company_id', ?, true)";
        try (var statement = con.prepareStatement(sql)) {
            statement.setString(1, company);
            statement.execute();
        }
    }
}
