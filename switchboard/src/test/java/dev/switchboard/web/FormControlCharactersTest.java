package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A form field is held to the rule a JSON text is (dev.switchboard.platform.Text): a control character (ESC, BEL, DEL,
 * C1) is refused with a 400 page naming the field before any handler, nothing saved; tab and line breaks (a text
 * area's lines) and any Unicode text are kept.
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
}
