package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * A JSON body with a value of the wrong form is refused naming the field and the form it should have, in the API's
 * words: not Jackson's ("Cannot deserialize value of type `java.lang.Boolean`..."), and without repeating a huge value
 * whole. Found by ApiBadInputFuzzTest.
 */
class JsonBodyErrorsTest extends IntegrationTest {

    @Test
    void aValueOfTheWrongFormNamesTheFieldAndTheFormWithoutJavaTypes() {
        var owner = api().signUpNewCompany("Forms Co");
        var bool = owner.postRaw("/api/v1/holidays", "application/json",
                "{\"name\":\"Christmas\",\"date\":\"2026-12-25\",\"observe_weekend\":\"" + "x".repeat(10_000) + "\"}");
        assertThat(bool.status()).isEqualTo(400);
        assertThat(bool.errorField()).isEqualTo("observe_weekend");
        assertThat(bool.json().get("detail").asString()).startsWith("observe_weekend: must be true or false ('xxxx")
                .hasSizeLessThan(200);

        var date = owner.postRaw("/api/v1/holidays", "application/json", "{\"name\":\"Christmas\",\"date\":\"25/12/2026\"}");
        assertThat(date.status()).isEqualTo(400);
        assertThat(date.json().get("detail").asString()).isEqualTo("date: must be a date such as 2026-12-25 ('25/12/2026' is not)");

        var list = owner.postRaw("/api/v1/customers", "application/json", "{\"name\":\"Carla\",\"tags\":{\"a\":1}}");
        assertThat(list.status()).isEqualTo(400);
        assertThat(list.json().get("detail").asString()).isEqualTo("tags: must be a list (a JSON array)");

        var object = owner.postRaw("/api/v1/routing-rules", "application/json",
                "{\"name\":\"R\",\"type\":\"SIMULTANEOUS\",\"no_answer_target\":[1]}");
        assertThat(object.status()).isEqualTo(400);
        assertThat(object.json().get("detail").asString()).isEqualTo("no_answer_target: must be an object (a JSON object)");

        for (var answer : java.util.List.of(bool, date, list, object)) {
            assertThat(answer.body()).doesNotContain("java.").doesNotContain("Cannot deserialize").doesNotContain("JsonToken");
        }
    }

    @Test
    void aNumberOrASwitchSentForATextOrANumberForASwitchIsRefusedNotTurnedIntoOne() {
        var owner = api().signUpNewCompany("Coercion Co");
        var before = owner.get("/api/v1/customers").json().size();
        var number = owner.postRaw("/api/v1/customers", "application/json", "{\"name\":42}");
        assertThat(number.status()).as(number.body()).isEqualTo(400);
        assertThat(number.json().get("detail").asString()).isEqualTo("name: must be a text (a JSON string) ('42' is not)");
        var huge = owner.postRaw("/api/v1/customers", "application/json", "{\"name\":\"Carla\",\"notes\":1e400}");
        assertThat(huge.status()).as(huge.body()).isEqualTo(400);
        assertThat(huge.errorField()).isEqualTo("notes");
        var bool = owner.postRaw("/api/v1/customers", "application/json", "{\"name\":\"Carla\",\"tags\":[true]}");
        assertThat(bool.status()).as(bool.body()).isEqualTo(400);
        assertThat(bool.errorField()).isEqualTo("tags[0]");
        assertThat(owner.get("/api/v1/customers").json()).hasSize(before);

        var holiday = owner.postRaw("/api/v1/holidays", "application/json",
                "{\"name\":\"Christmas\",\"date\":\"2026-12-25\",\"observe_weekend\":42}");
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(400);
        assertThat(holiday.json().get("detail").asString()).startsWith("observe_weekend: must be true or false");
        assertThat(owner.get("/api/v1/holidays").json()).isEmpty();
    }

