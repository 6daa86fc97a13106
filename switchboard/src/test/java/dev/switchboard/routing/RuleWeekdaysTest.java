package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A weekday in a rule's conditions is a day's name and nothing else, named by its place when it is not. Two ways let
 * one with a character after it through: conditions sent with a rule of another type were kept unread (ApiBadInputFuzzTest
 * found "MONDAY" with a BEL after it accepted in a simultaneous rule), and a conditional rule's days were read through
 * String.strip(), which drops tab, line breaks and U+001C to U+001F ("MONDAY" + U+001F was Monday). The JSON reader and
 * the form filter now refuse such characters before the rule is checked; the check itself no longer drops them either.
 */
class RuleWeekdaysTest extends IntegrationTest {

    @Test
    void conditionsSentWithARuleOfAnotherTypeAreReadAndAWrongDayIsRefusedNamingIt() {
        var owner = api().signUpNewCompany("Weekday Co");
        var refused = owner.post("/api/v1/routing-rules", Map.of("name", "Office", "type", "SIMULTANEOUS",
                "conditions", Map.of("weekdays", List.of("MONDAY", "MONDAYbell"))));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("conditions.weekdays[1]");
        assertThat(refused.json().get("detail").asString()).isEqualTo("conditions.weekdays[1]: 'MONDAYbell' is not a day such as MONDAY");
        assertThat(owner.get("/api/v1/routing-rules").json()).isEmpty();

        // Well-formed conditions a simultaneous rule does not use are still taken, as before (the form may send them).
        var kept = owner.post("/api/v1/routing-rules", Map.of("name", "Office", "type", "SIMULTANEOUS",
                "conditions", Map.of("weekdays", List.of(" monday "))));
        assertThat(kept.status()).as(kept.body()).isEqualTo(201);
    }

    @Test
    void aControlCharacterAfterADayIsRefusedNamingTheFieldFromTheApiAndFromTheForm() {
        var owner = api().signUpNewCompany("Weekday Control Co");
        var member = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "201")).json().get("id").asString();
        var api = owner.post("/api/v1/routing-rules", Map.of("name", "Mondays", "type", "CONDITIONAL",
                "conditions", Map.of("weekdays", List.of("MONDAY\u001f")), "match_target", Map.of("kind", "MEMBER", "member_id", member)));
        assertThat(api.status()).as(api.body()).isEqualTo(400);
        assertThat(api.errorField()).isEqualTo("conditions.weekdays[0]");

        var web = webLogin(owner.email(), "correct-horse");
        var form = web.post("/settings/communications/phone/routing", "name", "Mondays", "type", "CONDITIONAL", "enabled", "true",
                "weekdays", "MONDAY\u001f", "matchKind", "MEMBER", "matchMember", member, "ringTimeoutSeconds", "20");
        assertThat(form.status()).as(form.location() + " " + form.body()).isEqualTo(400);
        assertThat(form.body()).contains("&#39;weekdays&#39; must not contain control characters (U+001F)");
        assertThat(owner.get("/api/v1/routing-rules").json()).isEmpty();
        var monday = web.post("/settings/communications/phone/routing", "name", "Mondays", "type", "CONDITIONAL", "enabled", "true",
                "weekdays", "MONDAY", "matchKind", "MEMBER", "matchMember", member, "ringTimeoutSeconds", "20");
        assertThat(monday.status()).as(monday.body()).isEqualTo(302);
    }
}
