package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A webhook whose handling fails (here: the database refuses a leg's row) is answered 200, kept in the inbox with its
 * error for the sweep to try again, and the call goes on. The failure is made with a spy on the store: every failure a
 * carrier event could cause by itself is now refused or ignored before it reaches the database (a client state naming a
 * role no leg has is not ours, ClientStateTest), so nothing real is left that fails on purpose.
 */
@Import(WebhookHandlingFailureTest.VirtualTime.class)
class WebhookHandlingFailureTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @MockitoSpyBean
    CallStore store;

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Failing Co", 20);
    }

    @Test
    void aWebhookWhoseHandlingFailsIsKeptWithItsErrorForTheSweep() {
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", 20));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        doThrow(new DataIntegrityViolationException("test: the leg's row could not be written"))
                .when(store).addLeg(any(), any(), eq("MEMBER"), isNull(), eq(bobSip), any());
        odd = dialFor(call().get("id"), bobSip);
        var delivered = sim.deliveries().stream().filter(d -> d.legId().equals(odd) && d.eventType().equals("call.initiated")).toList();
        assertThat(delivered).hasSize(1);
        assertThat(delivered.getFirst().status()).as("answered: the event is stored").isEqualTo(200);
        var row = jdbc.sql("select processed_at, process_attempts, last_error from carrier_inbox where leg_id = :leg and event_type = 'call.initiated'")
                .param("leg", odd).query().singleRow();
        assertThat(row.get("processed_at")).isNull();
        assertThat(((Number) row.get("process_attempts")).intValue()).isEqualTo(1);
        assertThat(row.get("last_error").toString()).contains("the leg's row could not be written");
        // The call itself goes on as if nothing happened.
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(annSip).getFirst().callControlId());
        // The database takes the row again: the sweep handles the event (the leg, rung for nobody now, is hung up), and
        // nothing is left failing for the sweep of this or any other test class's context (they share the database) to
        // retry and log as an error while those run.
        org.mockito.Mockito.reset(store);
        sim.advance(Duration.ofSeconds(10));
        sweep.sweep(sim.clock().instant());
        var swept = jdbc.sql("select processed_at from carrier_inbox where leg_id = :leg and event_type = 'call.initiated'")
                .param("leg", odd).query().singleRow();
        assertThat(swept.get("processed_at")).as("handled by the sweep").isNotNull();
        sim.advance(Duration.ofSeconds(1));
        assertThat(sim.legs().stream().filter(l -> l.callControlId().equals(odd)).findFirst().orElseThrow().state())
                .isEqualTo(dev.switchboard.simulator.Leg.State.ENDED);
        caller.hangUp();
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.carrier.WebhookReceiver sweep;

    /** The leg whose event fails on purpose. */
    String odd;

    /**
     * Should the test fail before the sweep handled it, its event is not left failing for the sweep of the other test
     * classes (their fuzz tests fail on any error logged meanwhile).
     */
    @org.junit.jupiter.api.AfterEach
    void leaveNothingFailing() {
        if (odd != null) {
            jdbc.sql("delete from carrier_inbox where leg_id = :leg and processed_at is null").param("leg", odd).update();
        }
    }

    /** A leg dialled for the call outside the engine, as a member's phone of it (no member named). */
    private String dialFor(Object callId, String to) {
        var state = new ClientState(company.value(), UUID.fromString(callId.toString()), "MEMBER", null);
        var body = "{\"connection_id\":\"demo-connection\",\"from\":\"" + number + "\",\"to\":\"" + to + "\",\"client_state\":\""
                + java.util.Base64.getEncoder().encodeToString(state.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"}";
        var response = sim.handle("POST", "/v2/calls", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body()).path("data").path("call_control_id").asString();
    }
}
