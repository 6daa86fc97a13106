package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Times of day in the forms' time fields, which hold 00:00 to 23:59 (a browser blanks "24:00"), and in the API: a rule's
 * time window and a part-day holiday ending at midnight come back as 00:00 and save again as they came; 00:00 typed as
 * an end is the midnight that ends the day; one end of a window only is refused as that (it was "'null' is not a time");
 * seconds other than :00 are refused everywhere, as the weekly hours refuse them (a holiday's and a window's were dropped).
 */
class TimeFieldsTest extends IntegrationTest {

    static final String RULES = "/settings/communications/phone/routing";
    static final String HOLIDAYS = "/settings/communications/phone/holidays";

    ApiClient api;
    WebClient web;

    @BeforeEach
    void company() {
        api = api().signUpNewCompany("Time Fields Co");
        web = webLogin(api.email(), "correct-horse");
    }

    @Test
    void aRulesWindowEndingAtMidnightComesBackAsATimeFieldHoldsItAndSavesAgain() {
        var rule = api.post("/api/v1/routing-rules", Map.of("name", "Evenings", "type", "CONDITIONAL",
                "conditions", Map.of("time_from", "18:00", "time_to", "24:00"), "match_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var id = rule.json().get("rule").get("id").asString();
        var form = web.get(RULES + "/" + id).body();
        assertThat(form).contains("name=\"timeTo\" type=\"time\" value=\"00:00\"").doesNotContain("value=\"24:00\"");
        // Saved as the browser sends the form back: the window is still 18:00 to midnight.
        var again = web.post(RULES + "/" + id, "name", "Evenings", "type", "CONDITIONAL", "enabled", "true", "timeFrom", "18:00",
                "timeTo", "00:00", "matchKind", "VOICEMAIL");
        assertThat(again.status()).as(again.body()).isEqualTo(302);
        var conditions = api.get("/api/v1/routing-rules/" + id).json().get("conditions");
        assertThat(conditions.get("time_from_minute").asInt() + "-" + conditions.get("time_to_minute").asInt()).as("18:00 to 24:00")
                .isEqualTo("1080-1440");
        // 00:00 to 00:00 typed is the whole day, not an empty window.
        var wholeDay = web.post(RULES + "/" + id, "name", "Evenings", "type", "CONDITIONAL", "enabled", "true", "timeFrom", "00:00",
                "timeTo", "00:00", "matchKind", "VOICEMAIL");
        assertThat(wholeDay.status()).as(wholeDay.body()).isEqualTo(302);
        conditions = api.get("/api/v1/routing-rules/" + id).json().get("conditions");
        assertThat(conditions.get("time_from_minute").asInt() + "-" + conditions.get("time_to_minute").asInt()).as("00:00 to 24:00")
                .isEqualTo("0-1440");
    }

    @Test
    void aWindowWithOneEndOnlyOrWithSecondsIsRefusedNamingTheField() {
        for (var half : List.of(Map.of("time_from", "09:00"), Map.of("time_to", "17:00"))) {
            var refused = api.post("/api/v1/routing-rules", Map.of("name", "Half", "type", "CONDITIONAL", "conditions", half,
                    "match_target", Map.of("kind", "HANGUP")));
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.errorField()).isEqualTo(half.containsKey("time_from") ? "conditions.time_to" : "conditions.time_from");
            assertThat(refused.errorRule()).isEqualTo("required");
            assertThat(refused.body()).contains("a time window needs both a start and an end").doesNotContain("null");
        }
        var page = web.post(RULES, "name", "Half", "type", "CONDITIONAL", "enabled", "true", "timeFrom", "09:00", "matchKind", "HANGUP");
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("a time window needs both a start and an end").doesNotContain("&#39;null&#39;");
        var seconds = api.post("/api/v1/routing-rules", Map.of("name", "Seconds", "type", "CONDITIONAL",
                "conditions", Map.of("time_from", "09:00:30", "time_to", "17:00"), "match_target", Map.of("kind", "HANGUP")));
        assertThat(seconds.status()).as(seconds.body()).isEqualTo(422);
        assertThat(seconds.errorField()).isEqualTo("conditions.time_from");
        assertThat(seconds.body()).contains("must be whole minutes");
        assertThat(api.get("/api/v1/routing-rules").json()).as("nothing saved").isEmpty();
    }

    @Test
    void aPartDayHolidayEndingAtMidnightComesBackAsATimeFieldHoldsItAndSecondsAreRefused() {
        var holiday = api.post("/api/v1/holidays", Map.of("name", "Christmas Eve", "date", "2027-12-24", "recurrence", "YEARLY",
                "start", "12:00", "end", "24:00"));
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(201);
        var id = holiday.json().get("id").asString();
        var form = web.get(HOLIDAYS + "/" + id).body();
        assertThat(form).contains("name=\"end\" type=\"time\" value=\"00:00\"").doesNotContain("value=\"24:00\"");
        var again = web.post(HOLIDAYS + "/" + id, "name", "Christmas Eve", "date", "2027-12-24", "recurrence", "YEARLY", "start", "12:00",
                "end", "00:00", "enabled", "true");
        assertThat(again.status()).as(again.body()).isEqualTo(302);
        var saved = api.get("/api/v1/holidays/" + id).json();
        assertThat(saved.get("start").asString() + "-" + saved.get("end").asString()).isEqualTo("12:00-24:00");

        var seconds = api.post("/api/v1/holidays", Map.of("name", "Lunch", "date", "2027-06-01", "start", "12:00:59", "end", "13:30"));
        assertThat(seconds.status()).as(seconds.body()).isEqualTo(422);
        assertThat(seconds.errorField()).isEqualTo("start");
        assertThat(seconds.body()).contains("must be whole minutes");
        var midnightAsSeconds = api.post("/api/v1/holidays", Map.of("name", "Afternoon", "date", "2027-06-02", "start", "12:00",
                "end", "24:00:00"));
        assertThat(midnightAsSeconds.status()).as("24:00:00 is midnight, as the weekly hours read it: " + midnightAsSeconds.body())
                .isEqualTo(201);
    }
}
