package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The run mode is durable; its data survives a restart of the server; a folder of another major version is refused. */
class EmbeddedDatabaseTest {

    @Test
    void aFolderMadeByAnotherMajorVersionIsRefusedNamingWhatToDoAndLeftUntouched() throws Exception {
        var dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "old-major-");
        Files.writeString(dir.resolve("PG_VERSION"), "14\n");
        Files.writeString(dir.resolve("postgresql.conf"), "# an old server's settings\n");

        assertThatThrownBy(() -> EmbeddedDatabase.start(dir, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds a PostgreSQL 14 database")
                .hasMessageContaining("runs PostgreSQL " + EmbeddedDatabase.SERVER_MAJOR)
                .hasMessageContaining("Nothing in the folder was changed")
                .isInstanceOfSatisfying(EmbeddedDatabase.DataFolderOfAnotherVersion.class,
                        e -> assertThat(e.action()).contains("pg_dump").contains("SWITCHBOARD_DATA_DIR"));
        // Started by the app, it is the reason shown, with what to do, wherever it sits in Spring's chain of causes.
        Throwable refused = null;
        try {
            EmbeddedDatabase.start(dir, true);
        } catch (EmbeddedDatabase.DataFolderOfAnotherVersion e) {
            refused = e;
        }
        var analysis = new DataFolderFailureAnalyzer().analyze(new IllegalStateException("Error creating bean 'flyway'",
                new IllegalStateException("Error creating bean 'ownerDataSource'", refused)));
        assertThat(analysis.getDescription()).contains("holds a PostgreSQL 14 database");
        assertThat(analysis.getAction()).contains("pg_dump").contains(dir.toString());
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("PG_VERSION", "postgresql.conf");
        }
        assertThat(Files.readString(dir.resolve("postgresql.conf"))).isEqualTo("# an old server's settings\n");
    }

    @Test
    void durableModeTurnsOnFsyncSynchronousCommitAndFullPageWritesAndKeepsDataAcrossRestarts() throws Exception {
        var dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "durable-");
        var postgres = EmbeddedDatabase.start(dir, true);
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            for (var setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                var rs = s.executeQuery("show " + setting);
                rs.next();
                assertThat(rs.getString(1)).as(setting).isEqualTo("on");
            }
            var version = s.executeQuery("show server_version_num");
            version.next();
            assertThat(Integer.parseInt(version.getString(1)) / 10000).as("the binaries' major version")
                    .isEqualTo(EmbeddedDatabase.SERVER_MAJOR);
            s.execute("create table kept (v text)");
            s.execute("insert into kept values ('committed')");
        }
        postgres.close();

        var restarted = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("")).setCleanDataDirectory(false).start();
        try (var c = restarted.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            var rs = s.executeQuery("select v from kept");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("committed");
        } catch (SQLException e) {
            throw new AssertionError(e);
        } finally {
            restarted.close();
        }
    }
}
