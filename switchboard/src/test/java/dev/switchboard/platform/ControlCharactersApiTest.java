package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A text sent in a JSON body with a control character (C0 other than tab, CR and LF in a multi-line field; DEL; C1) is
 * refused 400 naming the field and the character, and nothing is stored; legitimate Unicode is kept as sent. Found by
 * ApiBadInputFuzzTest, which counted ESC, BEL and U+0085 accepted in names, prompts and tags.
 */
class ControlCharactersApiTest extends IntegrationTest {

    @Test
    void aControlCharacterInANameIsRefusedNamingTheFieldAndTheCharacter() {
        var owner = api().signUpNewCompany("Control Co");
        var before = owner.get("/api/v1/customers").json().size();
        for (var bad : List.of("\u001b[31mRed", "Bell\u0007", "Back\bspace", "Del\u007f", "Next\u0085line", "Two\nlines", "Tab\tbed")) {
            var refused = owner.post("/api/v1/customers", Map.of("name", bad));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.errorField()).isEqualTo("name");
            int c = bad.chars().filter(ch -> ch < 0x20 || (ch >= 0x7f && ch <= 0x9f)).findFirst().orElseThrow();
            assertThat(refused.json().get("detail").asString())
                    .startsWith("name: must not contain control characters (U+" + String.format("%04X", c));
        }
        assertThat(owner.get("/api/v1/customers").json()).hasSize(before);
        // Before anyone is signed in too.
        var signup = api().post("/api/v1/signup", Map.of("company_name", "Esc\u001b Co", "timezone", "America/Chicago",
                "owner_email", "esc@control.example", "owner_password", "correct-horse"));
        assertThat(signup.status()).as(signup.body()).isEqualTo(400);
        assertThat(signup.errorField()).isEqualTo("company_name");
    }

    @Test
    void labelsPromptsReasonsAndTagsAreHeldToTheSameRuleWhereverTheyAre() {
        var owner = api().signUpNewCompany("Fields Co");
        var member = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "201")).json().get("id").asString();

        assertRefused(owner.post("/api/v1/customers", Map.of("name", "Carla", "tags", List.of("VIP", "gold\u001b"))), "tags[1]", "U+001B");
        assertRefused(owner.put("/api/v1/members/" + member + "/status", Map.of("status", "AWAY", "reason", "lunch\u0007")), "reason",
                "U+0007");
        var menu = new LinkedHashMap<String, Object>();
        menu.put("name", "Main");
        menu.put("greeting_text", "Press 1.");
        menu.put("options", Map.of("1", Map.of("kind", "MEMBER", "member_id", member)));
        menu.put("invalid_prompt", "Not a choice\u0085");
        assertRefused(owner.post("/api/v1/ivr-menus", menu), "invalid_prompt", "U+0085");
        menu.put("invalid_prompt", "Not a choice.");
        menu.put("options", Map.of("1", Map.of("kind", "HANGUP", "message", "Bye\u001b")));
        assertRefused(owner.post("/api/v1/ivr-menus", menu), "options.1.message", "U+001B");
        // A merge patch is read by the same rule.
        assertRefused(owner.mergePatch("/api/v1/members/" + member, Map.of("name", "Ann\u007f")), "name", "U+007F");
        assertThat(owner.get("/api/v1/members/" + member).json().get("name").asString()).isEqualTo("Ann");
        assertThat(owner.get("/api/v1/ivr-menus").json()).isEmpty();
    }

    @Test
    void aMultiLineTextKeepsItsLinesAndTabsButNotOtherControlCharacters() {
        var owner = api().signUpNewCompany("Notes Co");
        var notes = "Gate code 1234\r\nDog in the yard:\tfriendly";
        var created = owner.post("/api/v1/customers", Map.of("name", "Carla", "notes", notes));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("notes").asString()).isEqualTo(notes);

        assertRefused(owner.post("/api/v1/customers", Map.of("name", "Dora", "notes", "Gate\u001b[2J")), "notes", "U+001B");
        var menu = Map.of("name", "Main", "greeting_text", "Welcome.\nPress 1 for sales.",
                "options", Map.of("1", Map.of("kind", "VOICEMAIL")));
        assertThat(owner.post("/api/v1/ivr-menus", menu).status()).isEqualTo(201);
    }

    @Test
    void legitimateUnicodeIsKeptAsSent() {
        var owner = api().signUpNewCompany("Unicode Co");
        // Accents, Arabic and Hebrew, a right-to-left mark, an emoji sequence joined by a zero-width joiner, a flag.
        var name = "José Ñúñez مرحبا שלום \u200fx 👩\u200d🔧 🇫🇷";
        var created = owner.post("/api/v1/customers", Map.of("name", name, "tags", List.of("café", "שלום")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = created.json().get("id").asString();
        assertThat(owner.get("/api/v1/customers/" + id).json().get("name").asString()).isEqualTo(name);
    }

    @Test
    void theNulCharacterIsNamedByItsFieldNotAsTheBody() {
        var owner = api().signUpNewCompany("Nul Field Co");
        assertRefused(owner.post("/api/v1/customers", Map.of("name", "Carla", "notes", "a\u0000b")), "notes", "U+0000, the NUL character");
    }

    private static void assertRefused(ApiClient.Response refused, String field, String character) {
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.errorField()).as(refused.body()).isEqualTo(field);
        assertThat(refused.json().get("detail").asString()).as(refused.body())
                .contains(field + ": must not contain control characters (" + character);
    }
}
