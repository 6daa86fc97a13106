package dev.switchboard.directory.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** My status: what an agent sets for themselves, and what they are told when it is refused. */
class MyStatusPageTest extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    private String lastAgentEmail;

    private WebClient agentOfNewCompany(String name) {
        var owner = api().signUpNewCompany(name);
        var member = owner.post("/api/v1/members", Map.of("name", "Aisha Khan"));
        assertThat(member.status()).as(member.body()).isEqualTo(201);
        var agent = owner.newUser("AGENT", member.json().get("id").asString());
        lastAgentEmail = agent.email();
        return webLogin(agent.email(), "their-password");
    }

    /** The wrong passwords typed here count against this machine's address too: not left for the tests after. */
    @org.junit.jupiter.api.AfterEach
    void forgetWrongPasswords() {
        if (lastAgentEmail != null) {
            jdbc.sql("delete from login_failures where account = lower(:a)").param("a", lastAgentEmail).update();
        }
    }

    @Test
    void anAgentChangesTheirOwnPasswordStaysSignedInAndTheirOtherBrowsersAreSignedOut() {
        var agent = agentOfNewCompany("Password Co");
        var elsewhere = webLogin(lastAgentEmail, "their-password");
        assertThat(agent.get("/me").body()).contains("Change password").contains("autocomplete=\"current-password\"");

        var refused = agent.post("/me/password", "currentPassword", "not-it", "password", "short", "confirmPassword", "shirt");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Nothing was saved")
                .contains("id=\"currentPassword-error\">is not your current password<")
                .contains("id=\"newPassword-error\">must be 8 to 72 characters")
                .contains("id=\"confirmPassword-error\">does not match the new password")
                .as("no password typed is put back in the page").doesNotContain("not-it").doesNotContain("\"short\"");
        var mismatch = agent.post("/me/password", "currentPassword", "their-password", "password", "a-new-secret",
                "confirmPassword", "a-new-secreT");
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.body()).contains("does not match the new password").doesNotContain("is not your current password");
        assertThat(webLogin(lastAgentEmail, "their-password").get("/me").status()).as("nothing changed").isEqualTo(200);

        var changed = agent.post("/me/password", "currentPassword", "their-password", "password", "a-new-secret",
                "confirmPassword", "a-new-secret");
        assertThat(changed.status()).isEqualTo(302);
        assertThat(changed.location()).endsWith("/me");
        var after = agent.get("/me");
        assertThat(after.status()).as("this browser stays signed in").isEqualTo(200);
        assertThat(after.body()).contains("Password changed.");
        var other = elsewhere.get("/me");
        assertThat(other.status()).as("another browser of theirs is signed out").isEqualTo(302);
        assertThat(other.location()).endsWith("/login");
        assertThat(webLogin(lastAgentEmail, "a-new-secret").get("/me").status()).isEqualTo(200);
        var old = WebClient.anonymous(port);
        old.get("/login");
        assertThat(old.post("/login", "email", lastAgentEmail, "password", "their-password").location())
                .as("the old password no longer signs in").contains("/login");
    }

    @Test
    void aUserWithoutATeamMemberChangesTheirPasswordTooAndWrongGuessesCountAsFailedLogins() {
        var owner = newCompanyOwner("Owner Password Co");
        lastAgentEmail = owner.email();
        var page = owner.get("/me");
        assertThat(page.body()).contains("not linked to a team member").contains("Change password");
        // The lockout counted here is the account's: wrong logins other tests left from this machine's address (20 lock
        // it) are not this test's to count.
        jdbc.sql("delete from login_failures where address in ('127.0.0.1', '0:0:0:0:0:0:0:1')").update();
        for (int i = 0; i < 5; i++) {
            assertThat(owner.post("/me/password", "currentPassword", "guess-" + i, "password", "a-new-secret",
                    "confirmPassword", "a-new-secret").body()).contains("is not your current password");
        }
        var locked = owner.post("/me/password", "currentPassword", "correct-horse", "password", "a-new-secret",
                "confirmPassword", "a-new-secret");
        assertThat(locked.status()).as("the right one too, once locked out: guesses are counted").isEqualTo(422);
        assertThat(locked.body()).contains("too many wrong passwords; try again in 15 minutes");
        jdbc.sql("delete from login_failures where account = lower(:a)").param("a", owner.email()).update();
        var changed = owner.post("/me/password", "currentPassword", "correct-horse", "password", "a-new-secret",
                "confirmPassword", "a-new-secret");
        assertThat(changed.status()).isEqualTo(302);
        assertThat(owner.get("/me").body()).contains("Password changed.");
    }

    @Test
    void myPhonesSaysInWordsWhereCallsRingAsTheEngineDialsThem() {
        var owner = api().signUpNewCompany("My Phones Co");
        var member = owner.post("/api/v1/members", Map.of("name", "Aisha Khan"));
        var id = member.json().get("id").asString();
        var agent = webLogin(owner.newUser("AGENT", id).email(), "their-password");
        var page = agent.get("/me").body();
        assertThat(page).contains("My phones").contains("No phone rings for you")
                .contains("You have no direct line").contains("You have no voicemail PIN");

        var did = unusedNumber();
        var sip = "sip:aisha-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@phones.sip.telnyx.com";
        var both = owner.put("/api/v1/members/" + id, Map.of("name", "Aisha Khan", "phone_extension", "103", "sip_address", sip,
                "direct_inward_dial", did, "call_forwarding_enabled", true, "call_forwarding_number", "+17735550188",
                "simultaneous_ring_enabled", true, "confirm_forwarded_calls", true, "voicemail_pin", "2468", "ring_timeout_seconds", 25));
        assertThat(both.status()).as(both.body()).isEqualTo(200);
        assertThat(dev.switchboard.routing.Router.destinations(memberOf(owner, id))).containsExactly(sip, "+17735550188");
        page = agent.get("/me").body();
        assertThat(page).contains("Calls ring your SIP phone (" + sip + ") and your forwarding number (773) 555-0188 at once, for up to 25 seconds.")
                .contains("Whoever answers your forwarding number is asked to press 1")
                .contains("call " + dev.switchboard.shared.PhoneNumber.parse(did, "US").display("US") + " from (773) 555-0188 and enter your voicemail PIN")
                .doesNotContain("+17735550188");

        var instead = owner.put("/api/v1/members/" + id, Map.of("name", "Aisha Khan", "phone_extension", "103", "sip_address", sip,
                "call_forwarding_enabled", true, "call_forwarding_number", "+17735550188", "ring_timeout_seconds", 25));
        assertThat(instead.status()).as(instead.body()).isEqualTo(200);
        assertThat(dev.switchboard.routing.Router.destinations(memberOf(owner, id))).containsExactly("+17735550188");
        assertThat(agent.get("/me").body()).as("forwarding on: the forwarding number instead of the SIP phone")
                .contains("Calls ring your forwarding number (773) 555-0188, for up to 25 seconds.").doesNotContain("your SIP phone");
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.directory.Members members;

    private dev.switchboard.directory.TeamMember memberOf(dev.switchboard.support.ApiClient owner, String id) {
        var company = dev.switchboard.shared.CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        return dev.switchboard.platform.TenantContext.callAs(company, () -> members.get(java.util.UUID.fromString(id)));
    }

    /**
     * A status that is none of the form's three (a tampered or stale form) is refused in the form's words; the API, whose
     * clients send codes, names the codes.
     */
    @Test
    void aStatusThatIsNoneOfTheThreeIsRefusedInTheFormsWordsAndTheApiNamesTheCodes() {
        var owner = api().signUpNewCompany("Status Words Co");
        var member = owner.post("/api/v1/members", Map.of("name", "Aisha Khan")).json().get("id").asString();
        var agentApi = owner.newUser("AGENT", member);
        lastAgentEmail = agentApi.email();
        var agent = webLogin(agentApi.email(), "their-password");

        var refused = agent.post("/me/status", "status", "BUSY", "reason", "At lunch");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Nothing was saved").contains("id=\"status-error\">choose Available, Away or Offline<")
                .doesNotContain("AVAILABLE, AWAY, OFFLINE");
        assertThat(agent.get("/me").body()).as("nothing changed").contains("value=\"AVAILABLE\" checked");

        var api = agentApi.put("/api/v1/members/" + member + "/status", Map.of("status", "BUSY"));
        assertThat(api.status()).isEqualTo(422);
        assertThat(api.body()).contains("must be one of AVAILABLE, AWAY, OFFLINE");
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

    @Test
    void aBadDoNotDisturbTimeIsRefusedAsTheLocalDateAndTimeTheFieldHoldsNotAsAnInstant() {
        var agent = agentOfNewCompany("Quiet Hours Co");
        var typo = agent.post("/me/dnd", "until", "tomorrow 5pm");
        assertThat(typo.status()).isEqualTo(422);
        assertThat(typo.body()).contains("must be a date and time such as 2026-11-25 17:00 (America/Chicago time)")
                .doesNotContain("instant").doesNotContain("T17:00:00Z")
                .as("the refused time is kept to be corrected").contains("value=\"tomorrow 5pm\"");
        var blank = agent.post("/me/dnd", "until", "");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body()).contains("choose a date and time such as 2026-11-25 17:00");
        assertThat(agent.get("/me").body()).as("nothing changed").doesNotContain("On until");

        var later = java.time.LocalDateTime.now(java.time.ZoneId.of("America/Chicago")).plusHours(2).withSecond(0).withNano(0);
        var typed = agent.post("/me/dnd", "until", later.toLocalDate() + " " + later.toLocalTime());
        assertThat(typed.status()).as("typed with a space, as the message shows it").isEqualTo(302);
        assertThat(agent.get("/me").body()).contains("On until");
    }

    /** Do-not-disturb for an hour, two, or until 8:00 AM on the company's clock, with nothing to type; another choice refused. */
    @Test
    void doNotDisturbIsTurnedOnForAWhileWithoutTypingATime() {
        var agent = agentOfNewCompany("Quick Quiet Co");
        var api = api().login(lastAgentEmail, "their-password");
        var me = api.get("/api/v1/me").json().get("member_id").asString();
        assertThat(agent.get("/me").body()).contains("For 1 hour").contains("For 2 hours").contains("Until 8:00 AM");

        var before = java.time.Instant.now();
        assertThat(agent.post("/me/dnd", "for", "1h").status()).isEqualTo(302);
        var until = java.time.Instant.parse(api.get("/api/v1/members/" + me).json().get("availability").get("do_not_disturb_until").asString());
        assertThat(until).isBetween(before.plus(java.time.Duration.ofMinutes(59)), java.time.Instant.now().plus(java.time.Duration.ofMinutes(61)));
        assertThat(agent.get("/me").body()).contains("On until");

        assertThat(agent.post("/me/dnd", "for", "morning").status()).isEqualTo(302);
        var morning = java.time.Instant.parse(api.get("/api/v1/members/" + me).json().get("availability").get("do_not_disturb_until")
                .asString()).atZone(java.time.ZoneId.of("America/Chicago"));
        assertThat(morning.toLocalTime()).isEqualTo(java.time.LocalTime.of(8, 0));
        assertThat(morning.toInstant()).isAfter(java.time.Instant.now()).isBefore(java.time.Instant.now().plus(java.time.Duration.ofHours(24)));

        var refused = agent.post("/me/dnd", "for", "forever");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("&#39;forever&#39; is no choice: for 1 hour (1h), 2 hours (2h) or until 8:00 AM (morning)");
        assertThat(java.time.Instant.parse(api.get("/api/v1/members/" + me).json().get("availability").get("do_not_disturb_until")
                .asString())).as("nothing changed").isEqualTo(morning.toInstant());
    }

    /**
     * A do-not-disturb that has ended by itself is off: the page offered "Turn off" beside it (no "On until" line), as if
     * it were still on. Only one that is on can be turned off.
     */
    @Test
    void aDoNotDisturbThatHasEndedOffersNoTurnOff() {
        var agent = agentOfNewCompany("Ended Quiet Co");
        var api = api().login(lastAgentEmail, "their-password");
        var me = api.get("/api/v1/me").json().get("member_id").asString();
        assertThat(agent.post("/me/dnd", "for", "1h").status()).isEqualTo(302);
        var on = agent.get("/me").body();
        assertThat(on).contains("On until").contains(">Turn off</button>");

        var company = dev.switchboard.shared.CompanyId.of(api.get("/api/v1/me").json().get("company_id").asString());
        dev.switchboard.platform.TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> assertThat(jdbc.sql(
                "update team_availability set do_not_disturb_until = :ended where company_id = :c and member_id = :m")
                .param("ended", java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofMinutes(5))))
                .param("c", company.value()).param("m", java.util.UUID.fromString(me)).update()).isEqualTo(1)));
        var ended = agent.get("/me").body();
        assertThat(ended).doesNotContain("do-not-disturb is on").doesNotContain("On until").doesNotContain(">Turn off</button>");
    }

    /**
     * A vacation says where it stands, and its button fits: one to come is cancelled, one on is ended, one over has no
     * button and leaves the dates empty for the next (its old dates saved again are refused: a last day in the past).
     * "End vacation" showed for all three, the past dates filled in.
     */
    @Test
    void aVacationSaysWhetherItIsToComeOnOrOverAndOffersTheButtonThatFits() {
        var agent = agentOfNewCompany("Vacation Phases Co");
        var api = api().login(lastAgentEmail, "their-password");
        var me = java.util.UUID.fromString(api.get("/api/v1/me").json().get("member_id").asString());
        var company = dev.switchboard.shared.CompanyId.of(api.get("/api/v1/me").json().get("company_id").asString());
        var today = java.time.LocalDate.now(java.time.ZoneId.of("America/Chicago"));

        assertThat(agent.post("/me/vacation", "startDate", today.plusDays(10).toString(), "endDate", today.plusDays(12).toString(),
                "message", "Back soon").status()).isEqualTo(302);
        var planned = agent.get("/me").body();
        assertThat(planned).contains("Vacation planned from " + dev.switchboard.tenancy.DisplayFormats.DATE.format(today.plusDays(10)))
                .contains(">Cancel vacation</button>").doesNotContain(">End vacation</button>");
        var cancelled = agent.post("/me/vacation", "clear", "true");
        assertThat(cancelled.status()).isEqualTo(302);
        assertThat(agent.get("/me").body()).contains("Vacation cancelled.").doesNotContain("vacation-now");

        assertThat(agent.post("/me/vacation", "startDate", today.toString(), "endDate", today.plusDays(2).toString()).status())
                .isEqualTo(302);
        assertThat(agent.get("/me").body()).contains("On vacation until " + dev.switchboard.tenancy.DisplayFormats.DATE.format(today.plusDays(2))
                + " (the last day).").contains(">End vacation</button>").doesNotContain(">Cancel vacation</button>");

        // Over: moved into the past in the database (the form refuses a past last day).
        dev.switchboard.platform.TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> assertThat(jdbc.sql(
                "update team_availability set vacation_start_date = :s, vacation_end_date = :e where company_id = :c and member_id = :m")
                .param("s", java.sql.Date.valueOf(today.minusDays(9))).param("e", java.sql.Date.valueOf(today.minusDays(2)))
                .param("c", company.value()).param("m", me).update()).isEqualTo(1)));
        var over = agent.get("/me").body();
        assertThat(over).contains("The vacation from " + dev.switchboard.tenancy.DisplayFormats.DATE.format(today.minusDays(9)) + " to "
                        + dev.switchboard.tenancy.DisplayFormats.DATE.format(today.minusDays(2)) + " is over.")
                .doesNotContain(">End vacation</button>").doesNotContain(">Cancel vacation</button>")
                .doesNotContain("value=\"" + today.minusDays(2) + "\"").doesNotContain("on vacation until");
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.voicemail.MailboxAccess mailboxAccess;

    /**
     * Wrong PINs typed by phone lock the voicemail by phone for a while: My status said nothing of it, so the member learnt
     * it only from the phone, and not that someone may be guessing. It says until when, and what to do.
     */
    @Test
    void myStatusSaysWhenMyVoicemailByPhoneIsLockedAfterWrongPins() {
        var agent = agentOfNewCompany("Locked Box Co");
        var api = api().login(lastAgentEmail, "their-password");
        var me = java.util.UUID.fromString(api.get("/api/v1/me").json().get("member_id").asString());
        assertThat(api.put("/api/v1/members/" + me + "/voicemail-pin", Map.of("voicemail_pin", "4821")).status()).isEqualTo(200);
        var company = dev.switchboard.shared.CompanyId.of(api.get("/api/v1/me").json().get("company_id").asString());
        dev.switchboard.platform.TenantContext.runAs(company, () -> assertThat(mailboxAccess.verifyPin(me, "1111"))
                .isInstanceOf(dev.switchboard.voicemail.MailboxAccess.Result.WrongPin.class));
        assertThat(agent.get("/me").body()).as("one wrong PIN locks nothing").doesNotContain("is locked until");

        dev.switchboard.platform.TenantContext.runAs(company, () -> {
            mailboxAccess.verifyPin(me, "2222");
            mailboxAccess.verifyPin(me, "3333");
        });
        assertThat(agent.get("/me").body()).contains("Your voicemail by phone is locked until ")
                .contains("after wrong PINs typed in a row; it opens again by itself then. If they were not yours, choose a new PIN.");
    }

    @Test
    void aVacationDateThatIsNoDateIsRefusedAsSuchNotAsAMissingOne() {
        var agent = agentOfNewCompany("Typo Travel Co");
        // A browser without a date picker shows a text box: '24/12/2030' was read as no date, and refused as one left
        // empty ("must be a date such as 2026-12-24", rule required), not saying the typed one could not be read.
        var typo = agent.post("/me/vacation", "startDate", "24/12/2030", "endDate", "2030-02-30");
        assertThat(typo.status()).isEqualTo(422);
        assertThat(typo.body()).contains("must be a date such as 2026-12-24 (&#39;24/12/2030&#39; is not)")
                .contains("must be a date such as 2026-12-31 (&#39;2030-02-30&#39; is not)")
                .as("the typed dates are kept to be corrected").contains("value=\"24/12/2030\"").contains("value=\"2030-02-30\"");
        assertThat(agent.get("/me").body()).as("nothing saved").doesNotContain("value=\"2030-");
        var empty = agent.post("/me/vacation", "startDate", "", "endDate", "2030-12-31");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body()).as("an empty one is still asked for").contains("must be a date such as 2026-12-24<");
    }

    @Test
    void myStatusSaysWhetherCallsReachMeNowAndIfNotWhy() {
        var owner = api().signUpNewCompany("Reach Me Co");
        var id = owner.post("/api/v1/members", Map.of("name", "Aisha Khan")).json().get("id").asString();
        var agent = webLogin(owner.newUser("AGENT", id).email(), "their-password");
        assertThat(agent.get("/me").body()).as("available, but nothing to ring")
                .contains("Calls do not ring you now: you have no phone to ring").doesNotContain("Calls reach you now");

        var sip = "sip:aisha-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@phones.sip.telnyx.com";
        var phone = owner.mergePatch("/api/v1/members/" + id, Map.of("sip_address", sip));
        assertThat(phone.status()).as(phone.body()).isEqualTo(200);
        assertThat(agent.get("/me").body()).contains("Calls reach you now.").as("the state's code is not shown")
                .doesNotContain(">idle<");

        assertThat(agent.post("/me/status", "status", "AWAY", "reason", "At a job site").status()).isEqualTo(302);
        assertThat(agent.get("/me").body()).contains("Calls do not ring you now: your status is Away (At a job site).");

        assertThat(agent.post("/me/status", "status", "AVAILABLE").status()).isEqualTo(302);
        var until = java.time.LocalDate.now(java.time.ZoneId.of("America/Chicago")).plusDays(2).atTime(10, 0);
        assertThat(agent.post("/me/dnd", "until", until.toString()).status()).isEqualTo(302);
        assertThat(agent.get("/me").body()).as("in the company's time, as typed")
                .contains("Calls do not ring you now: do-not-disturb is on until "
                        + dev.switchboard.tenancy.DisplayFormats.DATE_TIME.format(until) + ".")
                .as("the field says whose time it is read in").contains("(America/Chicago time)");

        assertThat(agent.post("/me/dnd", "clear", "true").status()).isEqualTo(302);
        var today = java.time.LocalDate.now(java.time.ZoneId.of("America/Chicago"));
        assertThat(agent.post("/me/vacation", "startDate", today.toString(), "endDate", today.plusDays(3).toString()).status())
                .isEqualTo(302);
        assertThat(agent.get("/me").body()).contains("Calls do not ring you now: you are on vacation until the end of "
                + dev.switchboard.tenancy.DisplayFormats.DATE.format(today.plusDays(3)) + ".");

        assertThat(agent.post("/me/vacation", "clear", "true").status()).isEqualTo(302);
        assertThat(owner.mergePatch("/api/v1/members/" + id, Map.of("extension_enabled", false)).status()).isEqualTo(200);
        assertThat(agent.get("/me").body()).contains("Calls do not ring you now: your extension is turned off");
    }
}
