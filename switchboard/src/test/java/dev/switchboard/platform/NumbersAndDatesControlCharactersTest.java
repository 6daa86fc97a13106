package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A phone number or a date holding a control character (a C string's NUL at its end, a tab or a line break pasted
 * after it) is refused naming the field, in the words every other text is refused in, and nothing changes. Jackson's
 * date readers trim them away and libphonenumber skips them, so "2026-12-25\u0000" was saved as the 25th and
 * "+17735550123\t" looked up as that number (found by ApiBadInputFuzzTest's NUL and control-character mutations).
 */
class NumbersAndDatesControlCharactersTest extends IntegrationTest {

    @Test
    void aDateOrAnInstantInAJsonBodyWithAControlCharacterIsRefusedNamingTheField() {
        var owner = api().signUpNewCompany("Dated Co");
        var member = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "201")).json().get("id").asString();

        assertRefused(owner.post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25\u0000", "recurrence", "YEARLY")),
                "date", "must not contain control characters (U+0000, the NUL character)");
        assertRefused(owner.post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25\t", "recurrence", "YEARLY")),
                "date", "must not contain control characters (U+0009, a tab)");
        assertRefused(owner.post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25", "recurrence", "YEARLY",
                "exception_dates", List.of("2027-12-25\n"))), "exception_dates[0]",
                "must not contain control characters (U+000A, a line break: this text is one line)");
        assertThat(owner.get("/api/v1/holidays").json()).as("no holiday saved").isEmpty();

        assertRefused(owner.put("/api/v1/members/" + member + "/vacation", Map.of("start_date", "2030-07-01\u0000", "end_date",
                "2030-07-14")), "start_date", "must not contain control characters (U+0000, the NUL character)");
        assertThat(owner.get("/api/v1/members/" + member).body()).as("no vacation set").doesNotContain("2030-07");

        var until = java.time.Instant.now().plusSeconds(3_600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertRefused(owner.post("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL", "until", until + "\u001b",
                "reason", "Staff meeting")), "until", "must not contain control characters (U+001B)");
        // As sent, each is taken.
        assertThat(owner.post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25", "recurrence", "YEARLY",
                "exception_dates", List.of("2027-12-25"))).status()).isEqualTo(201);
        assertThat(owner.post("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL", "until", until.toString(),
                "reason", "Staff meeting")).status()).isIn(200, 201);
    }

    @Test
    void aPhoneNumberWithAControlCharacterIsRefusedWhereverItIsParsed() {
        var owner = api().signUpNewCompany("Numbered Co");
        owner.post("/api/v1/customers", Map.of("name", "Carla", "phone_numbers", List.of("+17735550123")));

        // A query parameter (forms and query strings may carry tab and line breaks: a text area's lines).
        var lookup = owner.get("/api/v1/customers/lookup?number=%2B17735550123%09");
        assertRefused(lookup, "number", "must not contain control characters (U+0009, a tab)");
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B17735550123").json()).hasSize(1);

        // A CSV cell.
        var csv = "name,phone\nDora,+17735550124\u0000\n";
        var imported = owner.postRaw("/api/v1/customers/import", "text/csv", csv);
        assertThat(imported.status()).as(imported.body()).isIn(400, 422);
        assertThat(imported.body()).contains("must not contain control characters (U+0000, the NUL character)");
        assertThat(owner.get("/api/v1/customers").json()).as("nothing imported").hasSize(1);
    }

    @Test
    void aNumberFilterWithATabOrALineBreakIsRefusedNamingItAsThePagesRefuseIt() {
        var owner = api().signUpNewCompany("Filtered Co");
        // The call log's and the opt-out list's filters read an E.164-looking number without libphonenumber when it
        // will not parse, dropping spaces: a tab or a line break went with them, and the filter ran on the rest.
        for (var path : List.of("/api/v1/call-logs", "/api/v1/text-opt-outs")) {
            var tab = owner.get(path + "?number=%2B1312555%090100");
            assertThat(tab.status()).as(path + ": " + tab.body()).isEqualTo(400);
            assertRefused(tab, "number", "must not contain control characters (U+0009, a tab)");
            var lineBreak = owner.get(path + "?number=%2B13125550100%0A");
            assertThat(lineBreak.status()).as(path + ": " + lineBreak.body()).isEqualTo(400);
            assertRefused(lineBreak, "number", "must not contain control characters (U+000A, a line break: this text is one line)");
            assertThat(owner.get(path + "?number=%2B1312555%200100").status()).as(path + ": a space is fine").isEqualTo(200);
        }
    }

    private static void assertRefused(ApiClient.Response response, String field, String message) {
        assertThat(response.status()).as(response.body()).isIn(400, 422);
        assertThat(response.errorField()).as(response.body()).isEqualTo(field);
        assertThat(response.json().get("detail").asString()).as(response.body()).isEqualTo(field + ": " + message);
    }
}
