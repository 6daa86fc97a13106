package dev.switchboard;

import static dev.switchboard.ConflictsDocumentedTest.documented;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The 409s of calls are in the OpenAPI document, as problem documents, as {@link ConflictsDocumentedTest} checks for
 * saves and deletes: a click-to-call whose member cannot take it ({@code available}), a transfer of a call no longer in
 * a state to be moved ({@code state}), to a target that cannot take it ({@code available}) or to the member who has it
 * ({@code conflict}); and a demo test call's keys or hangup once it is over ({@code state}).
 */
@Import(CallConflictsDocumentedTest.Noon.class)
class CallConflictsDocumentedTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock documentedCallsClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }
    }

    JsonNode docs;

    @BeforeEach
    void company() throws Exception {
        newCompanyWithAnnAndBob("Documented Calls", 20);
        docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
    }

    @Test
    void aClickToCallTheMemberCannotTakeIsAConflictTheDocumentLists() {
        var cy = member(Map.of("name", "Cy", "phone_extension", "103"));
        var noPhone = owner.post("/api/v1/calls", Map.of("member_id", cy, "number", "+17735550177"));
        documented(docs, "/api/v1/calls", "post", noPhone, "available");
        assertThat(noPhone.errorField()).isEqualTo("member_id");
        assertThat(noPhone.json().get("detail").asString()).contains("Cy has no phone");

        var away = owner.put("/api/v1/members/" + ann + "/status", Map.of("status", "AWAY", "reason", "lunch"));
        assertThat(away.status()).as(away.body()).isEqualTo(200);
        var busy = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", "+17735550177"));
        documented(docs, "/api/v1/calls", "post", busy, "available");
        assertThat(busy.json().get("detail").asString()).contains("Ann is not available");
        assertThat(legsTo(annSip)).as("nothing rung").isEmpty();
        assertThat(owner.get("/api/v1/call-logs").json().size()).as("nothing logged").isZero();
    }

    @Test
    void theRefusalsOfATransferAreConflictsTheDocumentLists() {
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var disabled = owner.post("/api/v1/routing-rules", Map.of("name", "Sales", "type", "SIMULTANEOUS", "member_ids", List.of(bob),
                "enabled", false));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(2));
        var id = call().get("id").toString();
        var path = "/api/v1/calls/{id}/transfer";

        var holder = owner.post("/api/v1/calls/" + id + "/transfer", Map.of("member_id", ann));
        documented(docs, path, "post", holder, "conflict");
        assertThat(holder.errorField()).isEqualTo("member_id");
        var nobody = owner.post("/api/v1/calls/" + id + "/transfer", Map.of("rule_id", disabled.json().get("rule").get("id").asString()));
        documented(docs, path, "post", nobody, "available");
        assertThat(nobody.errorField()).isEqualTo("rule_id");
        assertThat(owner.get("/api/v1/call-logs/" + id).json().get("call").get("transfers")).as("nothing recorded").isEmpty();

        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var over = owner.post("/api/v1/calls/" + id + "/transfer", Map.of("number", "(773) 555-0166"));
        documented(docs, path, "post", over, "state");
        assertThat(over.errorField()).isEqualTo("id");
        assertThat(legsTo("+17735550166")).as("nothing rung").isEmpty();
    }

    @Test
    void theKeysAndHangupOfATestCallThatIsOverAreConflictsTheDocumentLists() {
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var placed = owner.post("/api/v1/simulator/calls", Map.of("from", "+17735550123", "to", number));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        var id = placed.json().get("id").asString();
        sim.advance(Duration.ofSeconds(2));
        var annsPhone = legsTo(annSip).getFirst().callControlId();
        assertThat(owner.post("/api/v1/simulator/calls/" + id + "/hangup", Map.of()).status()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(1));

        documented(docs, "/api/v1/simulator/calls/{id}/hangup", "post", owner.post("/api/v1/simulator/calls/" + id + "/hangup", Map.of()),
                "state");
        documented(docs, "/api/v1/simulator/calls/{id}/hangup", "post",
                owner.post("/api/v1/simulator/calls/" + annsPhone + "/hangup", Map.of()), "state");
        var keys = owner.post("/api/v1/simulator/calls/" + id + "/digits", Map.of("digits", "1"));
        documented(docs, "/api/v1/simulator/calls/{id}/digits", "post", keys, "state");
        assertThat(keys.errorField()).isEqualTo("digits");
    }
}
