package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The missed-call text-back settings (part of the phone settings) refused and saved through the API and the General tab. */
class TextBackSettingsTest extends IntegrationTest {

    static final String MESSAGE = "Sorry we missed your call to {company}. Call us on {number} or reply here.";

    ApiClient owner;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Text Back Settings Co");
    }

    @Test
    void theSettingsRefuseAnUnknownPlaceholderATooLongMessageAndAWindowOutOfRange() {
        var unknown = owner.put("/api/v1/phone-settings", Map.of("text_back_message", "Hi {name}, {company} will call you back"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("text_back_message");
        assertThat(unknown.json().get("errors").get(0).get("message").asString())
                .isEqualTo("unknown placeholder {name}: only {company} and {number} are filled in");
        for (var message : java.util.List.of("Hi from {company", "{number, we'll call you back")) {
            // Texted to callers as written otherwise.
            var unclosed = owner.put("/api/v1/phone-settings", Map.of("text_back_message", message));
            assertThat(unclosed.status()).as(unclosed.body()).isEqualTo(422);
            assertThat(unclosed.json().get("errors").get(0).get("message").asString()).endsWith("is not closed: write {company} or {number}");
        }
        var tooLong = owner.put("/api/v1/phone-settings", Map.of("text_back_message", "x".repeat(321)));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body()).contains("must be at most 320 characters");
        for (int hours : new int[] {0, 169}) {
            var window = owner.put("/api/v1/phone-settings", Map.of("text_back_quiet_hours", hours));
            assertThat(window.status()).isEqualTo(422);
            assertThat(window.json().get("errors").get(0).get("field").asString()).isEqualTo("text_back_quiet_hours");
        }
        var kept = owner.get("/api/v1/phone-settings").json();
        assertThat(kept.get("text_back_enabled").asBoolean()).isFalse();
        assertThat(kept.get("text_back_message").asString()).contains("{company}");
        assertThat(kept.get("text_back_quiet_hours").asInt()).isEqualTo(24);

        var web = companyOwnerWeb();
        var page = web.get("/settings/communications/phone/general");
        assertThat(page.body()).contains("Missed-call text-back").contains("name=\"textBackMessage\"");
        var bad = web.post("/settings/communications/phone/general", form("textBackMessage", "Hi {first_name}!",
                "textBackQuietHours", "200"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("textBackMessage-error").contains("unknown placeholder {first_name}")
                .contains("Hi {first_name}!").contains("textBackQuietHours-error").contains("must be 1 to 168 hours")
                .contains("value=\"200\"");
        var tooLongWeb = web.post("/settings/communications/phone/general", form("textBackMessage", "y".repeat(321)));
        assertThat(tooLongWeb.status()).isEqualTo(422);
        assertThat(tooLongWeb.body()).contains("textBackMessage-error").contains("must be at most 320 characters (it has 321)")
                .contains("y".repeat(321));
        var good = web.post("/settings/communications/phone/general", form("textBackEnabled", "true", "textBackMessage", MESSAGE,
                "textBackQuietHours", "12"));
        assertThat(good.status()).as(good.body()).isEqualTo(302);
        var saved = owner.get("/api/v1/phone-settings").json();
        assertThat(saved.get("text_back_enabled").asBoolean()).isTrue();
        assertThat(saved.get("text_back_message").asString()).isEqualTo(MESSAGE);
        assertThat(saved.get("text_back_quiet_hours").asInt()).isEqualTo(12);
        var audit = owner.get("/api/v1/audit-log?entity_type=phone_settings").body();
        assertThat(audit).contains("text_back_quiet_hours");
    }

    /**
     * A message's length is counted as the form's maxlength counts it, in UTF-16 code units (an emoji is two), so that
     * what the form lets a person type the server takes, and what the server takes the form can edit: counted in code
     * points, 320 emoji were saved, and the form's field (maxlength 320) then refused them as too long.
     */
    @Test
    void aMessageWithEmojiIsCountedAsTheFormsMaxlengthCountsIt() {
        var page = companyOwnerWeb().get("/settings/communications/phone/general").body();
        assertThat(page).containsPattern("name=\"textBackMessage\"[^>]*maxlength=\"320\"");
        var message = "x".repeat(280) + "\uD83D\uDD27".repeat(20); // 320 UTF-16 units: 280 letters and 20 wrenches
        var saved = owner.put("/api/v1/phone-settings", Map.of("text_back_message", message));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/phone-settings").json().get("text_back_message").asString()).isEqualTo(message);
        var astral = "\uD83D\uDD27".repeat(160); // 160 characters to a person, 320 units: at the limit
        assertThat(owner.put("/api/v1/phone-settings", Map.of("text_back_message", astral)).status()).isEqualTo(200);
        var before = owner.get("/api/v1/phone-settings").body();
        var tooLong = owner.put("/api/v1/phone-settings", Map.of("text_back_message", astral + "\uD83D\uDD27"));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.errorField()).isEqualTo("text_back_message");
        assertThat(tooLong.body()).contains("must be at most 320 characters (it has 322, an emoji counting as two)");
        assertThat(owner.get("/api/v1/phone-settings").body()).as("nothing changed").isEqualTo(before);
    }

    /**
     * The API's phone settings say how many SMS parts the text-back message is sent as, counted on the text as sent:
     * {company} is the company's name (21 characters here), so a template of 159 characters goes as two parts.
     */
    @Test
    void thePhoneSettingsSayHowManySmsPartsTheMessageIsSentAs() {
        var byDefault = owner.get("/api/v1/phone-settings").json();
        assertThat(byDefault.get("text_back_sms_parts").asInt()).isEqualTo(1);
        assertThat(byDefault.get("text_back_sms_encoding").asString()).isEqualTo("GSM-7");
        assertThat(byDefault.has("text_back_message")).as("the settings themselves are still there, unwrapped").isTrue();

        assertParts("x".repeat(160), 1, "GSM-7");
        assertParts("x".repeat(161), 2, "GSM-7");
        assertParts("x".repeat(150) + "{company}", 2, "GSM-7"); // 171 characters as sent
        assertParts("é".repeat(160), 1, "GSM-7"); // é is in the GSM-7 alphabet
        assertParts("ç" + "x".repeat(69), 1, "UCS-2");
        assertParts("ç" + "x".repeat(70), 2, "UCS-2");
        assertParts("\uD83D\uDD27".repeat(35), 1, "UCS-2"); // 35 emoji: 70 UTF-16 units
        assertParts("\uD83D\uDD27".repeat(35) + "x", 2, "UCS-2");
        assertThat(owner.get("/api/v1/phone-settings").json().get("text_back_sms_parts").asInt()).isEqualTo(2);

        var docs = api().get("/v3/api-docs").json().get("components").get("schemas").get("RoutingApiSettingsView").get("properties");
        assertThat(docs.has("text_back_sms_parts")).as(docs.toString()).isTrue();
        assertThat(docs.has("text_back_sms_encoding")).isTrue();
    }

    void assertParts(String message, int parts, String encoding) {
        var saved = owner.put("/api/v1/phone-settings", Map.of("text_back_message", message));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("text_back_sms_parts").asInt()).as(message).isEqualTo(parts);
        assertThat(saved.json().get("text_back_sms_encoding").asString()).as(message).isEqualTo(encoding);
    }

    /**
     * The General tab shows under the message how many texts it is sent as, and counts again, through the server, as
     * the user types; in texts and characters, not the carriers' "SMS parts", "GSM-7" and "UCS-2".
     */
    @Test
    void theGeneralTabCountsTheSmsPartsAsTheMessageIsTyped() {
        var web = companyOwnerWeb();
        var page = web.get("/settings/communications/phone/general");
        assertThat(page.body()).contains("id=\"textBackMessage-parts\"")
                .contains("hx-post=\"/settings/communications/phone/general/text-back-parts\"")
                .contains("Sent as 1 text (")
                .as("what fits in one text, and why an emoji or a curly quote shortens it, said in plain words")
                .contains("One text holds 160 letters, digits and common signs").contains("fits only 70 in one text")
                .doesNotContain("GSM-7").doesNotContain("SMS part");
        var typed = web.post("/settings/communications/phone/general/text-back-parts", "textBackMessage", "x".repeat(161));
        assertThat(typed.status()).isEqualTo(200);
        assertThat(typed.body()).contains("Sent as 2 texts (161 characters, 153 a text, {company} and {number} filled in).")
                .doesNotContain("<html");
        var curly = web.post("/settings/communications/phone/general/text-back-parts", "textBackMessage", "We\u2019ll call you back");
        assertThat(curly.body()).contains("Sent as 1 text (19 of 70 characters, {company} and {number} filled in): "
                + "\u201c\u2019\u201d is a special character, so one text holds 70 characters, not 160.");
    }

    /** A supervisor or an agent cannot turn text-back on or change what callers are texted, on the API or the page. */
    @Test
    void onlyAnOwnerOrAdminChangesTheTextBackSettings() {
        for (var role : new String[] {"SUPERVISOR", "AGENT"}) {
            var user = owner.newUser(role, null);
            assertThat(user.put("/api/v1/phone-settings", Map.of("text_back_enabled", true)).status()).as(role).isEqualTo(403);
            var web = webLogin(user.email(), "their-password");
            var post = web.post("/settings/communications/phone/general", form("textBackEnabled", "true"));
            assertThat(post.status()).as(role).isEqualTo(403);
        }
        assertThat(owner.get("/api/v1/phone-settings").json().get("text_back_enabled").asBoolean()).isFalse();
    }

    /** The OpenAPI document describes the call detail's text_back as the API sends it (snake_case, as every property). */
    @Test
    void theCallDetailsTextBackIsDocumented() {
        var docs = api().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        var schemas = docs.json().get("components").get("schemas");
        assertThat(schemas.get("CallLogsDetail").get("properties").has("text_back")).as("named as the API sends it").isTrue();
        var textBack = schemas.get("TextBacksTextBack").get("properties");
        assertThat(textBack.get("status").get("enum").toString()).contains("PENDING", "SENT", "FAILED", "SKIPPED");
        assertThat(textBack.has("summary")).isTrue();
        assertThat(textBack.has("next_attempt_at")).isTrue();
        assertThat(textBack.has("last_error")).isTrue();
    }

    /** The general settings form as it stands, with {@code changes}. */
    String[] form(String... changes) {
        var fields = new HashMap<String, String>(Map.of("businessNumbers", "", "defaultStrategy", "SIMULTANEOUS",
                "voicemailEnabled", "true", "inboundRate", "1", "outboundRate", "2", "billingIncrement", "60",
                "defaultRingSeconds", "20", "ahKind", "VOICEMAIL", "textBackMessage", MESSAGE, "textBackQuietHours", "24"));
        for (int i = 0; i < changes.length; i += 2) {
            fields.put(changes[i], changes[i + 1]);
        }
        return fields.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    private WebClient web;

    /** The owner's browser session (the company's owner signed in through the login form). */
    WebClient companyOwnerWeb() {
        if (web == null) {
            web = webLogin(owner.email(), "correct-horse");
        }
        return web;
    }
}
