package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Calls abroad are off until an owner or admin allows them (the company's {@code international_calls}): a click-to-call,
 * a transfer, a forwarding number and a routing target to a number in another country are refused naming where it is,
 * nothing dialled. An agent could call any country, billed to the company: the way toll fraud runs up a bill (found by a
 * walk). Canada from the US is no call abroad; Jamaica's +1 numbers are.
 */
@Import(CallsAbroadTest.VirtualTime.class)
class CallsAbroadTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }
    }

    static final String LONDON = "+442079460000";
    static final String JAMAICA = "+18765550123";

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Abroad Co", 20);
    }

    @Test
    void callsAbroadAreRefusedUntilAnOwnerAllowsThem() {
        assertThat(owner.get("/api/v1/company").json().get("international_calls").asBoolean()).as("off for a new company").isFalse();

        var london = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", LONDON));
        assertThat(london.status()).as(london.body()).isEqualTo(422);
        assertThat(london.errorField()).isEqualTo("number");
        assertThat(london.errorRule()).isEqualTo("international");
        assertThat(london.body()).contains("is a number in the United Kingdom: calls abroad are off for this company");
        assertThat(owner.post("/api/v1/calls", Map.of("member_id", ann, "number", JAMAICA)).body()).contains("is a number in Jamaica");
        var forwarding = owner.patch("/api/v1/members/" + ann, Map.of("call_forwarding_number", LONDON, "call_forwarding_enabled", true));
        assertThat(forwarding.status()).as(forwarding.body()).isEqualTo(422);
        assertThat(forwarding.errorField()).isEqualTo("call_forwarding_number");
        var target = owner.put("/api/v1/phone-settings", Map.of("after_hours_target", Map.of("kind", "EXTERNAL_NUMBER", "number", LONDON)));
        assertThat(target.status()).as(target.body()).isEqualTo(422);
        assertThat(target.errorField()).isEqualTo("after_hours_target.number");
        assertThat(legsTo(annSip)).as("nothing rang").isEmpty();

        // Canada from the US is a call at home.
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var toronto = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", "+14165550123"));
        assertThat(toronto.status()).as(toronto.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(30));
        legsTo(annSip).forEach(l -> sim.handle("POST", "/v2/calls/" + l.callControlId() + "/actions/hangup", "{}"));
        sim.advance(Duration.ofSeconds(2));

        var company = owner.get("/api/v1/company").json();
        var allowed = owner.put("/api/v1/company", Map.of("name", company.get("name").asString(), "timezone",
                company.get("timezone").asString(), "international_calls", true));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.json().get("international_calls").asBoolean()).isTrue();
        assertThat(owner.get("/api/v1/audit-log?entity_type=company").body()).contains("international_calls");
        // Left out of a later save, it stays as it is.
        var renamed = owner.put("/api/v1/company", Map.of("name", "Abroad Co Ltd", "timezone", company.get("timezone").asString()));
        assertThat(renamed.json().get("international_calls").asBoolean()).isTrue();

        assertThat(owner.patch("/api/v1/members/" + ann, Map.of("call_forwarding_number", LONDON, "call_forwarding_enabled", true))
                .status()).isEqualTo(200);
        var ok = owner.post("/api/v1/calls", Map.of("member_id", bob, "number", "+442079460001"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    }

    @Test
    void theGeneralTabAllowsCallsAbroad() {
        var web = webLogin(owner.email(), "correct-horse");
        var page = web.get("/settings/communications/phone/general").body();
        assertThat(page).contains("Allow calls abroad").contains("name=\"internationalCalls\"");
        var numbers = owner.get("/api/v1/company").json().get("business_numbers");
        var form = new java.util.ArrayList<>(List.of("businessNumbers", numbers.get(0).asString(), "defaultStrategy", "SIMULTANEOUS",
                "voicemailEnabled", "true", "ahKind", "VOICEMAIL", "inboundRate", "0", "outboundRate", "0", "billingIncrement", "60",
                "defaultRingSeconds", "25", "textBackQuietHours", "12", "internationalCalls", "true"));
        var saved = web.post("/settings/communications/phone/general", form.toArray(String[]::new));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(owner.get("/api/v1/company").json().get("international_calls").asBoolean()).isTrue();
        form.subList(form.size() - 2, form.size()).clear();
        assertThat(web.post("/settings/communications/phone/general", form.toArray(String[]::new)).status()).isEqualTo(302);
        assertThat(owner.get("/api/v1/company").json().get("international_calls").asBoolean()).as("unticked: off again").isFalse();
    }
}
