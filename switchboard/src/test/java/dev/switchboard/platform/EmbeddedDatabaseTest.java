package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The run mode is durable; its data survives a restart of the server. */
class EmbeddedDatabaseTest {

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
