package dev.switchboard.directory.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** My status: what an agent sets for themselves, and what they are told when it is refused. */
class MyStatusPageTest extends IntegrationTest {

    private WebClient agentOfNewCompany(String name) {
        var owner = api().signUpNewCompany(name);
        var member = owner.post("/api/v1/members", Map.of("name", "Aisha Khan"));
        assertThat(member.status()).as(member.body()).isEqualTo(201);
        var agent = owner.newUser("AGENT", member.json().get("id").asString());
        return webLogin(agent.email(), "their-password");
    }

    @Test
    void aRefusedNoteOrVacationMessageSaysWhatIsWrongBesideItAndKeepsWhatWasTyped() {
        var agent = agentOfNewCompany("Status Co");
        assertThat(agent.get("/me").body()).contains("Take calls?");

        var note = "Back after lunch " + "x".repeat(200);
        var status = agent.post("/me/status", "status", "AWAY", "reason", note);
        assertThat(status.status()).isEqualTo(422);
        assertThat(status.body()).contains("Nothing was saved").contains("must be at most 200 characters")
                .as("the note typed is kept to be shortened").contains("value=\"" + note + "\"");
        assertThat(agent.get("/me").body()).as("nothing changed").contains("value=\"AVAILABLE\" checked");

        var message = "Gone fishing " + "y".repeat(500);
        var vacation = agent.post("/me/vacation", "startDate", "2030-07-01", "endDate", "2030-07-14", "message", message);
        assertThat(vacation.status()).isEqualTo(422);
        assertThat(vacation.body()).contains("Nothing was saved").contains("must be at most 500 characters");
    }
}
