package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A greeting a member records by phone is said to be saved only once its copy is stored: a copy that fails once is
 * tried again at once, and one that keeps failing is owned up to, the greeting left as it was.
 */
@Import(GreetingByPhoneTest.Config.class)
class GreetingByPhoneTest extends VirtualTimeCallTest {

    /** How many of the next downloads from the carrier fail (503). */
    static final AtomicInteger FAILURES = new AtomicInteger();

    @TestConfiguration
    static class Config {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }

        @Bean
        @Primary
        RecordingFetcher flakyCarrier(dev.switchboard.simulator.TelnyxSimulator simulator) {
            return url -> {
                if (FAILURES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IllegalStateException("HTTP 503 for " + url);
                }
                return simulator.recordingAudio(url);
            };
        }
    }


    /** Ann records a new greeting by phone; the carrier's copy fails {@code failures} times; what she hears last. */
    private String recordGreeting(int failures) {
        newCompany("Greeting Co");
        var annPhone = randomNumber("773");
        var did = randomNumber("312");
        var r = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "voicemail_pin", "4731",
                "call_forwarding_number", annPhone, "direct_inward_dial", did));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ann = r.json().get("id").asString();
        this.annPhone = annPhone;
        this.did = did;
        return recordAgain(failures);
    }

    private String annPhone;
    private String did;

    /** Ann, already set up by {@link #recordGreeting}, calls in and records a greeting again. */
    private String recordAgain(int failures) {
        var caller = sim.call(annPhone, did);
        until(caller, h -> h.startsWith("Voicemail for Ann. Please enter your PIN"));
        caller.press("4731#");
        until(caller, h -> h.startsWith("You have no new messages"));
        caller.press("9");
        until(caller, h -> h.equals("(beep)"));
        sim.advance(Duration.ofSeconds(6));
        FAILURES.set(failures);
        caller.press("#");
        until(caller, h -> h.endsWith("Goodbye."));
        return caller.heard().getLast();
    }

    private String greetingType() {
        return owner.get("/api/v1/members/" + ann + "/voicemail").json().get("settings").get("greeting_type").asString();
    }

    @Test
    void aCopyThatFailsOnceIsTriedAgainAndTheGreetingIsSaved() {
        assertThat(recordGreeting(1)).isEqualTo("Your new greeting is saved. Goodbye.");
        assertThat(greetingType()).isEqualTo("AUDIO");
        // Only the greeting changed: the box's first save kept the 90 days it showed, not "keep forever" (found by a walk).
        var settings = owner.get("/api/v1/members/" + ann + "/voicemail").json().get("settings");
        assertThat(settings.get("retention_days").asInt()).as(settings.toString()).isEqualTo(90);
        assertThat(settings.get("max_message_seconds").asInt()).isEqualTo(120);
    }

    @Test
    void aGreetingRecordedAgainReplacesTheFileOfTheOldOne() {
        assertThat(recordGreeting(0)).isEqualTo("Your new greeting is saved. Goodbye.");
        var first = greetingMediaId();
        assertThat(owner.get("/api/v1/media/" + first).status()).isEqualTo(200);
        assertThat(recordAgain(0)).isEqualTo("Your new greeting is saved. Goodbye.");
        assertThat(greetingMediaId()).isNotEqualTo(first);
        assertThat(owner.get("/api/v1/media/" + first).status()).as("the replaced recording is deleted").isEqualTo(404);
        assertThat(owner.get("/api/v1/media/" + greetingMediaId()).status()).isEqualTo(200);
    }

    private String greetingMediaId() {
        return owner.get("/api/v1/members/" + ann + "/voicemail").json().get("settings").get("greeting_media_id").asString();
    }

    @Test
    void theActivitySaysTheMemberChangedTheirGreetingByPhoneUnderTheirLoginWhenTheyHaveOne() {
        assertThat(recordGreeting(0)).isEqualTo("Your new greeting is saved. Goodbye.");
        var web = webLogin(owner.email(), "correct-horse");
        // Ann has no login: named all the same, never "The system".
        assertThat(text(web.get("/settings/activity?kind=voicemail_box").body()))
                .contains("Ann changed their voicemail greeting by phone on").doesNotContain("The system changed");

        var login = owner.newUser("AGENT", ann);
        var loginId = login.get("/api/v1/me").json().get("user_id").asString();
        assertThat(recordAgain(0)).isEqualTo("Your new greeting is saved. Goodbye.");
        var latest = owner.get("/api/v1/audit-log?entity_type=voicemail_box").json().get(0);
        assertThat(latest.get("action").asString()).isEqualTo("greeting recorded by phone");
        assertThat(latest.get("actor_id").asString()).as("filed under Ann's login").isEqualTo(loginId);
        assertThat(text(web.get("/settings/activity?who=" + loginId).body()))
                .as("the login is named by its name, its team member's when it was made without one")
                .contains("Ann changed their voicemail greeting by phone on");
    }

    @Test
    void theActivityNamesAGreetingRecordedByPhoneByItsMemberLinkedWhileTheyAreOne() {
        assertThat(recordGreeting(0)).isEqualTo("Your new greeting is saved. Goodbye.");
        var web = webLogin(owner.email(), "correct-horse");
        var edit = "href=\"/settings/communications/phone/extensions/" + ann + "/edit\"";
        var upload = web.get("/settings/activity?kind=media").body();
        assertThat(text(upload)).contains("uploaded greeting 'Voicemail greeting of Ann' on")
                .contains("File Voicemail greeting of Ann").doesNotContain("greeting-");
        assertThat(upload).contains(edit + ">greeting &#39;Voicemail greeting of Ann&#39;</a>");
        var box = web.get("/settings/activity?kind=voicemail_box").body();
        assertThat(text(box)).contains("Upload a recording (none) Voicemail greeting of Ann").doesNotContain("greeting-");
        assertThat(box).contains(edit + ">Voicemail greeting of Ann</a>");

        assertThat(owner.delete("/api/v1/members/" + ann).status()).isEqualTo(204);
        var removed = web.get("/settings/activity?kind=media").body();
        assertThat(text(removed)).contains("uploaded greeting 'Voicemail greeting of Ann (removed)' on").doesNotContain("greeting-");
        assertThat(removed).doesNotContain(edit);
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replace("&#39;", "'").replaceAll("\\s+", " ");
    }

    @Test
    void aCopyThatKeepsFailingIsOwnedUpToAndTheGreetingStaysAsItWas() {
        assertThat(recordGreeting(10)).startsWith("Sorry, your new greeting could not be saved.");
        assertThat(greetingType()).isEqualTo("DEFAULT");
        FAILURES.set(0);
    }
}
