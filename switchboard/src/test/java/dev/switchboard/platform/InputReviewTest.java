package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inputs a review of the API found accepted or answered badly (session 33), each refused now naming its field and
 * changing nothing: a premium-rate number to call, forward to or text; a text sent for a number or a switch; a body of
 * the wrong form; an instant or a date outside the years 0001 to 9999; a holiday rule whose dates cannot be worked out.
 */
class InputReviewTest extends IntegrationTest {

    ApiClient owner;
    String ann;
    String number;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Input Review Co");
        var member = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "sip_address", "sip:ann@review.example"));
        assertThat(member.status()).as(member.body()).isEqualTo(201);
        ann = member.json().get("id").asString();
        number = unusedNumber();
        var numbers = owner.put("/api/v1/company", Map.of("name", "Input Review Co", "timezone", "America/Chicago",
                "business_numbers", List.of(number)));
        assertThat(numbers.status()).as(numbers.body()).isEqualTo(200);
    }

    @Test
    void aPremiumRateNumberIsNeitherCalledNorForwardedToNorTexted() {
        var call = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", "+1 900 555 0100"));
        assertThat(call.status()).as(call.body()).isEqualTo(422);
        assertThat(call.errorField()).isEqualTo("number");
        assertThat(call.errorRule()).isEqualTo("premium");
        assertThat(owner.get("/api/v1/call-logs").json()).as("no call placed").isEmpty();

        var before = owner.get("/api/v1/members/" + ann).body();
        var forwarding = owner.mergePatch("/api/v1/members/" + ann + "/forwarding", Map.of("call_forwarding_enabled", true,
                "call_forwarding_number", "+19005550100"));
        assertThat(forwarding.status()).as(forwarding.body()).isEqualTo(422);
        assertThat(forwarding.errorField()).isEqualTo("call_forwarding_number");
        assertThat(forwarding.errorRule()).isEqualTo("premium");
        assertThat(owner.get("/api/v1/members/" + ann).body()).isEqualTo(before);
        // A number with an extension: the extension was dropped, and forwarded calls reached the main line behind it.
        var extension = owner.mergePatch("/api/v1/members/" + ann + "/forwarding", Map.of("call_forwarding_enabled", true,
                "call_forwarding_number", "+1 312 555 0199 x12"));
        assertThat(extension.status()).as(extension.body()).isEqualTo(422);
        assertThat(extension.errorRule()).isEqualTo("extension");
        assertThat(owner.get("/api/v1/members/" + ann).body()).isEqualTo(before);
        // An ordinary number is still taken.
        assertThat(owner.mergePatch("/api/v1/members/" + ann + "/forwarding", Map.of("call_forwarding_enabled", true,
                "call_forwarding_number", "+13125550177")).status()).isEqualTo(200);

        var mailbox = owner.get("/api/v1/voicemail/settings").body();
        var sms = owner.put("/api/v1/voicemail/settings", Map.of("sms_enabled", true, "sms_number", "+19005550100"));
        assertThat(sms.status()).as(sms.body()).isEqualTo(422);
        assertThat(sms.errorField()).isEqualTo("sms_number");
        assertThat(sms.errorRule()).isEqualTo("premium");
        assertThat(owner.get("/api/v1/voicemail/settings").body()).isEqualTo(mailbox);
    }

    @Test
    void aTextSentForANumberOrASwitchIsRefusedNotReadAsWhatItSpells() {
        var before = owner.get("/api/v1/members/" + ann).body();
        for (var body : List.<Map<String, Object>>of(Map.of("ring_timeout_seconds", "45"), Map.of("max_concurrent_calls", " 3 "),
                Map.of("extension_enabled", "false"))) {
            var refused = owner.mergePatch("/api/v1/members/" + ann, body);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.errorField()).isEqualTo(body.keySet().iterator().next());
            // A text that would be right without its quotes is told so ("must be true or false ('false' is not)" read as a
            // contradiction); one that would not be is quoted as sent.
            var sent = (String) body.values().iterator().next();
            assertThat(refused.json().get("detail").asString()).endsWith(sent.equals(sent.strip())
                    ? "(the text \"" + sent + "\" is not: send it without quotes)" : "('" + sent + "' is not)");
        }
        assertThat(owner.get("/api/v1/members/" + ann).body()).isEqualTo(before);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", "30"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(400);
        assertThat(rule.errorField()).isEqualTo("ring_timeout_seconds");
        assertThat(rule.json().get("detail").asString()).startsWith("ring_timeout_seconds: must be a whole number");
        assertThat(owner.get("/api/v1/routing-rules").json()).isEmpty();
    }

    @Test
    void aBodyOfTheWrongFormSaysWhatFormItMustHaveWithoutJavaNames() {
        for (var body : List.of("[]", "123", "\"Ann\"")) {
            var refused = owner.postRaw("/api/v1/members", "application/json", body);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.errorField()).isEqualTo("body");
            assertThat(refused.json().get("detail").asString()).isEqualTo("body: the body must be an object (a JSON object)");
            assertThat(refused.body()).doesNotContain("dev.switchboard").doesNotContain("Cannot");
        }
        assertThat(owner.get("/api/v1/members").json()).hasSize(1);
    }

    @Test
    void anInstantOrADateOutsideTheYears1To9999IsRefusedNamingItsField() {
        var customer = owner.post("/api/v1/customers", Map.of("name", "Lakeview")).json().get("id").asString();
        for (var at : List.of("-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
            var job = owner.post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Boiler", "scheduled_at", at));
            assertThat(job.status()).as(job.body()).isEqualTo(422);
            assertThat(job.errorField()).isEqualTo("scheduled_at");
        }
        assertThat(owner.get("/api/v1/jobs").json().toString()).doesNotContain("Boiler");

        var simulate = owner.post("/api/v1/routing/simulate", Map.of("to", number, "at", "+999999999-01-01T00:00:00Z"));
        assertThat(simulate.status()).as(simulate.body()).isEqualTo(422);
        assertThat(simulate.errorField()).isEqualTo("at");
        var early = owner.post("/api/v1/routing/simulate", Map.of("to", number, "at", "-0001-01-01T00:00:00Z"));
        assertThat(early.status()).as(early.body()).isEqualTo(422);
        assertThat(early.errorField()).isEqualTo("at");
        var open = owner.get("/api/v1/business-hours/open?at=%2B999999999-01-01T00:00:00Z");
        assertThat(open.status()).as(open.body()).isEqualTo(422);
        assertThat(open.errorField()).isEqualTo("at");
        var preview = owner.get("/api/v1/business-hours/preview?from=%2B999999999-01-01T00:00:00Z");
        assertThat(preview.status()).as(preview.body()).isEqualTo(422);
        assertThat(preview.errorField()).isEqualTo("from");
        var holiday = owner.post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25", "recurrence", "YEARLY"));
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(201);
        var occurrences = owner.get("/api/v1/holidays/" + holiday.json().get("id").asString() + "/occurrences?from=%2B999999999-01-01");
        assertThat(occurrences.status()).as(occurrences.body()).isEqualTo(422);
        assertThat(occurrences.errorField()).isEqualTo("from");
    }

    @Test
    void aHolidayRuleWhoseDatesCannotBeWorkedOutSaysWhyWithoutTheLibrarysJavaNames() {
        var refused = owner.post("/api/v1/holidays", Map.of("name", "Ninth Monday", "date", "2027-01-05", "recurrence", "CUSTOM",
                "rrule", "FREQ=MONTHLY;BYDAY=9MO"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("rrule");
        assertThat(refused.body()).doesNotContain("org.dmfs").doesNotContain("@");
        assertThat(owner.get("/api/v1/holidays").json()).isEmpty();
    }

    @Test
    void aMissingParameterOrFilePartAWrongContentTypeOrAnIdOfNothingIsNamedLikeAnyBadField() {
        var lookup = owner.get("/api/v1/customers/lookup");
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(400);
        assertThat(lookup.errorField()).isEqualTo("number");
        assertThat(lookup.errorRule()).isEqualTo("required");

        var type = owner.postRaw("/api/v1/customers", "application/xml", "<customer/>");
        assertThat(type.status()).as(type.body()).isEqualTo(415);
        assertThat(type.errorField()).isEqualTo("Content-Type");
        assertThat(type.json().get("detail").asString()).contains("'application/xml").contains("is not read here").contains("application/json");

        // YAML was read by a mapper of its own, without the JSON rules ("name: 42" saved a customer named "42").
        var yaml = owner.postRaw("/api/v1/customers", "application/yaml", "name: 42\n");
        assertThat(yaml.status()).as(yaml.body()).isEqualTo(415);
        assertThat(yaml.json().get("detail").asString()).contains("application/json").doesNotContain("send application/yaml");
        assertThat(owner.get("/api/v1/customers").json()).isEmpty();

        var upload = owner.send("POST", "/api/v1/media", "multipart/form-data; boundary=x",
                "--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nhello\r\n--x--\r\n");
        assertThat(upload.status()).as(upload.body()).isEqualTo(400);
        assertThat(upload.errorField()).isEqualTo("file");

        var country = owner.post("/api/v1/holidays/import", Map.of());
        assertThat(country.status()).as(country.body()).isEqualTo(422);
        assertThat(country.errorField()).isEqualTo("country");
        assertThat(country.errorRule()).isEqualTo("required");
        assertThat(owner.get("/api/v1/holidays").json()).isEmpty();

        var mailbox = owner.get("/api/v1/voicemail/settings").body();
        var nothing = owner.put("/api/v1/voicemail/settings", Map.of("greeting_media_id", "00000000-0000-0000-0000-000000000000"));
        assertThat(nothing.status()).as(nothing.body()).isEqualTo(422);
        assertThat(nothing.errorField()).isEqualTo("greeting_media_id");
        assertThat(owner.get("/api/v1/voicemail/settings").body()).isEqualTo(mailbox);
    }
}
