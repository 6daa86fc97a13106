package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * The list of callers who texted STOP, as owners, admins and supervisors see it: GET /api/v1/text-opt-outs (newest
 * first, keyset pages, a number filter) and a read-only page linked from the General tab. Nobody but the caller takes a
 * number off it.
 */
@Import(TextOptOutListTest.VirtualTime.class)
class TextOptOutListTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    String dana;
    String eve;
    String fay;
    Instant danaAt;
    Instant fayAt;

    /** Dana, then Eve, then Fay text STOP a minute apart; Gil texts STOP and then START, so is not on the list. */
    @BeforeEach
    void optOuts() {
        newCompany("Opt-out List Plumbing " + randomNumber("000").substring(8));
        dana = randomNumber("773");
        eve = randomNumber("773");
        fay = randomNumber("773");
        var gil = randomNumber("773");
        danaAt = sim.clock().instant();
        sim.receiveText(dana, number, "STOP");
        sim.advance(Duration.ofMinutes(1));
        sim.receiveText(eve, number, "unsubscribe");
        sim.receiveText(gil, number, "STOP");
        sim.advance(Duration.ofMinutes(1));
        fayAt = sim.clock().instant();
        sim.receiveText(fay, number, "Quit");
        sim.receiveText(gil, number, "START");
    }

    static String path(String link) {
        var uri = URI.create(link.substring(1, link.indexOf('>')));
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    @Test
    void theApiListsTheOptOutsNewestFirstInPagesAndByNumber() {
        var first = owner.get("/api/v1/text-opt-outs?limit=2");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().findValuesAsString("number")).containsExactly(fay, eve);
        JsonNode newest = first.json().get(0);
        assertThat(newest.get("keyword").asString()).isEqualTo("QUIT");
        assertThat(Instant.parse(newest.get("opted_out_at").asString())).isEqualTo(fayAt);
        var link = first.header("Link");
        assertThat(link).endsWith("; rel=\"next\"").contains("before_number=%2B1773");

        var second = owner.get(path(link));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().findValuesAsString("number")).containsExactly(dana);
        assertThat(Instant.parse(second.json().get(0).get("opted_out_at").asString())).isEqualTo(danaAt);
        assertThat(second.header("Link")).as("the last page").isNull();

        assertThat(owner.get("/api/v1/text-opt-outs").json().findValuesAsString("number")).as("Gil texted START since")
                .containsExactly(fay, eve, dana);
        // The number as people write it: the company's region is the US.
        var national = "(" + eve.substring(2, 5) + ") " + eve.substring(5, 8) + "-" + eve.substring(8);
        var one = owner.get("/api/v1/text-opt-outs?number=" + java.net.URLEncoder.encode(national, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(one.json().findValuesAsString("number")).containsExactly(eve);
        assertThat(owner.get("/api/v1/text-opt-outs?number=%2B17735550000").json().size()).isZero();
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        var number = owner.get("/api/v1/text-opt-outs?number=call-me");
        assertThat(number.status()).as("as the call log's number filter").isEqualTo(422);
        assertThat(number.errorField()).isEqualTo("number");
        var limit = owner.get("/api/v1/text-opt-outs?limit=0");
        assertThat(limit.status()).isEqualTo(422);
        assertThat(limit.errorField()).isEqualTo("limit");
        var half = owner.get("/api/v1/text-opt-outs?before_opted_out_at=" + fayAt);
        assertThat(half.status()).isEqualTo(422);
        assertThat(half.body()).contains("before_opted_out_at and before_number go together");
        // A cursor the database cannot hold is named, not refused as "body" (was).
        var far = owner.get("/api/v1/text-opt-outs?before_number=%2B17735550100&before_opted_out_at=%2B20000-01-01T00:00:00Z");
        assertThat(far.status()).as(far.body()).isEqualTo(422);
        assertThat(far.errorField()).isEqualTo("before_opted_out_at");
    }

    /** Supervisors read the list, agents do not; and no request removes a number: only the caller's START does. */
    @Test
    void ownersAdminsAndSupervisorsReadItAgentsDoNotAndNobodyRemovesANumber() {
        for (var role : new String[] {"ADMIN", "SUPERVISOR"}) {
            var user = owner.newUser(role, null);
            var list = user.get("/api/v1/text-opt-outs");
            assertThat(list.status()).as(role).isEqualTo(200);
            assertThat(list.json().size()).isEqualTo(3);
            assertThat(webLogin(user.email(), "their-password").get("/settings/communications/phone/text-opt-outs").status())
                    .as(role).isEqualTo(200);
        }
        var agent = owner.newUser("AGENT", null);
        assertThat(agent.get("/api/v1/text-opt-outs").status()).isEqualTo(403);
        assertThat(webLogin(agent.email(), "their-password").get("/settings/communications/phone/text-opt-outs").status()).isEqualTo(403);

        var delete = owner.delete("/api/v1/text-opt-outs/" + java.net.URLEncoder.encode(dana, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(delete.status()).as(delete.body()).isIn(404, 405);
        assertThat(owner.get("/api/v1/text-opt-outs").json().findValuesAsString("number")).contains(dana);
    }

    @Test
    void theApiDocsSayTheListIsReadOnly() {
        var docs = api().get("/v3/api-docs").json();
        var path = docs.get("paths").get("/api/v1/text-opt-outs");
        assertThat(path.has("get")).isTrue();
        assertThat(path.get("get").get("summary").asString()).contains("Read-only").contains("START").contains("no DELETE");
        assertThat(docs.get("paths").has("/api/v1/text-opt-outs/{number}")).isFalse();
        var properties = docs.get("components").get("schemas").get("TextOptOutsOptedOutCaller").get("properties");
        assertThat(properties.has("opted_out_at")).as(properties.toString()).isTrue();
        assertThat(properties.has("number")).isTrue();
        assertThat(properties.has("keyword")).isTrue();
    }

    /** The General tab counts them and links to a read-only page listing them, newest first, 50 a page. */
    /** A US number as the pages write it: "+17735550123" as "(773) 555-0123". */
    private static String shown(String e164) {
        return "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
    }

    @Test
    void theGeneralTabCountsThemAndLinksToAReadOnlyPagedList() {
        var web = webLogin(owner.email(), "correct-horse");
        var general = web.get("/settings/communications/phone/general");
        assertThat(general.body()).contains("3 callers texted STOP and are not texted back.")
                .contains("href=\"/settings/communications/phone/text-opt-outs\"");

        var page = web.get("/settings/communications/phone/text-opt-outs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("3 callers have opted out.").contains(dev.switchboard.tenancy.DisplayFormats.DATE_TIME
                        .format(fayAt.atZone(java.time.ZoneId.of("America/Chicago")))).contains("QUIT")
                .contains("read-only").doesNotContain("<button type=\"submit\" class=\"secondary\">Remove")
                .doesNotContain("Earlier opt-outs");
        assertThat(page.body().indexOf(shown(fay))).as("newest first").isLessThan(page.body().indexOf(shown(eve)));
        assertThat(page.body().indexOf(shown(eve))).isLessThan(page.body().indexOf(shown(dana)));
        var found = web.get("/settings/communications/phone/text-opt-outs?number=" + java.net.URLEncoder.encode(eve, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(found.body()).contains(shown(eve)).doesNotContain(shown(dana)).doesNotContain(shown(fay));
        var bad = web.get("/settings/communications/phone/text-opt-outs?number=call-me");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("number-error");

        // 50 more, an hour earlier, a second apart: the first page is the newest 50, the next the 3 above's elders.
        inCompany(() -> {
            for (int i = 0; i < 50; i++) {
                jdbc.sql("insert into call_text_opt_outs (company_id, number, opted_out, keyword, changed_at, event_id) values (:c, :n, true, 'STOP', :at, :e)")
                        .param("c", company.value()).param("n", "+1312555" + String.format("%04d", i))
                        .param("at", Timestamp.from(danaAt.minus(Duration.ofHours(1)).plusSeconds(i))).param("e", "test-" + i).update();
            }
            return null;
        });
        var first = web.get("/settings/communications/phone/text-opt-outs");
        assertThat(first.body()).contains("53 callers have opted out.").contains(shown(fay)).contains("(312) 555-0049")
                .doesNotContain("(312) 555-0002").contains("Earlier opt-outs");
        var next = first.body().replaceAll("(?s).*href=\"([^\"]*)\"[^>]*>Earlier opt-outs.*", "$1").replace("&amp;", "&");
        var second = web.get(next);
        assertThat(second.status()).as(next).isEqualTo(200);
        assertThat(second.body()).contains("(312) 555-0002").contains("(312) 555-0000").doesNotContain("(312) 555-0003")
                .doesNotContain(shown(fay)).doesNotContain("Earlier opt-outs");
    }
}
