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

    public TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(con, definition);
        var company = TenantContext.current().map(Object::toString).orElse("");
        try (var statement = con.prepareStatement("select set_config('app.company_id', ?, true)")) {
            statement.setString(1, company);
            statement.execute();
        }
    }
}