    @Test
    void aTextWithAnUnpairedSurrogateIsRefusedNamingTheFieldNotStoredAsAQuestionMark() {
        var owner = api().signUpNewCompany("Surrogate Co");
        var lone = owner.postRaw("/api/v1/customers", "application/json", "{\"name\":\"Carla\\ud800\"}");
        assertThat(lone.status()).as(lone.body()).isEqualTo(400);
        assertThat(lone.errorField()).isEqualTo("name");
        assertThat(lone.json().get("detail").asString()).startsWith("name: holds half of a UTF-16 surrogate pair (\\ud800, at character 6)");
        var inList = owner.postRaw("/api/v1/customers", "application/json", "{\"name\":\"Carla\",\"tags\":[\"\\udfffVIP\"]}");
        assertThat(inList.status()).as(inList.body()).isEqualTo(400);
        assertThat(inList.errorField()).isEqualTo("tags[0]");
        assertThat(owner.get("/api/v1/customers").json()).isEmpty();
        // A pair, escaped or not, is a character like any other.
        var pair = owner.postRaw("/api/v1/customers", "application/json", "{\"name\":\"Carla \\ud83d\\ude00 \ud83d\ude00\"}");
        assertThat(pair.status()).as(pair.body()).isEqualTo(201);
        assertThat(pair.json().get("name").asString()).isEqualTo("Carla \ud83d\ude00 \ud83d\ude00");
    }

