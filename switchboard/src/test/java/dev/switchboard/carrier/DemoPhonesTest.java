package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo's phones all answered after 4 seconds: nobody trying the demo could see a missed call, a round robin's next
 * member, a transfer nobody took or a call going to voicemail without first setting members away. How each member's
 * phone answers is now set through the API, and calls then go as a real phone that does so would make them.
 */
class DemoPhonesTest extends VirtualTimeCallTest {

    @Test
    void aMembersDemoPhoneSetNeverToAnswerSendsTheCallOnAsAMissedOne() {
        newCompanyWithAnnAndBob("Demo Phones Heating", 15);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Everyone", "type", "SIMULTANEOUS",
                "member_ids", java.util.List.of(ann, bob), "ring_timeout_seconds", 15));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);

        var set = owner.put("/api/v1/simulator/phones/" + ann, Map.of("answers", "NEVER"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("answers").asString()).isEqualTo("NEVER");
        var listed = owner.get("/api/v1/simulator/phones").json();
        assertThat(listed.toString()).contains("\"name\":\"Ann\",\"answers\":\"NEVER\"").contains("\"name\":\"Bob\",\"answers\":\"ANSWER\",\"after_seconds\":2");

        var caller = sim.call("+17735550191", number);
        sim.advance(Duration.ofSeconds(40));
        assertThat(legsTo(annSip)).as("Ann's phone rang and was not picked up").isNotEmpty();
        assertThat(legsTo(bobSip).getLast().state()).as("Bob took it").isEqualTo(dev.switchboard.simulator.Leg.State.ANSWERED);
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("answered_by").toString()).isEqualTo(bob);

        assertThat(owner.put("/api/v1/simulator/phones/" + ann, Map.of("answers", "BUSY")).status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/simulator/phones/" + ann, Map.of("answers", "ANSWER", "after_seconds", 3)).json()
                .get("after_seconds").asInt()).isEqualTo(3);
    }

    /** The same on the test call page: each member's phone said in words, changed with its form, a bad value refused beside it. */
    @Test
    void theTestCallPageSetsHowEachDemoPhoneAnswers() {
        newCompanyWithAnnAndBob("Demo Phones Page Plumbing", 15);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(4)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(4)));
        var web = webLogin(owner.email(), "correct-horse");
        assertThat(web.get("/test-call").body()).contains("How the demo phones answer").contains("answers after 4 s");

        assertThat(web.post("/test-call/phones/" + ann, "answers", "NEVER", "afterSeconds", "4").status()).isEqualTo(302);
        assertThat(sim.phoneScript(annSip)).isEqualTo(new PhoneScript.NeverAnswer());
        var page = web.get("/test-call").body();
        assertThat(page).containsPattern("id=\"phone-" + ann + "\">\\s*<strong>Ann</strong>:\\s*<span>never answers</span>");

        var refused = web.post("/test-call/phones/" + bob, "answers", "ANSWER", "afterSeconds", "soon");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Bob&#39;s phone was not changed: is how long the phone rings before it picks up: 0 to 120 seconds");
        assertThat(sim.phoneScript(bobSip)).isEqualTo(PhoneScript.answerAfter(Duration.ofSeconds(4)));
    }

    @Test
    void aBadDemoPhoneSettingIsRefusedNamingTheFieldAndChangesNothing() {
        newCompanyWithAnnAndBob("Demo Phones Cooling", 15);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var noPhone = member(Map.of("name", "Desk Only", "phone_extension", "103"));
        for (var bad : java.util.List.of(Map.<String, Object>of("answers", "SOMETIMES"), Map.<String, Object>of("answers", "ANSWER"),
                Map.<String, Object>of("answers", "ANSWER", "after_seconds", 500), Map.<String, Object>of("answers", "NEVER", "after_seconds", 5))) {
            var refused = owner.put("/api/v1/simulator/phones/" + ann, bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(422);
            assertThat(refused.errorField()).as(bad.toString()).isIn("answers", "after_seconds");
        }
        assertThat(sim.phoneScript(annSip)).isEqualTo(PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var none = owner.put("/api/v1/simulator/phones/" + noPhone, Map.of("answers", "NEVER"));
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.json().get("detail").asString()).contains("Desk Only has no phone to ring");
        assertThat(owner.put("/api/v1/simulator/phones/" + java.util.UUID.randomUUID(), Map.of("answers", "NEVER")).status()).isEqualTo(404);

        // A phone another company's member has too (one simulated phone per address) is not this company's to set.
        var ours = owner;
        newCompany("Demo Phones Other Co");
        member(Map.of("name", "Copycat", "phone_extension", "101", "sip_address", annSip));
        var shared = ours.put("/api/v1/simulator/phones/" + ann, Map.of("answers", "NEVER"));
        assertThat(shared.status()).isEqualTo(422);
        assertThat(shared.json().get("detail").asString()).contains("Ann's phone is also a phone of another company on this demo");
        assertThat(sim.phoneScript(annSip)).isEqualTo(PhoneScript.answerAfter(Duration.ofSeconds(2)));
    }
}
