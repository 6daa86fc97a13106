package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import dev.switchboard.voicemail.Voicemails;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * What a caller left stays theirs to hear and nobody else's: a message for a member deleted while the caller
 * recorded is kept in the general mailbox; a member listening by phone to messages one of which is deleted in the
 * app meanwhile goes on to the next; an agent rung for a call that left a message in another member's box does not
 * read that message in the call log.
 */
@Import(VoicemailKeptTest.VirtualTime.class)
class VoicemailKeptTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }
    }

    @Autowired
    Voicemails voicemails;


    long messages() {
        return inCompany(() -> jdbc.sql("select count(*) from voicemail_messages where company_id = :c").param("c", company.value())
                .query(Long.class).single());
    }

    @Test
    void aMessageForAMemberDeletedWhileTheCallerRecordsIsKeptInTheGeneralMailbox() {
        newCompany("Kept Co");
        var did = randomNumber("312");
        var ann = member(Map.of("name", "Ann", "phone_extension", "101", "direct_inward_dial", did));
        var caller = sim.call(randomNumber("773"), did);
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.heard()).last().isEqualTo("(beep)");
        assertThat(owner.delete("/api/v1/members/" + ann).status()).isEqualTo(204);
        caller.leaveMessage(Duration.ofSeconds(15), "Please call me back about the leak.");
        sim.advance(Duration.ofMinutes(5));
        assertThat(messages()).as("the caller's message is kept").isEqualTo(1);
        var inbox = owner.get("/api/v1/voicemail/messages?box=general");
        assertThat(inbox.status()).as(inbox.body()).isEqualTo(200);
        assertThat(inbox.json()).hasSize(1);
        assertThat(inbox.json().get(0).get("was_for").asString()).as("whom it was for").isEqualTo("Ann");
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
    }

    @Test
    void aMessageDeletedInTheAppWhileItsMemberListensByPhoneIsSkipped() {
        newCompany("Listening Co");
        var annPhone = randomNumber("773");
        var did = randomNumber("312");
        var r = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "voicemail_pin", "4731",
                "call_forwarding_number", annPhone, "direct_inward_dial", did));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var ann = UUID.fromString(r.json().get("id").asString());
        inCompany(() -> voicemails.deposit(ann, null, "+17735550123", Instant.parse("2026-11-25T17:00:00Z"), 12, null));
        var second = inCompany(() -> voicemails.deposit(ann, null, "+17735550456", Instant.parse("2026-11-25T17:30:00Z"), 12, null));
        var caller = sim.call(annPhone, did);
        until(caller, h -> h.startsWith("Voicemail for Ann. Please enter your PIN"));
        caller.press("4731#");
        until(caller, h -> h.startsWith("Press 1 to hear it again"));
        assertThat(owner.delete("/api/v1/voicemail/messages/" + second).status()).isEqualTo(204);
        caller.press("4");
        until(caller, h -> h.contains("There are no more messages"));
        assertThat(caller.state()).isNotEqualTo(dev.switchboard.simulator.Leg.State.ENDED);
    }

    @Test
    void anAgentRungForACallDoesNotReadTheMessageLeftInAnotherMembersBox() {
        newCompanyWithAnnAndBob("Private Co", 15);
        sim.phone(annSip, new dev.switchboard.simulator.PhoneScript.NeverAnswer());
        sim.phone(bobSip, new dev.switchboard.simulator.PhoneScript.NeverAnswer());
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Ann first", "type", "SIMULTANEOUS", "member_ids", java.util.List.of(ann),
                "no_answer_target", Map.of("kind", "VOICEMAIL", "member_id", bob)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var caller = sim.call(randomNumber("773"), number);
        until(caller, h -> h.equals("(beep)"));
        caller.leaveMessage(Duration.ofSeconds(15), "Bob, it is Dana, the private matter we discussed.");
        sim.advance(Duration.ofMinutes(2));
        var id = call().get("id");
        assertThat(owner.get("/api/v1/call-logs/" + id).body()).as("the owner reads it").contains("private matter");
        var annUser = owner.newUser("AGENT", ann);
        var log = annUser.get("/api/v1/call-logs/" + id);
        assertThat(log.status()).as("Ann was rung: she sees the call").isEqualTo(200);
        assertThat(log.body()).doesNotContain("private matter");
        assertThat(annUser.get("/api/v1/call-logs?limit=5").body()).doesNotContain("private matter");
        var bobUser = owner.newUser("AGENT", bob);
        assertThat(bobUser.get("/api/v1/voicemail/messages").body()).as("Bob's own box").contains("private matter");
    }

    /**
     * A call to an agent's direct line while they were offline rang nobody; the caller hung up on the greeting, leaving no
     * message. It is the agent's to call back: in their log and openable, and in a member filter for them (it was in
     * neither). Not a colleague's; and when the line is given to a colleague later, the call stays its old holder's and is
     * not shown to its new one (matching the line's number now showed a new holder every call ever made to it).
     */
    @Test
    void aCallToAnAgentsDirectLineThatLeftNoMessageIsTheirsAndStaysTheirs() {
        newCompanyWithAnnAndBob("Direct Co", 15);
        var line = randomNumber("312");
        assertThat(owner.patch("/api/v1/members/" + bob, Map.of("direct_inward_dial", line)).status()).isEqualTo(200);
        var bobUser = owner.newUser("AGENT", bob);
        var annUser = owner.newUser("AGENT", ann);
        assertThat(bobUser.put("/api/v1/members/" + bob + "/status", Map.of("status", "OFFLINE")).status()).isEqualTo(200);
        var caller = sim.call(randomNumber("773"), line);
        sim.advance(Duration.ofSeconds(3));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(5));
        var id = call().get("id").toString();
        assertThat(owner.get("/api/v1/call-logs/" + id).json().get("call").get("outcome").asString()).isEqualTo("MISSED");
        assertThat(bobUser.get("/api/v1/call-logs/" + id).status()).as("his line's call").isEqualTo(200);
        assertThat(bobUser.get("/api/v1/call-logs?limit=5").body()).contains(id);
        assertThat(owner.get("/api/v1/call-logs?member_id=" + bob).body()).as("the member filter takes it too").contains(id);
        assertThat(annUser.get("/api/v1/call-logs/" + id).status()).as("not Ann's").isEqualTo(403);
        assertThat(annUser.get("/api/v1/call-logs?limit=5").body()).doesNotContain(id);

        // The line moves to Ann: the old call stays Bob's, and is not Ann's.
        assertThat(owner.patch("/api/v1/members/" + bob, Map.of("direct_inward_dial", "")).status()).isEqualTo(200);
        assertThat(owner.patch("/api/v1/members/" + ann, Map.of("direct_inward_dial", line)).status()).isEqualTo(200);
        assertThat(annUser.get("/api/v1/call-logs/" + id).status()).as("the line's previous holder's call").isEqualTo(403);
        assertThat(annUser.get("/api/v1/call-logs?limit=5").body()).doesNotContain(id);
        assertThat(owner.get("/api/v1/call-logs?member_id=" + ann).body()).doesNotContain(id);
        assertThat(bobUser.get("/api/v1/call-logs/" + id).status()).as("still Bob's").isEqualTo(200);
    }
}
