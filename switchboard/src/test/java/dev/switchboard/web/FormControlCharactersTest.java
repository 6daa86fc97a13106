package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A form field is held to the rule a JSON text is (dev.switchboard.platform.Text): a control character (ESC, BEL, DEL,
 * C1) is refused with a 400 page naming the field before any handler, nothing saved; tab and line breaks are kept in
 * a text area (its lines) and refused in a one-line field (a name, a date, a number), which a browser never sends them
 * in but a hand-made POST can; any Unicode text is kept.
 */
class FormControlCharactersTest extends IntegrationTest {

    @Test
    void aFormFieldWithAControlCharacterIsRefusedNamingItAndNothingIsSaved() {
        var owner = api().signUpNewCompany("Form Control Co");
        var member = owner.post("/api/v1/members", Map.of("name", "Aisha Khan")).json().get("id").asString();
        var agent = webLogin(owner.newUser("AGENT", member).email(), "their-password");

        var refused = agent.post("/me/status", "status", "AWAY", "reason", "lunch\u001b[5m");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("&#39;reason&#39; must not contain control characters (U+001B)");
        var c1 = agent.post("/me/status", "status", "AWAY", "reason", "lunch\u0085");
        assertThat(c1.body()).contains("&#39;reason&#39; must not contain control characters (U+0085)");
        assertThat(owner.get("/api/v1/members/" + member).json().toString()).as("nothing saved").doesNotContain("lunch");

        var saved = agent.post("/me/vacation", "startDate", "2030-07-01", "endDate", "2030-07-14",
                "message", "Gone fishing 🎣\r\nBack on the 15th:\tcall Bea");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(owner.get("/api/v1/members/" + member).json().toString()).contains("Gone fishing 🎣\\r\\nBack on the 15th:\\tcall Bea");
    }

    @Test
    void aOneLineFieldWithATabOrALineBreakIsRefusedNamingItAndATextAreaKeepsThem() {
        var web = newCompanyOwner("One Line Co");
        var holidays = "/settings/communications/phone/holidays";
        web.get(holidays + "/new");
        var date = java.time.LocalDate.now().plusDays(30).toString();
        for (var bad : new String[][] {{"name", "Staff\nparty", "U+000A, a line break: this text is one line"},
                {"name", "Staff\rparty", "U+000D, a line break: this text is one line"},
                {"date", date + "\t", "U+0009, a tab"}}) {
            var fields = new java.util.LinkedHashMap<String, String>(Map.of("name", "Staff party", "date", date,
                    "recurrence", "ONE_TIME", "enabled", "true", "greetingText", "Closed today.\nBack tomorrow."));
            fields.put(bad[0], bad[1]);
            var refused = web.post(holidays + "/new", fields.entrySet().stream()
                    .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
            assertThat(refused.status()).as(bad[0] + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("&#39;" + bad[0] + "&#39; must not contain control characters (" + bad[2] + ")");
        }
        assertThat(web.get(holidays).body()).as("nothing saved").doesNotContain("Staff");

        // The same form's text area keeps its lines, and a form read as a map of fields names its text areas.
        var saved = web.post(holidays + "/new", "name", "Staff party", "date", date, "recurrence", "ONE_TIME", "enabled", "true",
                "greetingText", "Closed today.\r\nBack tomorrow.");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        web.get("/settings/communications/phone/call-flows/new");
        var menu = web.post("/settings/communications/phone/call-flows/new", "name", "Main\tmenu", "timeoutSeconds", "5",
                "maxRetries", "2", "greetingText", "Welcome.\nPress 1.");
        assertThat(menu.status()).as(menu.body()).isEqualTo(400);
        assertThat(menu.body()).contains("&#39;name&#39; must not contain control characters (U+0009, a tab)");
        var menuSaved = web.post("/settings/communications/phone/call-flows/new", "name", "Main menu", "timeoutSeconds", "5",
                "maxRetries", "2", "greetingText", "Welcome.\nPress 1.");
        assertThat(menuSaved.status()).as(menuSaved.body()).isEqualTo(302);
    }
}
