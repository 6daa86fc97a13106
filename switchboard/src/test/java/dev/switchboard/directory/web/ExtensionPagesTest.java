package dev.switchboard.directory.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The Extensions tab, its edit and vacation dialogs (htmx fragments), do-not-disturb, and My status. */
class ExtensionPagesTest extends IntegrationTest {

    private static String memberId(String html) {
        return html.replaceAll("(?s).*id=\"member-([0-9a-f-]{36})\".*", "$1");
    }

    private WebClient companyWithOneMember(String name) {
        var web = newCompanyOwner(name);
        web.get("/setup/extensions");
        web.post("/setup/extensions", "name", "Bob Stone", "extension", "");
        web.get("/setup/phone");
        web.post("/setup/skip");
        return web;
    }

    @Test
    void theEditDialogShowsTheServersErrorsBesideTheFieldsAndChangesNothingOnBadInput() {
        var web = companyWithOneMember("Extension Electric");
        var page = web.get("/settings/communications/phone/extensions");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Bob Stone").contains("Assign next free extensions").contains("aria-current=\"page\"");
        var id = memberId(page.body());

        var dialog = web.htmxGet("/settings/communications/phone/extensions/" + id + "/edit");
        assertThat(dialog.body()).doesNotContain("<html").contains("Extension of Bob Stone").contains("name=\"phoneExtension\"");
        var full = web.get("/settings/communications/phone/extensions/" + id + "/edit");
        assertThat(full.body()).contains("<html").contains("Extension of Bob Stone");

