package dev.switchboard.directory.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Settings, Team &amp; logins: the logins of a company, added, changed, given a new password and removed on the page,
 * each refusal beside its field with what was typed kept; and the API tokens tab.
 */
class LoginsPagesTest extends IntegrationTest {

    private static final String URL = "/settings/team";

    /** A new company's owner in a browser, and the same owner on the API (to set up and to check). */
    private record Company(WebClient web, ApiClient api, String ownerId) {
    }

    private Company company(String name) {
        var web = newCompanyOwner(name);
        var api = api().login(web.email(), "correct-horse");
        return new Company(web, api, api.get("/api/v1/me").json().get("user_id").asString());
    }

    private static String member(ApiClient api, String name, String extension) {
        return api.post("/api/v1/members", Map.of("name", name, "phone_extension", extension)).json().get("id").asString();
    }

    private static String email(String who) {
        return who + "-" + UUID.randomUUID() + "@test.example";
    }

    private static String userId(ApiClient api, String email) {
        for (var u : api.get("/api/v1/users").json()) {
            if (u.get("email").asString().equals(email)) {
                return u.get("id").asString();
            }
        }
        return null;
    }

    /**
     * Every login has a name people read: a login added on the page needs one, and a blank, over-long or control-character
     * name is refused beside the field, changing nothing; the API's login without one takes its email's local part.
     */
    @Test
    void aLoginsNameIsRequiredCheckedAndShownWhereTheLoginIsNamed() {
        var c = company("Names Heating");
        var email = email("nia");
        var blank = c.web().post(URL + "/new", "displayName", " ", "email", email, "role", "ADMIN", "memberId", "",
                "password", "nia-first-pass");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body()).contains("id=\"displayName-error\"").contains("must not be blank");
        assertThat(userId(c.api(), email)).as("nothing added").isNull();

        var viaApi = c.api().post("/api/v1/users", Map.of("email", email, "password", "nia-first-pass", "role", "ADMIN"));
        assertThat(viaApi.status()).as(viaApi.body()).isEqualTo(201);
        assertThat(viaApi.json().get("display_name").asString()).isEqualTo(email.substring(0, email.indexOf('@')));
        var id = viaApi.json().get("id").asString();
        assertThat(c.api().put("/api/v1/users/" + id, Map.of("display_name", "")).errorField()).isEqualTo("display_name");
        assertThat(c.api().put("/api/v1/users/" + id, Map.of("display_name", "Nia\u0000")).errorField()).isEqualTo("display_name");
        assertThat(c.api().put("/api/v1/users/" + id, Map.of("display_name", "n".repeat(201))).errorField()).isEqualTo("display_name");

