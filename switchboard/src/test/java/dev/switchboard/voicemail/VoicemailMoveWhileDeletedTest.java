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
        var deleted = new dev.switchboard.voicemail.VoicemailMessage[1];
        var refused = new dev.switchboard.support.HeldTransaction(tx, jdbc).whileHeld(company,
                () -> deleted[0] = voicemails.delete(dev.switchboard.tenancy.Actor.system(company), message),
                dev.switchboard.support.HeldTransaction.ANY_LOCK, "the move",
                () -> owner.post("/api/v1/voicemail/messages/" + message + "/move", Map.of("box", ann)));
        assertThat(deleted[0].deleted()).isTrue();
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("Deleted folder");
        var now = owner.get("/api/v1/voicemail/messages/" + message).json();
        assertThat(now.get("box").asString()).as("still the general box's").isEqualTo("general");
        assertThat(jdbc.sql("select count(*) from voicemail_deliveries where message_id = :m and sent_at is null and failed_at is null")
                .param("m", message).query(Long.class).single()).as("nobody to be told").isZero();
    }
}