    @Test
    void aFieldSentTwiceIsRefusedNamingItAndNothingChanges() {
        var owner = api().signUpNewCompany("Twice Co");
        var duplicate = owner.postRaw("/api/v1/schedules", "application/json",
                "{\"name\":\"Shed\",\"name\":\"Shop\",\"ranges\":[{\"day\":\"MONDAY\",\"start\":\"09:00\",\"end\":\"17:00\"}]}");
        assertThat(duplicate.status()).as(duplicate.body()).isEqualTo(400);
        assertThat(duplicate.errorField()).isEqualTo("name");
        assertThat(duplicate.json().get("detail").asString()).isEqualTo("name: is in the body twice; send each field once");
        var nested = owner.postRaw("/api/v1/routing-rules", "application/json",
                "{\"name\":\"R\",\"type\":\"SIMULTANEOUS\",\"no_answer_target\":{\"kind\":\"HANGUP\",\"kind\":\"VOICEMAIL\"}}");
        assertThat(nested.status()).as(nested.body()).isEqualTo(400);
        assertThat(nested.errorField()).isEqualTo("kind");
        // A merge patch is read the same way.
        var rule = owner.post("/api/v1/routing-rules", java.util.Map.of("name", "R", "type", "SIMULTANEOUS")).json().get("rule").get("id").asString();
        var patch = owner.mergePatch("/api/v1/routing-rules/" + rule, "{\"enabled\":true,\"enabled\":false}");
        assertThat(patch.status()).as(patch.body()).isEqualTo(400);
        assertThat(patch.errorField()).isEqualTo("enabled");
        assertThat(owner.get("/api/v1/schedules").json().toString()).doesNotContain("Shop").doesNotContain("Shed");
        assertThat(owner.get("/api/v1/routing-rules/" + rule).json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void aNumberJsonCannotReadNamesItsFieldWithoutJacksonsAdvice() {
        var owner = api().signUpNewCompany("Numbers Co");
        var queue = owner.post("/api/v1/queues", java.util.Map.of("name", "Sales")).json().get("id").asString();
        var overflow = owner.postRaw("/api/v1/queues", "application/json", "{\"name\":\"Support\",\"max_callers\":-2147483649}");
        assertThat(overflow.status()).as(overflow.body()).isEqualTo(400);
        assertThat(overflow.errorField()).isEqualTo("max_callers");
        // Said as a number out of range, not as JSON that is not valid nor by the Java type it did not fit.
        assertThat(overflow.json().get("detail").asString()).isEqualTo("max_callers: must be a whole number from -2147483648 to 2147483647, "
                + "and within the field's own limits ('-2147483649' is not)");
        var nan = owner.postRaw("/api/v1/schedules", "application/json", "{\"name\":\"Desk\",\"ranges\":[{\"day\":\"MONDAY\",\"start\":NaN}]}");
        assertThat(nan.status()).as(nan.body()).isEqualTo(400);
        // (NaN is no JSON token at all: the body's problem, said in words without Jackson's setting)
        assertThat(nan.json().get("detail").asString()).contains("Non-standard token 'NaN'");
        assertThat(nan.body()).doesNotContain("enable").doesNotContain("JsonReadFeature");
        var patched = owner.mergePatch("/api/v1/queues/" + queue, "{\"max_callers\":9223372036854775808}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(400);
        assertThat(patched.errorField()).isEqualTo("max_callers");
        assertThat(patched.body()).doesNotContain("`").doesNotContain(" int ").doesNotContain("long");
        var digits = owner.mergePatch("/api/v1/queues/" + queue, "{\"ring_timeout_seconds\":\"" + "9".repeat(10_000) + "\"}");
        assertThat(digits.status()).as(digits.body()).isEqualTo(400);
        assertThat(digits.errorField()).isEqualTo("ring_timeout_seconds");
        assertThat(digits.body()).doesNotContain("StreamReadConstraints");
        assertThat(owner.get("/api/v1/queues").json()).hasSize(1);
        // An object's field named by digits (a menu's option key) is a name, not an index.
        var menu = owner.post("/api/v1/ivr-menus", java.util.Map.of("name", "Main", "greeting_text", "Press 1.",
                "options", java.util.Map.of("1", java.util.Map.of("kind", "VOICEMAIL")))).json().get("menu").get("id").asString();
        var option = owner.mergePatch("/api/v1/ivr-menus/" + menu, "{\"options\":{\"3\":{\"kind\":\"HANGUP\",\"message\":1e99999}}}");
        assertThat(option.status()).as(option.body()).isEqualTo(400);
        assertThat(option.errorField()).startsWith("options.3");
    }

    @Test
    void aNumberSentForADateIsRefusedNotReadAsDaysSince1970() {
        var owner = api().signUpNewCompany("Epoch Co");
        var member = owner.post("/api/v1/members", java.util.Map.of("name", "Ann")).json().get("id").asString();
        var vacation = owner.put("/api/v1/members/" + member + "/vacation", java.util.Map.of("start_date", 20_000, "end_date", "2027-01-08"));
        assertThat(vacation.status()).as(vacation.body()).isEqualTo(400);
        assertThat(vacation.errorField()).isEqualTo("start_date");
        assertThat(owner.get("/api/v1/members/" + member).json().path("vacation_mode_enabled").asBoolean()).isFalse();
        assertThat(owner.get("/api/v1/members/" + member).json().path("vacation").isMissingNode() || owner.get("/api/v1/members/" + member).json().path("vacation").isNull()).isTrue();
    }

    @Test
    void aNumberSentForAnInstantIsRefusedNotReadAsSecondsSince1970() {
        var owner = api().signUpNewCompany("Epoch Instants Co");
        var customer = owner.post("/api/v1/customers", java.util.Map.of("name", "Carla")).json().get("id").asString();
        var job = owner.post("/api/v1/jobs", java.util.Map.of("customer_id", customer, "title", "Boiler", "scheduled_at", 42));
        assertThat(job.status()).as(job.body()).isEqualTo(400);
        assertThat(job.errorField()).isEqualTo("scheduled_at");
        assertThat(owner.get("/api/v1/jobs").json().size()).as("nothing stored").isZero();
        var member = owner.post("/api/v1/members", java.util.Map.of("name", "Ann")).json().get("id").asString();
        var dnd = owner.put("/api/v1/members/" + member + "/do-not-disturb", java.util.Map.of("until", 1.9e9));
        assertThat(dnd.status()).as(dnd.body()).isEqualTo(400);
        assertThat(dnd.errorField()).isEqualTo("until");
        var written = owner.post("/api/v1/jobs", java.util.Map.of("customer_id", customer, "title", "Boiler", "scheduled_at", "2027-01-08T09:00:00Z"));
        assertThat(written.status()).as("an instant written out is still read").isEqualTo(201);
    }

    @Test
    void anIdWithANulOrASpaceAroundItIsRefusedNamingTheFieldNotReadAsTheId() {
        var owner = api().signUpNewCompany("Id Co");
        var customer = owner.post("/api/v1/customers", java.util.Map.of("name", "Carla")).json().get("id").asString();
        for (var id : java.util.List.of(customer + "\\u0000", customer + "\\u001f", " " + customer, customer + "\\n")) {
            var job = owner.postRaw("/api/v1/jobs", "application/json", "{\"customer_id\":\"" + id + "\",\"title\":\"Boiler\"}");
            assertThat(job.status()).as(id + ": " + job.body()).isEqualTo(400);
            assertThat(job.errorField()).isEqualTo("customer_id");
            assertThat(job.json().get("detail").asString()).startsWith("customer_id: must be an id such as");
        }
        assertThat(owner.get("/api/v1/jobs").json()).isEmpty();
        var exact = owner.postRaw("/api/v1/jobs", "application/json", "{\"customer_id\":\"" + customer + "\",\"title\":\"Boiler\"}");
        assertThat(exact.status()).as(exact.body()).isEqualTo(201);
    }
}