        var bad = web.htmxPost("/settings/communications/phone/extensions/" + id, "name", "Bob Stone", "phoneExtension", "12a",
                "ringTimeoutSeconds", "5", "directInwardDial", "", "extensionEnabled", "true");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).doesNotContain("<html").contains("must be 2 to 6 digits").contains("must be 15 to 90 seconds")
                .contains("value=\"12a\"");
        assertThat(web.get("/settings/communications/phone/extensions").body()).doesNotContain(">12a<");

        var good = web.htmxPost("/settings/communications/phone/extensions/" + id, "name", "Bob Stone", "phoneExtension", "205",
                "ringTimeoutSeconds", "30", "extensionEnabled", "true");
        assertThat(good.status()).isEqualTo(200);
        var after = web.get("/settings/communications/phone/extensions");
        assertThat(after.body()).contains("Extension of Bob Stone saved.").contains(">205<");
    }

    /**
     * A member with no phone the app can ring, or whose forwarding number was typed with "Forward calls" left off, looked
     * like any other on the tab: every call for them went to voicemail with nothing saying so.
     */
    @Test
    void aMemberWhoseCallsCanOnlyGoToVoicemailIsMarkedSoOnTheList() {
        var web = companyWithOneMember("Pipe Dreams");
        var list = web.get("/settings/communications/phone/extensions").body();
        assertThat(list).contains("No phone: calls go to voicemail");
        var id = memberId(list);

        var typedButOff = web.htmxPost("/settings/communications/phone/extensions/" + id, "name", "Bob Stone", "ringTimeoutSeconds", "20",
                "extensionEnabled", "true", "callForwardingNumber", "+17735550166");
        assertThat(typedButOff.status()).as(typedButOff.body()).isEqualTo(200);
        assertThat(web.get("/settings/communications/phone/extensions").body()).contains("Forwarding off: calls go to voicemail")
                .doesNotContain("No phone: calls go to voicemail");

        web.htmxPost("/settings/communications/phone/extensions/" + id, "name", "Bob Stone", "ringTimeoutSeconds", "20",
                "extensionEnabled", "true", "callForwardingEnabled", "true", "callForwardingNumber", "+17735550166");
        assertThat(web.get("/settings/communications/phone/extensions").body()).doesNotContain("calls go to voicemail");
    }

    @Test
    void theEditDialogTurnsOnPressOneToAcceptOnTheForwardingNumber() {
        var web = companyWithOneMember("Confirm Cooling");
        var id = memberId(web.get("/settings/communications/phone/extensions").body());
        var dialog = web.htmxGet("/settings/communications/phone/extensions/" + id + "/edit").body();
        assertThat(dialog).contains("name=\"confirmForwardedCalls\"").contains("Ask to press 1 on the forwarding number")
                .contains("a cell phone's own voicemail never takes the company's calls");
        assertThat(dialog.replaceAll("(?s).*(<input[^>]*name=\"confirmForwardedCalls\"[^>]*>).*", "$1")).doesNotContain("checked");

        var saved = web.htmxPost("/settings/communications/phone/extensions/" + id, "name", "Bob Stone", "ringTimeoutSeconds", "20",
                "extensionEnabled", "true", "callForwardingEnabled", "true", "callForwardingNumber", "+17735550166",
                "confirmForwardedCalls", "true");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        var again = web.htmxGet("/settings/communications/phone/extensions/" + id + "/edit").body();
        assertThat(again.replaceAll("(?s).*(<input[^>]*name=\"confirmForwardedCalls\"[^>]*>).*", "$1")).contains("checked");
    }

    @Test
    void vacationDoNotDisturbAndNextFreeExtensions() {
        var web = companyWithOneMember("Vacation Cooling");
        var id = memberId(web.get("/settings/communications/phone/extensions").body());
        var assigned = web.post("/settings/communications/phone/extensions/assign", "start", "300");
        assertThat(assigned.location()).endsWith("/settings/communications/phone/extensions");
        assertThat(web.get("/settings/communications/phone/extensions").body()).contains("1 extension assigned.").contains(">300<");

        assertThat(web.htmxGet("/settings/communications/phone/extensions/" + id + "/vacation").body()).contains("Vacation of Bob Stone");
        var start = LocalDate.now().plusDays(3);
        var bad = web.htmxPost("/settings/communications/phone/extensions/" + id + "/vacation", "startDate", start.toString(),
                "endDate", start.minusDays(1).toString(), "message", "Away");
        assertThat(bad.status()).isEqualTo(422);
        // In the form's words (its fields are "First day" and "Last day"), with the day it is compared with.
        assertThat(bad.body()).contains("must not be before the first day (" + new dev.switchboard.tenancy.DisplayFormats(java.time.ZoneId.of("America/Chicago"), "US").date(start) + ")")
                .as("said as a person reads it, not as the API's field and ISO date").doesNotContain("start_date");
        // A date typed in another form is refused as one that cannot be read, naming the field, not as a missing one.
        var typo = web.htmxPost("/settings/communications/phone/extensions/" + id + "/vacation", "startDate", start.toString(),
                "endDate", "next friday", "message", "Away");
        assertThat(typo.status()).isEqualTo(422);
        assertThat(typo.body()).contains("must be a date such as 2026-12-31 (&#39;next friday&#39; is not)");
        assertThat(web.get("/settings/communications/phone/extensions").body()).doesNotContain("Vacation " + start);
        web.htmxPost("/settings/communications/phone/extensions/" + id + "/vacation", "startDate", start.toString(),
                "endDate", start.plusDays(7).toString(), "message", "Fishing");
        // One to come says so, not as if it were now (found by a walk of the demo: ended ones showed too).
        assertThat(web.get("/settings/communications/phone/extensions").body())
                .contains("<span class=\"pill\">Vacation planned " + dev.switchboard.tenancy.DisplayFormats.DATE.format(start))
                .doesNotContain("<span class=\"pill warn\">Vacation ");
        // Its dialog says so too, and offers to cancel it (not to "end" what has not begun).
        assertThat(web.htmxGet("/settings/communications/phone/extensions/" + id + "/vacation").body())
                .contains("Vacation planned from " + dev.switchboard.tenancy.DisplayFormats.DATE.format(start))
                .contains(">Cancel vacation</button>").doesNotContain(">End vacation</button>");
        var today = LocalDate.now(java.time.ZoneId.of("America/Chicago"));
        web.htmxPost("/settings/communications/phone/extensions/" + id + "/vacation", "startDate", today.toString(),
                "endDate", today.plusDays(7).toString(), "message", "Fishing");
        assertThat(web.get("/settings/communications/phone/extensions").body())
                .contains("<span class=\"pill warn\">Vacation " + dev.switchboard.tenancy.DisplayFormats.DATE.format(today));
        assertThat(web.htmxGet("/settings/communications/phone/extensions/" + id + "/vacation").body())
                .contains("On vacation until " + dev.switchboard.tenancy.DisplayFormats.DATE.format(today.plusDays(7)))
                .contains(">End vacation</button>").doesNotContain(">Cancel vacation</button>");

        var dnd = web.post("/settings/communications/phone/extensions/" + id + "/dnd", "until",
                java.time.LocalDateTime.now(java.time.ZoneId.of("America/Chicago")).plusHours(2).withNano(0).toString().substring(0, 16));
        assertThat(dnd.status()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/extensions").body()).contains("Do not disturb until");
    }

    @Test
    void aSupervisorSeesSettingsReadOnlyAndAnAgentIsRefusedButHasMyStatus() {
        var supervisor = webLogin("maria@demo.test", "demo-agent");
        var general = supervisor.get("/settings/communications/phone/general");
        assertThat(general.status()).isEqualTo(200);
        assertThat(general.body()).contains("only an owner or admin can change them").contains("<fieldset disabled");
        assertThat(supervisor.post("/settings/communications/phone/general", "businessNumbers", "+13125550100").status()).isEqualTo(403);
        assertThat(supervisor.get("/").body()).contains("Supervisor").contains("Demo Plumbing");

        var agent = webLogin("aisha@demo.test", "demo-agent");
        var refused = agent.get("/settings/communications/phone/extensions");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("Not allowed");
        assertThat(agent.get("/").body()).doesNotContain("Phone settings").contains("My status");
        var me = agent.get("/me");
        assertThat(me.body()).contains("Aisha Khan").contains("Take calls?");
        var bad = agent.post("/me/dnd", "until", "2001-01-01T10:00");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("must be in the future");
        // What was typed is still in the field, to correct rather than retype.
        assertThat(bad.body()).containsPattern("name=\"until\"[^>]*value=\"2001-01-01T10:00\"");
        var badVacation = agent.post("/me/vacation", "startDate", "", "endDate", "");
        assertThat(badVacation.status()).isEqualTo(422);
    }
}
