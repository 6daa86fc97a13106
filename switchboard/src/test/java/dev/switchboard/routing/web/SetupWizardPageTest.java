package dev.switchboard.routing.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** The setup wizard's five steps through the session and CSRF a browser uses. */
class SetupWizardPageTest extends IntegrationTest {

    @Test
    void aNewCompanyIsSentThroughTheWizardWhichRefusesBadInputAndResumesWhereItWasLeft() {
        var web = newCompanyOwner("Wizard Heating");
        var home = web.get("/");
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.location()).endsWith("/setup");
        assertThat(web.get("/setup").location()).endsWith("/setup/phone");

        var phone = web.get("/setup/phone");
        assertThat(phone.body()).contains("Your business phone").contains("aria-current=\"step\"");
        var bad = web.post("/setup/phone", "businessNumber", "12", "timezone", "America/Chicago");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("field-error").contains("Nothing was saved");
        assertThat(web.get("/setup").location()).endsWith("/setup/phone");

        var number = "+1312555" + String.format("%04d", (int) (Math.random() * 9000) + 1000);
        assertThat(web.post("/setup/phone", "businessNumber", number, "timezone", "America/Denver").location()).endsWith("/setup/hours");
        assertThat(web.get("/setup").location()).endsWith("/setup/hours");

        web.get("/setup/hours");
        var badHours = web.post("/setup/hours", "MONDAY.open", "on", "MONDAY.start", "09:00", "MONDAY.end", "25:00");
        assertThat(badHours.status()).isEqualTo(422);
        assertThat(badHours.body()).contains("field-error");
        assertThat(web.post("/setup/hours", "MONDAY.open", "on", "MONDAY.start", "09:00", "MONDAY.end", "17:00").location())
                .endsWith("/setup/extensions");

        web.get("/setup/extensions");
        var badMember = web.post("/setup/extensions", "name", "Ann", "extension", "1");
        assertThat(badMember.status()).isEqualTo(422);
        assertThat(badMember.body()).contains("must be 2 to 6 digits");
        web.post("/setup/extensions", "name", "Ann", "extension", "");
        web.get("/setup/extensions");
        web.post("/setup/extensions/assign");
        assertThat(web.get("/setup/extensions").body()).contains("Ann").contains("101");
        assertThat(web.get("/setup").location()).endsWith("/setup/rule");

        var rule = web.get("/setup/rule");
        var memberId = rule.body().replaceAll("(?s).*name=\"memberIds\" value=\"([^\"]+)\".*", "$1");
        var badRule = web.post("/setup/rule", "name", "", "type", "SIMULTANEOUS", "memberIds", memberId);
        assertThat(badRule.status()).isEqualTo(422);
        assertThat(web.post("/setup/rule", "name", "Main line", "type", "SIMULTANEOUS", "memberIds", memberId).location())
                .endsWith("/setup/done");

        assertThat(web.get("/setup/done").body()).contains("1 routing rules");
        web.post("/setup/finish");
        var after = web.get("/");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).contains("Wizard Heating").contains("Phone settings").contains("Owner");
    }

    @Test
    void theWizardCanBeSkipped() {
        var web = newCompanyOwner("Skipping Cleaners");
        web.get("/setup/phone");
        web.post("/setup/skip");
        assertThat(web.get("/").status()).isEqualTo(200);
    }
}
