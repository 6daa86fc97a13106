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
     * for it alone): the call engine's handling of a webhook, whose event is already durable in the
     * carrier inbox and is marked processed in the same transaction. An app crash loses nothing. A
     * PostgreSQL or machine crash can lose the last fraction of a second of such commits (wal_writer_delay,
     * 200 ms): those events are then unprocessed again and the sweep handles them a second time. Commands
     * already sent to the carrier for them may then be sent again (a member could be rung twice); the
     * call itself keeps its id (derived from its caller's leg), so nothing is orphaned. What this buys:
     * locks are released without waiting for the fsync, which keeps hot rows (a member's availability, a
     * round-robin pointer) from forming convoys under load.
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
