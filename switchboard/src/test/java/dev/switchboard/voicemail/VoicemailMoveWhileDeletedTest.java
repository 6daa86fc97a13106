package dev.switchboard.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class VoicemailMoveWhileDeletedTest extends VoicemailTestSupport {

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /**
     * A message moved to a technician's box while the office deletes it (two people on the inbox, two nodes): the move read
     * it before the delete was saved and moved it all the same, its new box's notifications queued for a message in the
     * Deleted folder. The move now waits for the delete and is refused, nothing changed.
     */
    @Test
    void aMessageDeletedWhileItIsMovedIsNotMovedNorToldToItsNewBox() throws Exception {
        signUp("Move Race Co");
        var ann = member("Ann");
        var message = deposit(null, "+17735550100", 12);
        var deleting = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var delete = pool.submit(() -> asCompany(() -> {
                var deleted = voicemails.delete(dev.switchboard.tenancy.Actor.system(company), message);
                deleting.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return deleted;
            }));
            deleting.await();
            var move = pool.submit(() -> owner.post("/api/v1/voicemail/messages/" + message + "/move", Map.of("box", ann)));
            try {
                var deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
                boolean waiting = false;
                while (!move.isDone() && !waiting && System.nanoTime() < deadline) {
                    waiting = jdbc.sql("select count(*) > 0 from pg_locks where not granted").query(Boolean.class).single();
                    Thread.onSpinWait();
                }
                assertThat(waiting).as("the move waits for the delete").isTrue();
            } finally {
                release.countDown();
            }
            assertThat(delete.get().deleted()).isTrue();
            var refused = move.get();
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.body()).contains("Deleted folder");
        }
        var now = owner.get("/api/v1/voicemail/messages/" + message).json();
        assertThat(now.get("box").asString()).as("still the general box's").isEqualTo("general");
        assertThat(jdbc.sql("select count(*) from voicemail_deliveries where message_id = :m and sent_at is null and failed_at is null")
                .param("m", message).query(Long.class).single()).as("nobody to be told").isZero();
    }
}
