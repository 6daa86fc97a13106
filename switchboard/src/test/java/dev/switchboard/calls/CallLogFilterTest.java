package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The call log's filters by what they return, over four real calls an hour apart: two answered (one by
 * each member of a round robin), one the caller left while Ann's phone rang, one click-to-call by Bob.
 */
@Import(CallLogFilterTest.Noon.class)
class CallLogFilterTest extends VirtualTimeCallTest {

    static final Instant T0 = Instant.parse("2026-11-25T18:00:00Z"); // Wednesday noon in Chicago

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock filterClock() {
            return new SimClock(T0);
        }
    }

    @Test
    void periodMemberDirectionOutcomeAndNumberFiltersReturnExactlyTheirCalls() {
        newCompany("Filter Co");
        var tag = UUID.randomUUID().toString().substring(0, 8);
        var annSip = "sip:ann-" + tag + "@filter.sip.telnyx.com";
        var bobSip = "sip:bob-" + tag + "@filter.sip.telnyx.com";
        var ann = member("Ann", "101", annSip);
        var bob = member("Bob", "102", bobSip);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 15));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));

        var first = sim.call("+17735550101", number); // Ann's turn
        sim.advance(Duration.ofSeconds(30));
        first.hangUp();
        sim.advance(Duration.ofHours(1));
        var second = sim.call("+17735550102", number); // Bob's turn
        sim.advance(Duration.ofSeconds(30));
        second.hangUp();
        sim.advance(Duration.ofHours(1));
        var third = sim.call("+17735550103", number); // Ann's turn again: she does not get to answer
        third.hangUp();
        sim.advance(Duration.ofHours(1));
        sim.phone("+17735550177", PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var placed = owner.post("/api/v1/calls", Map.of("member_id", bob, "number", "+17735550177"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(40));
        for (var leg : sim.legs()) {
            if (bobSip.equals(leg.to()) && leg.state() != dev.switchboard.simulator.Leg.State.ENDED) {
                sim.handle("POST", "/v2/calls/" + leg.callControlId() + "/actions/hangup", "{}");
            }
        }
        sim.advance(Duration.ofSeconds(1));

        var all = froms("");
        assertThat(all).containsExactly("OUTBOUND", "+17735550103", "+17735550102", "+17735550101");
        assertThat(froms("?direction=OUTBOUND")).containsExactly("OUTBOUND");
        assertThat(froms("?direction=inbound")).containsExactly("+17735550103", "+17735550102", "+17735550101");
        assertThat(froms("?member_id=" + ann)).containsExactly("+17735550103", "+17735550101");
        assertThat(froms("?member_id=" + bob)).containsExactly("OUTBOUND", "+17735550102");
        assertThat(froms("?member_id=" + bob + "&direction=INBOUND")).containsExactly("+17735550102");
        assertThat(froms("?from=" + T0.plus(Duration.ofMinutes(30)) + "&to=" + T0.plus(Duration.ofMinutes(150))))
                .containsExactly("+17735550103", "+17735550102");
        assertThat(froms("?from=" + T0.plus(Duration.ofHours(1)))).containsExactly("OUTBOUND", "+17735550103", "+17735550102");
        assertThat(froms("?outcome=ANSWERED")).containsExactly("OUTBOUND", "+17735550102", "+17735550101");
        assertThat(froms("?outcome=answered&member_id=" + ann)).containsExactly("+17735550101");
        // Several outcomes: a call with any of them, given separated by commas (in any case, spaced) or the parameter repeated.
        assertThat(froms("?outcome=MISSED,ABANDONED,VOICEMAIL")).containsExactly("+17735550103");
        assertThat(froms("?outcome=missed, answered")).containsExactly("OUTBOUND", "+17735550103", "+17735550102", "+17735550101");
        assertThat(froms("?outcome=MISSED&outcome=answered&member_id=" + ann)).containsExactly("+17735550103", "+17735550101");
        assertThat(froms("?outcome=ABANDONED,,VOICEMAIL")).isEmpty();
        assertThat(froms("?outcome=,")).as("nothing but blanks: any outcome").isEqualTo(all);
        var unknown = owner.get("/api/v1/call-logs?outcome=MISSED,great&outcome=ANSWERED&outcome=nope");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.errorField()).isEqualTo("outcome");
        assertThat(unknown.body()).contains("great, nope are no outcomes: each must be one of ANSWERED, MISSED, VOICEMAIL, ABANDONED, "
                + "REJECTED, FAILED, CALLBACK_REQUESTED, OFFER_NOT_TAKEN");
        // A full page's link keeps every outcome asked for, in both forms.
        var byOutcomes = owner.get("/api/v1/call-logs?outcome=ANSWERED,ABANDONED&outcome=missed&limit=3");
        assertThat(byOutcomes.json()).hasSize(3);
        var outcomesLink = byOutcomes.header("Link");
        assertThat(outcomesLink).contains("outcome=ANSWERED,ABANDONED&outcome=missed").contains("limit=3");
        var lastPage = owner.get(outcomesLink.substring(outcomesLink.indexOf("/api/v1/"), outcomesLink.indexOf('>')));
        assertThat(lastPage.status()).as(lastPage.body()).isEqualTo(200);
        assertThat(lastPage.json()).hasSize(1);
        assertThat(lastPage.json().get(0).get("from_number").asString()).isEqualTo("+17735550101");
        assertThat(froms("?number=(773) 555-0102")).containsExactly("+17735550102");
        assertThat(froms("?number=+17735550177")).containsExactly("OUTBOUND");
        assertThat(froms("?member_id=" + UUID.randomUUID())).isEmpty();
        assertThat(owner.get("/api/v1/call-logs?direction=sideways").errorField()).isEqualTo("direction");
        assertThat(owner.get("/api/v1/call-logs?outcome=great").errorField()).isEqualTo("outcome");
        // A page size out of range, a period that ends before it starts, a malformed instant: refused, each naming its field.
        for (var limit : List.of("0", "-5", "501")) {
            var bad = owner.get("/api/v1/call-logs?limit=" + limit);
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.errorField()).isEqualTo("limit");
        }
        assertThat(froms("?limit=2")).containsExactly("OUTBOUND", "+17735550103");
        // A full page links to the next, which keeps the filters; the last page (not full) links nowhere.
        var firstPage = owner.get("/api/v1/call-logs?direction=INBOUND&limit=2");
        var link = firstPage.header("Link");
        assertThat(link).endsWith(">; rel=\"next\"").contains("direction=INBOUND").contains("limit=2").contains("before_id=");
        var next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        var nextPage = owner.get(next.substring(next.indexOf("/api/v1/")));
        assertThat(nextPage.status()).as(nextPage.body()).isEqualTo(200);
        assertThat(nextPage.json()).hasSize(1);
        assertThat(nextPage.json().get(0).get("from_number").asString()).isEqualTo("+17735550101");
        assertThat(nextPage.header("Link")).isNull();
        // Parameters that needed encoding stay themselves in the link.
        var byNumber = owner.get("/api/v1/call-logs?number=%2B17735550101&limit=1").header("Link");
        var afterIt = owner.get(byNumber.substring(byNumber.indexOf("/api/v1/"), byNumber.indexOf('>')));
        assertThat(afterIt.status()).as(afterIt.body()).isEqualTo(200);
        assertThat(afterIt.json()).isEmpty();
        var backwards = owner.get("/api/v1/call-logs?from=" + T0.plus(Duration.ofHours(2)) + "&to=" + T0);
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.errorField()).isEqualTo("to");
        var notAnInstant = owner.get("/api/v1/call-logs?from=2026-11-25");
        assertThat(notAnInstant.status()).isEqualTo(400);
        assertThat(notAnInstant.errorField()).isEqualTo("from");
        assertThat(notAnInstant.json().get("detail").asString()).contains("an instant such as 2026-12-01T00:00:00Z");
        // Instants PostgreSQL (or java.sql.Timestamp) cannot hold: refused naming the field, not a 409 or a 500.
        for (var field : List.of("from", "to")) {
            for (var instant : List.of("%2B999999-01-01T00:00:00Z", "%2B999999999-12-31T23:59:59Z", "-099999-01-01T00:00:00Z")) {
                var far = owner.get("/api/v1/call-logs?" + field + "=" + instant);
                assertThat(far.status()).as(field + "=" + instant + ": " + far.body()).isEqualTo(422);
                assertThat(far.errorField()).isEqualTo(field);
            }
        }
        var farBefore = owner.get("/api/v1/call-logs?before_started_at=%2B999999-01-01T00:00:00Z&before_id=" + UUID.randomUUID());
        assertThat(farBefore.status()).as(farBefore.body()).isEqualTo(422);
        assertThat(farBefore.errorField()).isEqualTo("before_started_at");
        // Notes or tags with the NUL character (which PostgreSQL cannot store): refused naming the field, nothing saved
        // (by the JSON reader, as every control character: 400 naming the tag's place in the list).
        var callId = owner.get("/api/v1/call-logs?limit=1").json().get(0).get("id").asString();
        assertThat(owner.patch("/api/v1/call-logs/" + callId, Map.of("notes", "kept")).status()).isEqualTo(200);
        var nul = owner.patch("/api/v1/call-logs/" + callId, Map.of("notes", "a\u0000b"));
        assertThat(nul.status()).as(nul.body()).isEqualTo(400);
        assertThat(nul.errorField()).isEqualTo("notes");
        var nulTag = owner.patch("/api/v1/call-logs/" + callId, Map.of("notes", "changed", "tags", List.of("ok", "b\u0000d")));
        assertThat(nulTag.status()).as(nulTag.body()).isEqualTo(400);
        assertThat(nulTag.errorField()).isEqualTo("tags[1]");
        assertThat(owner.get("/api/v1/call-logs/" + callId).json().get("call").get("notes").asString()).isEqualTo("kept");
        // Another company sees none of them.
        assertThat(api().signUpNewCompany("Other Filter Co").get("/api/v1/call-logs").json()).isEmpty();
    }

    /** The calls a query returns, newest first, each as its caller's number ("OUTBOUND" for the click-to-call). */
    List<String> froms(String query) {
        var response = owner.get("/api/v1/call-logs" + query.replace(" ", "%20").replace("+", "%2B").replace("(", "%28").replace(")", "%29"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        var out = new ArrayList<String>();
        response.json().forEach(e -> out.add(e.get("direction").asString().equals("OUTBOUND") ? "OUTBOUND" : e.get("from_number").asString()));
        return out;
    }
}
