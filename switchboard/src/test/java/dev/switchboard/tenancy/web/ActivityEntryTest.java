package dev.switchboard.tenancy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.AuditedThings;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How one audit entry reads on the Activity page: its sentence and its changed fields, without Spring. */
class ActivityEntryTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final Instant SUMMER_EVENING = Instant.parse("2026-07-04T00:30:00Z");

    static JsonNode json(String text) {
        return text == null ? null : JSON.readTree(text);
    }

    static ActivityEntry entry(String type, String id, String action, String before, String after, AuditedThings.Shown shown) {
        var e = new AuditLog.Entry(7, SUMMER_EVENING, UUID.randomUUID(), "maria@example.com", type, id, action, json(before), json(after));
        return ActivityEntry.of(e, "Maria Lopez", shown, CHICAGO);
    }

    @Test
    void saysTheTimeInTheCompanysZoneWithItsSummerOffset() {
        var e = entry("routing_rule", "r1", "create", null, "{\"name\":\"VIP customers\"}", null);
        assertThat(e.sentence()).isEqualTo("Maria Lopez added routing rule 'VIP customers' on Fri 3 Jul 2026, 7:30 PM");
        assertThat(e.href()).isNull();
    }

    @Test
    void namesAHolidayByItsRuleAndAMemberWhoseEntryHoldsNoNameByTheirNameNow() {
        assertThat(entry("holiday", "h1", "delete", "{\"rule\":{\"name\":\"Christmas\"}}", null, null).sentence())
                .startsWith("Maria Lopez deleted holiday 'Christmas' on");
        var ann = new AuditedThings.Shown("Ann", "/settings/communications/phone/extensions/m1/edit");
        var vacation = entry("team_availability", "m1", "vacation", "{\"status\":\"AVAILABLE\"}", "{\"status\":\"AVAILABLE\"}", ann);
        assertThat(vacation.sentence()).startsWith("Maria Lopez set a vacation for team member 'Ann' on");
        assertThat(vacation.href()).isEqualTo(ann.href());
        assertThat(entry("team_member", "m1", "update (voicemail PIN changed)", "{\"name\":\"Ann\"}", "{\"name\":\"Ann\"}", ann).sentence())
                .startsWith("Maria Lopez changed team member 'Ann' (voicemail PIN changed) on");
        // An override ended by a new one reads as cancelled, and why.
        assertThat(entry("schedule_override", "o1", "cancel (replaced by a new override)", null, null, null).sentence())
                .as("not 'cancel (replaced ...) override'").contains(" cancelled ").contains(" (replaced by a new override) on");
    }

    @Test
    void aVoicemailMessageDeletedRestoredAndDeletedForeverReadsAsSuch() {
        var message = "{\"from_number\":\"+17735550123\"}";
        assertThat(entry("voicemail_message", "v1", "delete", message, null, null).sentence())
                .startsWith("Maria Lopez deleted a voicemail message on");
        assertThat(entry("voicemail_message", "v1", "restore", null, message, null).sentence())
                .startsWith("Maria Lopez restored a voicemail message on");
        assertThat(entry("voicemail_message", "v1", "purge", message, null, null).sentence())
                .startsWith("Maria Lopez permanently deleted a voicemail message on");
    }

    @Test
    void anActionOnTheWholeListNamesNoOneThing() {
        assertThat(entry("routing_rule", null, "reorder", "[\"a\",\"b\"]", "[\"b\",\"a\"]", null).sentence())
                .startsWith("Maria Lopez reordered the routing rules on");
        assertThat(entry("holiday", null, "import us 2027", null, "{\"imported\":3}", null).sentence())
                .startsWith("Maria Lopez imported holidays us 2027 on");
        assertThat(entry("phone_settings", "c1", "update", "{}", "{}", null).sentence())
                .startsWith("Maria Lopez changed the phone settings on");
    }

    @Test
    void aChangeShowsOnlyTheFieldsThatChangedInWordsNestedByPath() {
        var rows = ChangeDetails.of(
                json("""
                        {"id":"r1","updated_at":"2026-01-01T00:00:00Z","name":"VIP","ring_timeout_seconds":20,"enabled":true,
                         "member_ids":["a","b"],"open_target":{"kind":"MEMBER","member_id":"a"},"conditions":[]}"""),
                json("""
                        {"id":"r1","updated_at":"2026-02-01T00:00:00Z","name":"VIP","ring_timeout_seconds":35,"enabled":false,
                         "member_ids":["a"],"open_target":{"kind":"VOICEMAIL","member_id":null},
                         "conditions":[{"kind":"CALLER_PATTERN","value":"+1773*"}]}"""));
        assertThat(rows).containsExactly(
                new ChangeDetails.Row("Ring timeout seconds", "20", "35"),
                new ChangeDetails.Row("Enabled", "yes", "no"),
                new ChangeDetails.Row("Member ids", "a, b", "a"),
                new ChangeDetails.Row("Open target › Kind", "MEMBER", "VOICEMAIL"),
                new ChangeDetails.Row("Open target › Member id", "a", "(none)"),
                new ChangeDetails.Row("Conditions 1 › Kind", "(none)", "CALLER_PATTERN"),
                new ChangeDetails.Row("Conditions 1 › Value", "(none)", "+1773*"));
    }

    @Test
    void valuesReadAsTheirValuesSayAndHiddenFieldsAreLeftOutWhereverTheyAre() {
        var values = new ChangeDetails.Values() {
            @Override
            public String say(String field, String value) {
                return field.equals("member_ids") || field.equals("member_id") ? "member " + value : value.toLowerCase();
            }

            @Override
            public boolean hidden(String field) {
                return field.equals("round_robin_next");
            }
        };
        assertThat(ChangeDetails.of(json("{\"type\":\"SIMULTANEOUS\",\"member_ids\":[\"a\",\"b\"],\"round_robin_next\":1,"
                        + "\"target\":{\"kind\":\"VOICEMAIL\",\"member_id\":null}}"),
                json("{\"type\":\"ROUND_ROBIN\",\"member_ids\":[\"a\"],\"round_robin_next\":2,"
                        + "\"target\":{\"kind\":\"MEMBER\",\"member_id\":\"a\"}}"), values))
                .containsExactly(
                        new ChangeDetails.Row("Type", "simultaneous", "round_robin"),
                        new ChangeDetails.Row("Member ids", "member a, member b", "member a"),
                        new ChangeDetails.Row("Target › Kind", "voicemail", "member"),
                        new ChangeDetails.Row("Target › Member id", "(none)", "member a"));
    }

    @Test
    void anAdditionOrDeletionShowsTheFieldsThatHoldSomethingOnItsOneSide() {
        assertThat(ChangeDetails.of(null, json("{\"id\":\"x\",\"name\":\"Sales\",\"days\":[],\"notes\":null,\"tag\":\"\"}")))
                .containsExactly(new ChangeDetails.Row("Name", "", "Sales"));
        assertThat(ChangeDetails.of(json("{\"name\":\"Sales\",\"open\":false}"), null))
                .containsExactly(new ChangeDetails.Row("Name", "Sales", ""), new ChangeDetails.Row("Open", "no", ""));
        assertThat(ChangeDetails.of(null, null)).isEmpty();
    }

    @Test
    void bookkeepingIsLeftOutWhereverItIsNestedAndTimesReadInTheCompanysZone() {
        var values = new ActivityValues(java.util.List.of(), java.util.List.of(), CHICAGO).of("holiday");
        assertThat(ChangeDetails.of(
                json("""
                        {"rule":{"id":"a","version":1,"company_id":"c","date":"2026-12-25","name":"Christmas"},
                         "until":"2026-07-04T00:30:00Z","updated_at":"2026-01-01T00:00:00Z"}"""),
                json("""
                        {"rule":{"id":"b","version":2,"company_id":"c","date":"2026-12-26","name":"Christmas"},
                         "until":"2026-07-04T02:00:00.123456Z","updated_at":"2026-02-01T00:00:00Z"}"""), values))
                .containsExactly(new ChangeDetails.Row("Rule › Date", "Fri 25 Dec 2026", "Sat 26 Dec 2026"),
                        new ChangeDetails.Row("Until", "Fri 3 Jul 2026, 7:30 PM", "Fri 3 Jul 2026, 9:00 PM"));
    }

    @Test
    void aReferenceNamesWhatItRefersToInItsLabelAndAReorderedListItsOwnKind() {
        var values = new ActivityValues(java.util.List.of(), java.util.List.of(), CHICAGO).of("routing_rule");
        var a = UUID.randomUUID().toString();
        var b = UUID.randomUUID().toString();
        assertThat(ChangeDetails.of(null, json("[\"" + b + "\",\"" + a + "\"]"), values))
                .containsExactly(new ChangeDetails.Row("Value", "", "a deleted routing rule, a deleted routing rule"));
        assertThat(ChangeDetails.of(json("{\"customer_id\":null,\"greeting_media_id\":null}"),
                json("{\"customer_id\":\"" + a + "\",\"greeting_media_id\":\"" + b + "\"}"), values))
                .containsExactly(new ChangeDetails.Row("Customer", "(none)", "a deleted customer"),
                        new ChangeDetails.Row("Greeting recording", "(none)", "a deleted audio file"));
    }
}
