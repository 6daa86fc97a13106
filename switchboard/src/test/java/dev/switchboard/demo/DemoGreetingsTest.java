package dev.switchboard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Demo Plumbing's callers hear is true to what its configuration does with their call: after hours the general
 * voicemail greeted them with "Nobody is available" (not that the office is closed, nor when it opens), and on
 * Thanksgiving, which leads only to voicemail, they were told to stay on the line for emergencies.
 */
class DemoGreetingsTest extends IntegrationTest {

    ApiClient.Response simulate(ApiClient demo, String at) {
        var r = demo.post("/api/v1/routing/simulate", Map.of("from", "+17735550199", "to", "+13125550100", "at", at));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    @Test
    void afterHoursTheGeneralVoicemailSaysTheOfficeIsClosedAndWhenItOpens() {
        var demo = api().login("owner@demo.test", "demo");
        var night = simulate(demo, "2026-11-26T04:00:00Z").json(); // Wednesday 22:00 in Chicago
        assertThat(night.get("trace").toString()).contains("closed (outside business hours)");
        assertThat(night.get("action").get("type").asString()).isEqualTo("voicemail");
        assertThat(night.get("action").get("member_id").isNull()).as("the general mailbox").isTrue();

        var general = demo.get("/api/v1/voicemail/settings").json().get("settings");
        assertThat(general.get("greeting_type").asString()).isEqualTo("TEXT_TO_SPEECH");
        assertThat(general.get("greeting_text").asString()).doesNotContain("Nobody is available")
                .contains("open Monday to Friday from 7 AM to 6 PM and Saturday from 8 AM to noon, and closed outside those hours");
        // The hours it gives are the schedule's.
        assertThat(simulate(demo, "2026-11-30T12:59:00Z").json().get("trace").toString()).contains("closed ("); // Mon 6:59
        assertThat(simulate(demo, "2026-11-30T13:00:00Z").json().get("trace").toString()).contains("open ("); // Mon 7:00
        assertThat(simulate(demo, "2026-11-28T17:59:00Z").json().get("trace").toString()).contains("open ("); // Sat 11:59
        assertThat(simulate(demo, "2026-11-28T18:00:00Z").json().get("trace").toString()).contains("closed ("); // Sat 12:00
    }

    @Test
    void onThanksgivingTheGreetingLeadsToVoicemailAsTheHolidayDoesAndSaysWhenTheOfficeOpens() {
        var demo = api().login("owner@demo.test", "demo");
        var thanksgiving = simulate(demo, "2026-11-26T18:00:00Z").json(); // Thursday 26 November, noon
        assertThat(thanksgiving.get("trace").toString()).contains("holiday today: Thanksgiving");
        assertThat(thanksgiving.get("action").get("type").asString()).as("no rule for the day: voicemail").isEqualTo("voicemail");
        var greeting = thanksgiving.get("greeting").get("text").asString();
        assertThat(greeting).doesNotContain("stay on the line").contains("closed today, and open again tomorrow at 7 AM");
        assertThat(simulate(demo, "2026-11-27T13:00:00Z").json().get("trace").toString()).as("Friday 7:00").contains("open (");
    }
}
