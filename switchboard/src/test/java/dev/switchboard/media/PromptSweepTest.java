package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sweep deletes, row and bytes, the prompts nothing uses any more once they are older than the grace period (a
 * day): one kept at its replacement because a call was still playing it, once that call has ended; one whose clean-up
 * never ran (a crash between the commit and the delete); an upload never put to use. Never a prompt in use, a fresh
 * upload, a caller's message or a call recording. In virtual time.
 */
class PromptSweepTest extends IntegrationTest {

    private static final Duration GRACE = Duration.ofDays(1);

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }
    }

    @Autowired
    SimClock clock;
    @Autowired
    PromptSweep sweep;
    @Autowired
    Media media;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;

    ApiClient owner;
    CompanyId company;
    byte[] wav;

    @BeforeEach
    void company() throws Exception {
        owner = api().signUpNewCompany("Prompt Sweepers " + UUID.randomUUID());
        company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        wav = TestAudio.wav();
    }

    @Test
    void aGreetingKeptForACallInProgressIsSweptOnceThatCallHasEnded() {
        var greeting = upload();
        var christmas = holiday("Christmas", "2026-12-25", greeting);
        var call = UUID.randomUUID();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into calls (company_id, id, direction, phase, plan, started_at)
                values (:c, :id, 'INBOUND', 'GREETING', cast(:plan as json), :now)
                """).param("c", company.value()).param("id", call).param("now", Timestamp.from(clock.instant()))
                .param("plan", "{\"greeting\":{\"text\":null,\"media_id\":\"" + greeting + "\"}}").update()));
        assertThat(owner.put("/api/v1/holidays/" + christmas, Map.of("name", "Christmas", "date", "2026-12-25",
                "recurrence", "YEARLY", "greeting_text", "Closed.")).status()).isEqualTo(200);
        assertThat(stored(greeting)).as("kept at its replacement: a caller is hearing it").isTrue();

        clock.advance(GRACE.plusHours(1));
        sweep.sweep();
        assertThat(stored(greeting)).as("the call is still going on").isTrue();

        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql(
                "update calls set ended_at = :now where company_id = :c and id = :id")
                .param("now", Timestamp.from(clock.instant())).param("c", company.value()).param("id", call).update()));
        sweep.sweep();
        assertThat(stored(greeting)).as("the call has ended and nothing else plays it").isFalse();
    }

    @Test
    void aPromptWhoseCleanUpNeverRanIsSwept() {
        var greeting = upload();
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", greeting)).status())
                .isEqualTo(200);
        // The box let go of it and the node stopped before its clean-up after the commit.
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql(
                "update voicemail_boxes set greeting_media_id = null, greeting_type = 'DEFAULT' where company_id = :c")
                .param("c", company.value()).update()));
        assertThat(stored(greeting)).isTrue();

        clock.advance(GRACE.plusSeconds(1));
        sweep.sweep();
        assertThat(stored(greeting)).isFalse();
    }

    @Test
    void promptsInUseAreNeverSwept() {
        var boxGreeting = upload();
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", boxGreeting)).status())
                .isEqualTo(200);
        var holidayGreeting = upload();
        holiday("New Year", "2027-01-01", holidayGreeting);
        var menuGreeting = upload();
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_media_id", menuGreeting, "options", Map.of()));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann Reed")).json().get("id").asString();
        var holdMusic = upload();
        var queue = owner.post("/api/v1/queues", Map.of("name", "Sales", "member_ids", List.of(ann), "hold_media_id", holdMusic));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);

        clock.advance(Duration.ofDays(30));
        sweep.sweep();
        assertThat(List.of(boxGreeting, holidayGreeting, menuGreeting, holdMusic)).allSatisfy(id -> assertThat(stored(id)).isTrue());
    }

    @Test
    void anUploadIsNotSweptWithinTheGracePeriodAndIsAfterItWhenNothingUsesIt() {
        var fresh = upload(); // as an upload whose form is being saved, or one an API client has yet to set as a greeting

        clock.advance(GRACE.minusSeconds(1));
        sweep.sweep();
        assertThat(stored(fresh)).as("within the grace period").isTrue();

        clock.advance(Duration.ofSeconds(2));
        sweep.sweep();
        assertThat(stored(fresh)).as("a day old and never used").isFalse();
    }

    @Test
    void messagesAndRecordingsAreNeverSwept() {
        var ids = TenantContext.callAs(company, () -> tx.execute(s -> List.of(
                media.storeFetched("voicemail", "message.wav", wav).id(), media.storeFetched("recording", "call.wav", wav).id())));

        clock.advance(Duration.ofDays(400));
        sweep.sweep();
        assertThat(ids).allSatisfy(id -> assertThat(stored(id)).isTrue());
    }

    private PromptFixture prompts() {
        return new PromptFixture(owner, company, media, tx, wav);
    }

    private UUID upload() {
        return prompts().upload();
    }

    private String holiday(String name, String date, UUID greeting) {
        return prompts().holiday(name, date, greeting);
    }

    private boolean stored(UUID id) {
        return prompts().stored(id);
    }
}