        var control = c.web().post(URL + "/" + id, "displayName", "N".repeat(201), "role", "ADMIN", "memberId", "");
        assertThat(control.status()).isEqualTo(422);
        assertThat(control.body()).contains("id=\"displayName-error\"");
        var renamed = c.web().post(URL + "/" + id, "displayName", "Nia Okoro", "role", "ADMIN", "memberId", "");
        assertThat(renamed.status()).isEqualTo(302);
        assertThat(c.web().get(URL).body()).contains("Nia Okoro");
        var nia = webLogin(email, "nia-first-pass");
        assertThat(nia.get("/customers").body()).as("the navigation names who is signed in").contains(">Nia Okoro<");
    }

    @Test
    void anOwnerAddsALoginLinkedToAFreeTeamMemberWhoCanThenSignIn() {
        var c = company("Logins Heating");
        var ann = member(c.api(), "Ann Lee", "201");
        var list = c.web().get(URL);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(c.web().email()).contains(">You<").contains(">Owner<").contains("Add a login")
                .contains("href=\"/settings/team\"");
        assertThat(list.body()).as("a login and a team member told apart, each page linking the other")
                .contains("A login lets a person sign in to Switchboard. The people whose phones ring are team")
                .contains("href=\"/settings/communications/phone/extensions\"");
        assertThat(c.web().get("/settings/communications/phone/extensions").body())
                .contains("Team members are the people whose phones ring.").contains("<a href=\"/settings/team\">Team &amp; logins</a>");
        var form = c.web().get(URL + "/new");
        assertThat(form.body()).contains("value=\"" + ann + "\"").contains("Switchboard sends no email yet");

        var email = email("ann");
        var added = c.web().post(URL + "/new", "displayName", "Ann Lee", "email", email, "role", "AGENT", "memberId", ann,
                "password", "ann-first-pass");
        assertThat(added.status()).as(added.body()).isEqualTo(302);
        assertThat(added.location()).endsWith(URL);
        var after = c.web().get(URL).body();
        assertThat(after).contains("Login " + email + " added. Switchboard sends no email yet").contains(email)
                .contains(">Agent<").containsPattern("(?s)" + java.util.regex.Pattern.quote(email) + ".*Ann Lee")
                .doesNotContain("linked to no team member");
        // Ann has a login now: she is no longer offered to the next one.
        assertThat(c.web().get(URL + "/new").body()).doesNotContain("value=\"" + ann + "\"");

        var ann1 = webLogin(email, "ann-first-pass");
        assertThat(ann1.get("/me").body()).contains("Ann Lee");
        var audit = c.api().get("/api/v1/audit-log?entity_type=user").json().get(0);
        assertThat(audit.get("action").asString()).isEqualTo("create");
        assertThat(audit.get("actor").asString()).isEqualTo(c.web().email());
        assertThat(audit.toString()).doesNotContain("ann-first-pass");
    }

    @Test
    void anAgentAddedWithNoTeamMemberIsAllowedWithAWarning() {
        var c = company("Unlinked Cooling");
        var email = email("tech");
        var added = c.web().post(URL + "/new", "displayName", "New Tech", "email", email, "role", "AGENT", "memberId", "",
                "password", "long-enough");
        assertThat(added.status()).isEqualTo(302);
        assertThat(c.web().get(URL).body()).contains(email + " is an agent linked to no team member: they have no status to set (My status offers them only their password)");
        assertThat(c.api().get("/api/v1/users/" + userId(c.api(), email)).json().get("member_id").isNull()).isTrue();
        // Afterwards the list still marks them.
        assertThat(c.web().get(URL).body()).doesNotContain("linked to no team member:").contains(">no team member<");
    }

    @Test
    void eachRefusalOfTheAddFormIsBesideItsFieldWithWhatWasTypedAndNothingSaved() {
        var c = company("Refusing Refrigeration");
        var ann = member(c.api(), "Ann Lee", "201");
        var linked = email("linked");
        c.api().post("/api/v1/users", Map.of("email", linked, "password", "long-enough", "role", "AGENT", "member_id", ann));
        int before = c.api().get("/api/v1/users").json().size();

        var duplicate = c.web().post(URL + "/new", "displayName", "Twin", "email", c.web().email(), "role", "ADMIN",
                "memberId", "", "password", "long-enough");
        assertThat(duplicate.status()).isEqualTo(422);
        assertThat(duplicate.body()).contains("Nothing was saved").contains("id=\"email-error\"")
                .contains("a user with this email already exists").contains("value=\"" + c.web().email() + "\"")
                .contains("value=\"Twin\"");

        var weak = c.web().post(URL + "/new", "displayName", "Shorty", "email", email("weak"), "role", "AGENT", "memberId", "",
                "password", "short");
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body()).containsPattern("id=\"password-error\"[^>]*>must be 8 to 72 characters")
                .contains("value=\"Shorty\"").doesNotContain("value=\"short\"");

        var badEmail = c.web().post(URL + "/new", "displayName", "", "email", "not an email", "role", "AGENT", "memberId", "",
                "password", "long-enough");
        assertThat(badEmail.body()).contains("must be an email address such as name@example.com").contains("value=\"not an email\"");

        var taken = c.web().post(URL + "/new", "email", email("second"), "role", "AGENT", "memberId", ann, "password", "long-enough");
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.body()).containsPattern("id=\"memberId-error\"[^>]*>this team member already has a login \\(" + linked);

        var notAMember = c.web().post(URL + "/new", "displayName", "Kept", "email", email("x"), "role", "AGENT", "memberId", "nobody",
                "password", "long-enough");
        assertThat(notAMember.status()).isEqualTo(422);
        assertThat(notAMember.body()).containsPattern("id=\"memberId-error\"[^>]*>choose a team member from the list").contains("value=\"Kept\"");

        // Only an owner makes an owner, as Users.create says: an admin's form is refused beside the role.
        var adminEmail = email("admin");
        c.api().post("/api/v1/users", Map.of("email", adminEmail, "password", "long-enough", "role", "ADMIN"));
        before++;
        var admin = webLogin(adminEmail, "long-enough");
        assertThat(admin.get(URL + "/new").body()).doesNotContain("value=\"OWNER\"");
        var owner = admin.post(URL + "/new", "email", email("boss"), "role", "OWNER", "memberId", "", "password", "long-enough");
        assertThat(owner.status()).isEqualTo(422);
        assertThat(owner.body()).containsPattern("id=\"role-error\"[^>]*>only an owner can make another owner");

        assertThat(c.api().get("/api/v1/users").json().size()).isEqualTo(before);
    }

    @Test
    void aLoginsNameRoleAndMemberAreChangedItsPasswordResetAndEachChangeAudited() {
        var c = company("Changing Chillers");
        var ann = member(c.api(), "Ann Lee", "201");
        var bob = member(c.api(), "Bob Stone", "202");
        var email = email("ann");
        var id = c.api().post("/api/v1/users", Map.of("email", email, "password", "long-enough", "role", "AGENT",
                "member_id", ann)).json().get("id").asString();

        var edit = c.web().get(URL + "/" + id);
        assertThat(edit.body()).contains("Login " + email).contains("Reset password").contains("Remove login");
        var saved = c.web().post(URL + "/" + id, "displayName", "Ann B. Lee", "role", "SUPERVISOR", "memberId", bob);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var user = c.api().get("/api/v1/users/" + id).json();
        assertThat(user.get("display_name").asString()).isEqualTo("Ann B. Lee");
        assertThat(user.get("role").asString()).isEqualTo("SUPERVISOR");
        assertThat(user.get("member_id").asString()).isEqualTo(bob);
        assertThat(c.web().get(URL).body()).contains("Login " + email + " saved.").contains("Bob Stone");

        // Unlinked (the member left empty): allowed, said.
        c.web().post(URL + "/" + id, "displayName", "Ann B. Lee", "role", "SUPERVISOR", "memberId", "");
        assertThat(c.api().get("/api/v1/users/" + id).json().get("member_id").isNull()).isTrue();
        assertThat(c.web().get(URL).body()).contains(email + " is a supervisor linked to no team member");

        var badRole = c.web().post(URL + "/" + id, "displayName", "Typed name", "role", "BOSS", "memberId", "");
        assertThat(badRole.status()).isEqualTo(422);
        assertThat(badRole.body()).contains("must be one of OWNER, ADMIN, SUPERVISOR, AGENT").contains("value=\"Typed name\"");
        // The only owner demoting themselves: refused beside the role.
        var demoted = c.web().post(URL + "/" + c.ownerId(), "displayName", "", "role", "ADMIN", "memberId", "");
        assertThat(demoted.status()).isEqualTo(422);
        assertThat(demoted.body()).containsPattern("id=\"role-error\"[^>]*>the company&#39;s only owner cannot be demoted");
        assertThat(c.api().get("/api/v1/users/" + c.ownerId()).json().get("role").asString()).isEqualTo("OWNER");

        var weak = c.web().post(URL + "/" + id + "/password", "password", "short");
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body()).containsPattern("id=\"newPassword-error\"[^>]*>must be 8 to 72 characters");
        webLogin(email, "long-enough");
        var reset = c.web().post(URL + "/" + id + "/password", "password", "a-brand-new-one");
        assertThat(reset.status()).isEqualTo(302);
        assertThat(c.web().get(URL).body()).contains("Password of " + email + " reset").contains("sends no email yet");
        assertThat(webLogin(email, "a-brand-new-one").get("/").status()).isEqualTo(200);
        var old = WebClient.anonymous(port);
        old.get("/login");
        assertThat(old.post("/login", "email", email, "password", "long-enough").location()).contains("error");

        var actions = c.api().get("/api/v1/audit-log?entity_type=user").json().findValues("action").stream()
                .map(tools.jackson.databind.JsonNode::asString).toList();
        assertThat(actions).contains("update", "update (password changed)");
    }

    /**
     * A login is disabled and allowed again on its page (someone on leave, a seasonal cleaner): only the API could, so a
     * login disabled there showed "Disabled" on the page with no way back but the API, and an owner wanting to stop a
     * sign-in for now could only remove the login. Disabled, its session and tokens end; one's own login offers no such
     * choice (refused as the API refuses it), and the only owner cannot be disabled.
     */
    @Test
    void aLoginIsDisabledAndAllowedAgainOnItsPage() {
        var c = company("Seasonal Cleaning");
        var ann = member(c.api(), "Ann Lee", "201");
        var email = email("ann");
        var id = c.api().post("/api/v1/users", Map.of("email", email, "password", "long-enough", "role", "AGENT",
                "member_id", ann)).json().get("id").asString();
        var annWeb = webLogin(email, "long-enough");
        var annApi = api().login(email, "long-enough");

        assertThat(c.web().get(URL + "/" + id).body()).contains("Can sign in").contains("No: disabled");
        var disabled = c.web().post(URL + "/" + id, "displayName", "Ann Lee", "role", "AGENT", "memberId", ann, "enabled", "false");
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(302);
        assertThat(c.api().get("/api/v1/users/" + id).json().get("enabled").asBoolean()).isFalse();
        assertThat(c.web().get(URL).body()).contains("Login " + email + " saved. It is disabled: they are signed out");
        assertThat(annApi.get("/api/v1/me").status()).as("their token is revoked").isEqualTo(401);
        assertThat(annWeb.get("/me").status()).as("their session ends").isNotEqualTo(200);
        assertThat(c.api().get("/api/v1/users/" + id).json().get("member_id").asString()).as("kept with its member").isEqualTo(ann);

        var again = c.web().post(URL + "/" + id, "displayName", "Ann Lee", "role", "AGENT", "memberId", ann, "enabled", "true");
        assertThat(again.status()).isEqualTo(302);
        assertThat(c.web().get(URL).body()).contains("Login " + email + " saved. They can sign in again.");
        assertThat(webLogin(email, "long-enough").get("/me").status()).isEqualTo(200);
        // A form without the field (an older page) keeps the login as it is.
        c.web().post(URL + "/" + id, "displayName", "Ann L.", "role", "AGENT", "memberId", ann);
        assertThat(c.api().get("/api/v1/users/" + id).json().get("enabled").asBoolean()).isTrue();

        var nonsense = c.web().post(URL + "/" + id, "displayName", "Ann Lee", "role", "AGENT", "memberId", ann, "enabled", "maybe");
        assertThat(nonsense.status()).isEqualTo(422);
        assertThat(nonsense.body()).containsPattern("id=\"enabled-error\"[^>]*>choose whether they can sign in");
        // One's own login: not offered, and refused when sent anyway; the only owner is refused first.
        assertThat(c.web().get(URL + "/" + c.ownerId()).body()).doesNotContain("Can sign in");
        var self = c.web().post(URL + "/" + c.ownerId(), "displayName", "", "role", "OWNER", "memberId", "", "enabled", "false");
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.body()).containsPattern("id=\"enabled-error\"[^>]*>the company&#39;s only owner cannot be disabled");
        assertThat(c.api().get("/api/v1/users/" + c.ownerId()).json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void removingALoginKeepsItsTeamMemberAndAuditEntriesButNeverTheLastOwnerNorOneself() {
        var c = company("Removing Radiators");
        var ann = member(c.api(), "Ann Lee", "201");
        var adminEmail = email("admin");
        var adminId = c.api().post("/api/v1/users", Map.of("email", adminEmail, "password", "long-enough", "role", "ADMIN",
                "member_id", ann)).json().get("id").asString();
        var admin = webLogin(adminEmail, "long-enough");
        // Something the admin did, to find in the audit log after they are gone.
        var adminApi = api().login(adminEmail, "long-enough");
        member(adminApi, "Made By Admin", "209");

        // Oneself: refused beside the button, in words; nothing removed.
        assertThat(admin.get(URL + "/" + adminId).body()).contains("This is your own login").doesNotContain("Remove login</button>");
        var self = admin.post(URL + "/" + adminId + "/delete");
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.body()).containsPattern("id=\"remove-error\"[^>]*>you cannot remove your own login: another owner or admin can");
        // The last owner: refused to the admin in words.
        var lastOwner = admin.post(URL + "/" + c.ownerId() + "/delete");
        assertThat(lastOwner.status()).isEqualTo(422);
        assertThat(lastOwner.body()).contains("the company&#39;s only owner cannot be removed");
        assertThat(c.api().get("/api/v1/users").json().size()).isEqualTo(2);

        var removed = c.web().post(URL + "/" + adminId + "/delete");
        assertThat(removed.status()).isEqualTo(302);
        assertThat(c.web().get(URL).body()).contains("Login " + adminEmail + " removed").doesNotContain("login-" + adminId);
        assertThat(c.api().get("/api/v1/users/" + adminId).status()).isEqualTo(404);
        assertThat(c.api().get("/api/v1/members/" + ann).status()).isEqualTo(200);
        var audit = c.api().get("/api/v1/audit-log").json();
        assertThat(audit.findValues("actor").stream().map(tools.jackson.databind.JsonNode::asString)).contains(adminEmail);
        assertThat(audit.get(0).get("action").asString()).isEqualTo("delete");
        assertThat(adminApi.get("/api/v1/me").status()).as("their token ends with them").isEqualTo(401);
    }

    @Test
    void agentsAndSupervisorsAreRefusedAndAnotherCompanysLoginIsNotFound() {
        var c = company("Guarded Geothermal");
        var ann = member(c.api(), "Ann Lee", "201");
        var sue = member(c.api(), "Sue Park", "202");
        var agentEmail = email("agent");
        var supervisorEmail = email("supervisor");
        var agentId = c.api().post("/api/v1/users", Map.of("email", agentEmail, "password", "long-enough", "role", "AGENT",
                "member_id", ann)).json().get("id").asString();
        c.api().post("/api/v1/users", Map.of("email", supervisorEmail, "password", "long-enough", "role", "SUPERVISOR",
                "member_id", sue));
        int before = c.api().get("/api/v1/users").json().size();
        for (var who : new String[] {agentEmail, supervisorEmail}) {
            var web = webLogin(who, "long-enough");
            assertThat(web.get("/").body()).doesNotContain("Team &amp; logins");
            assertThat(web.get(URL).status()).isEqualTo(403);
            assertThat(web.get(URL + "/tokens").status()).isEqualTo(403);
            assertThat(web.get(URL + "/" + agentId).status()).isEqualTo(403);
            web.get("/me");
            assertThat(web.post(URL + "/new", "email", email("x"), "role", "AGENT", "password", "long-enough").status()).isEqualTo(403);
            assertThat(web.post(URL + "/" + agentId, "displayName", "Hacked", "role", "OWNER").status()).isEqualTo(403);
            assertThat(web.post(URL + "/" + agentId + "/delete").status()).isEqualTo(403);
            assertThat(web.post(URL + "/tokens", "name", "mine").status()).isEqualTo(403);
        }
        assertThat(c.api().get("/api/v1/users").json().size()).isEqualTo(before);
        assertThat(c.api().get("/api/v1/users/" + agentId).json().get("role").asString()).isEqualTo("AGENT");

        var other = newCompanyOwner("Other Geothermal");
        assertThat(other.get(URL).body()).doesNotContain(agentEmail);
        assertThat(other.get(URL + "/" + agentId).status()).isEqualTo(404);
        assertThat(other.post(URL + "/" + agentId, "displayName", "Mine", "role", "ADMIN", "memberId", "").status()).isEqualTo(404);
        assertThat(other.post(URL + "/" + agentId + "/password", "password", "taken-over-now").status()).isEqualTo(404);
        assertThat(other.post(URL + "/" + agentId + "/delete").status()).isEqualTo(404);
        assertThat(c.api().get("/api/v1/users/" + agentId).json().get("display_name").asString())
                .as("a login added without a name is called by its team member's").isEqualTo("Ann Lee");
        webLogin(agentEmail, "long-enough");
    }

    /**
     * Add login clicked twice: the second send was answered "Nothing was saved: a user with this email already exists" over
     * the first one's success, so the owner believed the login was not made, or its email someone else's (found by the
     * wizard walk). It adds the login once, and the list says it was added; a refused form keeps its token, so the corrected one is saved.
     */
    @Test
    void theAddLoginFormSentTwiceByADoubleClickAddsOneLoginAndSaysSo() {
        var c = company("Double Click Drains");
        var member = member(c.api(), "Tom Baker", "102");
        var email = email("tom");
        var submission = c.web().get(URL + "/new").body().replaceAll("(?s).*name=\"submission\" value=\"([^\"]+)\".*", "$1");
        assertThat(submission).matches("[0-9a-f-]{36}");

        var refused = c.web().post(URL + "/new", "displayName", "Tom Baker", "email", email, "role", "AGENT", "memberId", member,
                "password", "short", "submission", submission);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).as("the corrected form is sent with the same token").contains("value=\"" + submission + "\"");

        var first = c.web().post(URL + "/new", "displayName", "Tom Baker", "email", email, "role", "AGENT", "memberId", member,
                "password", "tom-first-pass", "submission", submission);
        assertThat(first.status()).isEqualTo(302);
        var again = c.web().post(URL + "/new", "displayName", "Tom Baker", "email", email, "role", "AGENT", "memberId", member,
                "password", "tom-first-pass", "submission", submission);
        assertThat(again.status()).as("no refusal over the first send's success").isEqualTo(302);
        var list = c.web().get(URL).body();
        assertThat(list).as("the first send's answer, once").containsOnlyOnce("Login " + email + " added.").doesNotContain("Nothing was saved");
        assertThat(c.web().get(URL).body()).as("nothing said again later").doesNotContain("Login " + email + " added.");
        assertThat(c.api().get("/api/v1/users").json().findValuesAsString("email")).containsOnlyOnce(email);
        webLogin(email, "tom-first-pass");
    }

    @Test
    void theTokenFormSentAgainByAReloadOrADoubleClickMakesNoSecondToken() {
        var c = company("Token Reload Refrigeration");
        var submission = c.web().get(URL + "/tokens").body().replaceAll("(?s).*name=\"submission\" value=\"([^\"]+)\".*", "$1");
        assertThat(submission).matches("[0-9a-f-]{36}");
        var first = c.web().post(URL + "/tokens", "name", "CRM", "submission", submission);
        assertThat(first.body()).contains("Token CRM created.");
        // The browser's reload sends the same form again.
        var again = c.web().post(URL + "/tokens", "name", "CRM", "submission", submission);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("no other token was made").doesNotContain("id=\"secret\"");
        assertThat(c.api().get("/api/v1/auth/tokens").json().findValuesAsString("name")).containsOnlyOnce("CRM");
        // A new form (the one the answer shows) makes another.
        var next = first.body().replaceAll("(?s).*name=\"submission\" value=\"([^\"]+)\".*", "$1");
        assertThat(next).isNotEqualTo(submission);
        assertThat(c.web().post(URL + "/tokens", "name", "Zapier", "submission", next).body()).contains("Token Zapier created.");
    }

    @Test
    void anApiTokenIsCreatedShownOnceUsedAndRevokedOnTheTokensTab() {
        var c = company("Token Thermostats");
        var tab = c.web().get(URL + "/tokens");
        assertThat(tab.status()).isEqualTo(200);
        assertThat(tab.body()).contains("API tokens").contains("aria-current=\"page\"");

        var tooLong = "x".repeat(101);
        var refused = c.web().post(URL + "/tokens", "name", tooLong);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).containsPattern("id=\"name-error\"[^>]*>must be at most 100 characters").contains("value=\"" + tooLong + "\"");

        var created = c.web().post(URL + "/tokens", "name", "CRM");
        assertThat(created.status()).isEqualTo(200);
        var secret = created.body().replaceAll("(?s).*id=\"secret\"[^>]*value=\"(sbk_[^\"]+)\".*", "$1");
        assertThat(secret).startsWith("sbk_").hasSizeGreaterThan(40);
        assertThat(created.body()).contains("Token CRM created.").contains("it will not be shown again");
        var listed = c.web().get(URL + "/tokens").body();
        assertThat(listed).doesNotContain(secret).contains(secret.substring(0, 10)).contains(">CRM<").contains(">never<");

        var crm = api().withToken(secret);
        assertThat(crm.get("/api/v1/me").json().get("email").asString()).isEqualTo(c.web().email());
        assertThat(c.web().get(URL + "/tokens").body()).doesNotContain(">never<");
        var audit = c.api().get("/api/v1/audit-log?entity_type=api_token").json().get(0);
        assertThat(audit.get("action").asString()).isEqualTo("create");
        assertThat(audit.toString()).doesNotContain(secret);

        var id = listed.replaceAll("(?s).*id=\"token-([0-9a-f-]{36})\"[^>]*>\\s*<td>CRM<.*", "$1");
        var revoked = c.web().post(URL + "/tokens/" + id + "/revoke");
        assertThat(revoked.status()).isEqualTo(302);
        assertThat(c.web().get(URL + "/tokens").body()).contains("Token revoked").contains("Revoked ");
        assertThat(crm.get("/api/v1/me").status()).isEqualTo(401);
        // Another user's token: not found.
        assertThat(newCompanyOwner("Other Thermostats").post(URL + "/tokens/" + id + "/revoke").status()).isEqualTo(404);
    }
}
