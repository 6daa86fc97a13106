package dev.switchboard.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Two connection pools on one database. Migrations run as the schema owner; the application runs as
 * the role {@code switchboard_app} (switched to with {@code SET ROLE} on every new connection), which
 * owns no table, so PostgreSQL's row-level security applies to everything the app does.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    static final String APP_ROLE = "switchboard_app";

    /** The connection details, after starting the embedded server when no URL is configured. */
    record Connection(String url, String user, String password) {
    }

    @Bean
    Connection databaseConnection(DatabaseProperties properties,
            @Value("${switchboard.data-dir:data}") String dataDir) {
        if (!properties.embedded()) {
            return new Connection(properties.url(), properties.user(), properties.password());
        }
        EmbeddedPostgres postgres = EmbeddedDatabase.start(
                DatabaseProperties.dataDir(dataDir).resolve("postgres"), properties.durableOrDefault());
        return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    @Bean
    @FlywayDataSource
    DataSource ownerDataSource(Connection connection) {
        return pool(connection, "switchboard-owner", 2);
    }

    @Bean
    @Primary
    DataSource dataSource(Connection connection, DatabaseProperties properties) {
        var ds = pool(connection, "switchboard-app", properties.poolSizeOrDefault());
        ds.setConnectionInitSql("SET ROLE " + APP_ROLE);
        return ds;
    }

    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new TenantTransactionManager(dataSource);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    private static HikariDataSource pool(Connection connection, String name, int size) {
        var ds = new HikariDataSource();
        ds.setJdbcUrl(connection.url());
        ds.setUsername(connection.user());
        if (connection.password() != null && !connection.password().isBlank()) {
            ds.setPassword(connection.password());
        }
        ds.setPoolName(name);
        ds.setMaximumPoolSize(size);
        ds.setMinimumIdle(Math.min(2, size));
        return ds;
    }
}
