package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.VirtualTimeCallTest;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * Migration V1_38's correction of the calls logged before it: a queue callback's call out whose member never took it
 * (no caller leg: the member's answer sets it, before the customer is dialled) that ended ABANDONED or FAILED becomes
 * OFFER_NOT_TAKEN, and nothing else changes: not a real abandoned inbound call, not a click-to-call nobody picked up, not
 * a callback the member took, not one still ringing. Flyway ran the migration on an empty table long before this test's
 * rows exist, so its UPDATE statements, read from the migration file itself, are run again on rows inserted in the old
 * shape (under this test's company, which the rows all belong to).
 */
class CallbackOfferMigrationTest extends VirtualTimeCallTest {

    private static final String MIGRATION = "db/migration/calls/V1_38__callback_offer_not_taken.sql";

    @BeforeEach
    void company() {
        newCompany("Migration Co");
    }

    /** The migration's UPDATE statements (its constraint change is in the schema already), comments left out. */
    static java.util.List<String> corrections() throws java.io.IOException {
        var text = new ClassPathResource(MIGRATION).getContentAsString(StandardCharsets.UTF_8);
        var sql = String.join("\n", text.lines().filter(l -> !l.strip().startsWith("--")).toList());
        return Arrays.stream(sql.split(";")).map(String::strip).filter(s -> s.regionMatches(true, 0, "update", 0, 6)).toList();
    }

    UUID call(String direction, String placedBy, String callerLeg, String outcome, boolean ended) {
        var id = UUID.randomUUID();
        var at = Instant.parse("2026-10-01T15:00:00Z");
        var metadata = placedBy == null ? "{}" : "{\"placed_by\":\"" + placedBy + "\"}";
        inCompany(() -> jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, caller_leg_id, started_at, ended_at, outcome, metadata)
                values (:c, :id, :dir, :from, '+17735550188', :phase, :leg, :at, :ended, :outcome, cast(:metadata as jsonb))
                """).param("c", company.value()).param("id", id).param("dir", direction).param("from", number)
                .param("phase", ended ? "ENDED" : "DIALING_MEMBER").param("leg", callerLeg).param("at", Timestamp.from(at))
                .param("ended", ended ? Timestamp.from(at.plusSeconds(30)) : null).param("outcome", outcome).param("metadata", metadata)
                .update());
        return id;
    }

    String outcome(UUID id) {
        return inCompany(() -> jdbc.sql("select outcome from calls where company_id = :c and id = :id").param("c", company.value())
                .param("id", id).query(String.class).optional().orElse(null));
    }

    @Test
    void oldCallbackOffersNobodyTookBecomeOfferNotTakenAndNoOtherCallChanges() throws Exception {
        var expected = new LinkedHashMap<UUID, String>();
        var names = new LinkedHashMap<UUID, String>();
        // Changed: offers no member took, logged before the outcome existed.
        put(expected, names, call("OUTBOUND", "queue_callback", null, "ABANDONED", true), "OFFER_NOT_TAKEN", "offer rung out, ABANDONED");
        put(expected, names, call("OUTBOUND", "queue_callback", null, "FAILED", true), "OFFER_NOT_TAKEN", "offer whose phone failed");
        // Unchanged.
        put(expected, names, call("INBOUND", null, "v3:caller-" + UUID.randomUUID(), "ABANDONED", true), "ABANDONED",
                "an inbound caller who left the queue");
        put(expected, names, call("INBOUND", null, null, "ABANDONED", true), "ABANDONED", "an inbound call whose caller leg is unknown");
        put(expected, names, call("OUTBOUND", "click_to_call", null, "ABANDONED", true), "ABANDONED", "a click-to-call nobody picked up");
        put(expected, names, call("OUTBOUND", "click_to_call", null, "FAILED", true), "FAILED", "a click-to-call that failed");
        put(expected, names, call("OUTBOUND", "queue_callback", "v3:member-" + UUID.randomUUID(), "ABANDONED", true), "ABANDONED",
                "a callback the member took, the customer not answering");
        put(expected, names, call("OUTBOUND", "queue_callback", "v3:member-" + UUID.randomUUID(), "ANSWERED", true), "ANSWERED",
                "a callback that reached the customer");
        put(expected, names, call("OUTBOUND", "queue_callback", null, "REJECTED", true), "REJECTED", "an offer logged otherwise");
        put(expected, names, call("OUTBOUND", "queue_callback", null, null, false), null, "an offer still ringing");

        var statements = corrections();
        assertThat(statements).as("the migration's corrections").hasSize(1);
        int changed = inCompany(() -> statements.stream().mapToInt(s -> jdbc.sql(s).update()).sum());

        for (var e : expected.entrySet()) {
            assertThat(outcome(e.getKey())).as(names.get(e.getKey())).isEqualTo(e.getValue());
        }
        assertThat(changed).as("the two offers, nothing else of the company").isEqualTo(2);
    }

    private static void put(Map<UUID, String> expected, Map<UUID, String> names, UUID id, String outcome, String name) {
        expected.put(id, outcome);
        names.put(id, name);
    }
}
