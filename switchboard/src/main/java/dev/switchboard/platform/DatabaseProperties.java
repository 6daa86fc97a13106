package dev.switchboard.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives. With no {@code url} the app starts the embedded PostgreSQL under
 * {@code dataDir/postgres}; with one ({@code SWITCHBOARD_DATABASE_URL}) it connects there.
 *
 * @param url JDBC URL of an external PostgreSQL 14+, blank for the embedded one
 * @param user the user that owns the schema and runs migrations
 * @param password that user's password
 * @param durable embedded only: fsync and synchronous commit on (off only for tests)
 * @param poolSize maximum connections the app keeps open
 */
@ConfigurationProperties("switchboard.database")
public record DatabaseProperties(String url, String user, String password, Boolean durable, Integer poolSize) {

    public boolean embedded() {
        return url == null || url.isBlank();
    }

    public boolean durableOrDefault() {
        return durable == null || durable;
    }

    public int poolSizeOrDefault() {
        return poolSize == null ? 20 : poolSize;
    }

    /** The data folder, {@code SWITCHBOARD_DATA_DIR}, default {@code ./data}. */
    public static Path dataDir(String configured) {
        return Path.of(configured == null || configured.isBlank() ? "data" : configured);
    }
}
