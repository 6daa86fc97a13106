package dev.switchboard.directory.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import dev.switchboard.support.WebClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * My status, "Forward my calls" and "My voicemail greeting": an agent sets their own, through the checks of the admin's
 * forms; what callers hear is said; a refused form says why beside the field and changes nothing.
 */
class MyForwardingAndGreetingPageTest extends IntegrationTest {

    ApiClient owner;
    WebClient agent;
    ApiClient agentApi;
    String agentEmail;
    String ann;
    String businessNumber;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("My Forwarding Co");
        businessNumber = unusedNumber();
        assertThat(owner.put("/api/v1/company", Map.of("name", "My Forwarding Co", "timezone", "America/Chicago",
                "default_region", "US", "business_numbers", List.of(businessNumber))).status()).isEqualTo(200);
        ann = owner.post("/api/v1/members", Map.of("name", "Ann Lee", "phone_extension", "201", "sip_address",
                "sip:ann@test.sip.telnyx.com")).json().get("id").asString();
        var user = owner.newUser("AGENT", ann);
        agentApi = user;
        agentEmail = user.email();
        agent = webLogin(agentEmail, "their-password");
    }

    private String member() {
        return owner.get("/api/v1/members/" + ann).body().replaceAll("\"updated_at\":\"[^\"]*\"", "");
    }

    private String box() {
        return owner.get("/api/v1/members/" + ann + "/voicemail").json().get("settings").toString();
    }

    boolean pinSet(String member) {
        return owner.get("/api/v1/members/" + member).json().get("voicemail_pin_set").asBoolean();
    }

    /**
     * The voicemail by phone asks for a PIN, and a mailbox without one says "you can set one in the Switchboard app"; an
     * agent could not (only an owner or admin, who then knew it: found by a review of the roles). Their own, typed twice,
     * never shown; not a colleague's.
     */
    @Test
    void anAgentSetsTheirOwnVoicemailPinTypedTwiceAndNobodyElses() {
        assertThat(agent.get("/me").body()).contains("My voicemail PIN").contains("You have no PIN yet");
        var mismatch = agent.post("/me/voicemail-pin", "voicemailPin", "4821", "confirmPin", "4812");
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.body()).containsPattern("id=\"confirmPin-error\"[^>]*>is not the same PIN");
        var tooShort = agent.post("/me/voicemail-pin", "voicemailPin", "12", "confirmPin", "12");
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.body()).containsPattern("id=\"voicemailPin-error\"[^>]*>must be 4 to 10 digits")
                .as("a PIN is never written back into the page").doesNotContain("value=\"12\"");
        assertThat(pinSet(ann)).isFalse();
        // A PIN anyone would try first leaves the box as good as open: refused, each saying why (as RingCentral does).
        for (var guessable : Map.of("1111", "the same digit repeated", "1234", "digits in a row", "98765", "digits in a row").entrySet()) {
            var weak = agent.post("/me/voicemail-pin", "voicemailPin", guessable.getKey(), "confirmPin", guessable.getKey());
            assertThat(weak.status()).as(guessable.getKey()).isEqualTo(422);
            assertThat(weak.body()).containsPattern("id=\"voicemailPin-error\"[^>]*>is too easy to guess \\(" + guessable.getValue());
        }
        assertThat(pinSet(ann)).isFalse();
        var saved = agent.post("/me/voicemail-pin", "voicemailPin", "4821", "confirmPin", "4821");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(pinSet(ann)).isTrue();
        assertThat(agent.get("/me").body()).contains("Voicemail PIN saved.").contains("You have a PIN.").doesNotContain("4821");
        var entry = owner.get("/api/v1/audit-log?entity_type=team_member").json().get(0);
        assertThat(entry.get("actor").asString()).isEqualTo(agentEmail);
        assertThat(entry.get("action").asString()).isEqualTo("update (voicemail PIN changed)");
        assertThat(entry.toString()).doesNotContain("4821");
        agent.get("/me");
        assertThat(agent.post("/me/voicemail-pin/remove").status()).isEqualTo(302);
        assertThat(pinSet(ann)).isFalse();

        // The same through the API: their own, not a colleague's; a bad PIN names the field and changes nothing.
        var bob = owner.post("/api/v1/members", Map.of("name", "Bob Ray", "phone_extension", "202")).json().get("id").asString();
        var cy = owner.post("/api/v1/members", Map.of("name", "Cy Dunn", "phone_extension", "3030", "direct_inward_dial", "+13125557788"))
                .json().get("id").asString();
        var itsExtension = owner.put("/api/v1/members/" + cy + "/voicemail-pin", Map.of("voicemail_pin", "3030"));
        assertThat(itsExtension.status()).isEqualTo(422);
        assertThat(itsExtension.body()).contains("voicemail_pin").contains("too easy to guess (the member's extension)");
        // Bob's extension 202 padded to four digits, or said twice, is as easily tried.
        for (var padded : java.util.List.of("0202", "202202")) {
            assertThat(owner.put("/api/v1/members/" + bob + "/voicemail-pin", Map.of("voicemail_pin", padded)).body()).as(padded)
                    .contains("too easy to guess (the member's extension)");
        }
        assertThat(owner.put("/api/v1/members/" + cy + "/voicemail-pin", Map.of("voicemail_pin", "7788")).body())
                .contains("too easy to guess (the end of the member's direct number)");
        assertThat(pinSet(cy)).isFalse();
        assertThat(agentApi.put("/api/v1/members/" + ann + "/voicemail-pin", Map.of("voicemail_pin", "123a")).errorField())
                .isEqualTo("voicemail_pin");
        assertThat(agentApi.put("/api/v1/members/" + ann + "/voicemail-pin", Map.of()).errorField()).isEqualTo("voicemail_pin");
        assertThat(pinSet(ann)).isFalse();
        var own = agentApi.put("/api/v1/members/" + ann + "/voicemail-pin", Map.of("voicemail_pin", "90210"));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("voicemail_pin_set").asBoolean()).isTrue();
        assertThat(agentApi.put("/api/v1/members/" + bob + "/voicemail-pin", Map.of("voicemail_pin", "90210")).status()).isEqualTo(403);
        assertThat(pinSet(bob)).isFalse();
        assertThat(owner.put("/api/v1/members/" + bob + "/voicemail-pin", Map.of("voicemail_pin", "5185")).status()).isEqualTo(200);
        assertThat(agentApi.delete("/api/v1/members/" + bob + "/voicemail-pin").status()).isEqualTo(403);
        assertThat(pinSet(bob)).isTrue();
        assertThat(agentApi.delete("/api/v1/members/" + ann + "/voicemail-pin").status()).isEqualTo(200);
        assertThat(pinSet(ann)).isFalse();
    }

    @Test
    void anAgentForwardsTheirCallsToTheirCellAtOnceWithTheDeskPhone() {
        var page = agent.get("/me").body();
        assertThat(page).contains("Forward my calls").contains("Calls ring your SIP phone (sip:ann@test.sip.telnyx.com)");
        var saved = agent.post("/me/forwarding", "callForwardingNumber", "(773) 555-0142", "simultaneousRingEnabled", "true",
                "confirmForwardedCalls", "true");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var read = owner.get("/api/v1/members/" + ann).json();
        assertThat(read.get("call_forwarding_number").asString()).isEqualTo("+17735550142");
        assertThat(read.get("simultaneous_ring_enabled").asBoolean()).isTrue();
        assertThat(read.get("confirm_forwarded_calls").asBoolean()).isTrue();
        assertThat(read.get("call_forwarding_enabled").asBoolean()).isFalse();
        var after = agent.get("/me").body();
        assertThat(after).contains("Forwarding saved.")
                .contains("Calls ring your SIP phone (sip:ann@test.sip.telnyx.com) and your forwarding number")
                .contains("at once").contains("press 1");
        var entry = owner.get("/api/v1/audit-log?entity_type=team_member").json().get(0);
        assertThat(entry.get("actor").asString()).as("the Activity names the agent").isEqualTo(agentEmail);
        assertThat(entry.get("action").asString()).isEqualTo("update");
    }

    @Test
    void aBadForwardingNumberIsRefusedBesideTheFieldAndChangesNothing() {
        var before = member();
        var bad = agent.post("/me/forwarding", "callForwardingNumber", "call me", "callForwardingEnabled", "true");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("Nothing was saved").contains("id=\"callForwardingNumber-error\"")
                .as("what was typed stays to be corrected").contains("value=\"call me\"");
        var companys = agent.post("/me/forwarding", "callForwardingNumber", businessNumber, "callForwardingEnabled", "true");
        assertThat(companys.status()).isEqualTo(422);
        assertThat(companys.body()).contains("is the company&#39;s own number: a call to it would come back in as a new call to the company");
        var missing = agent.post("/me/forwarding", "callForwardingNumber", "", "callForwardingEnabled", "true");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("is required when call forwarding is enabled");
        assertThat(member()).isEqualTo(before);
    }

    @Test
    void anAgentSetsASpokenGreetingThenARecordingAndThePageSaysWhatCallersHear() throws IOException {
        assertThat(agent.get("/me").body()).contains("Callers hear the standard greeting: &quot;Ann Lee is not available. Please leave a"
                + " message after the tone.&quot;");
        var spoken = agent.post("/me/greeting", "greetingType", "TEXT_TO_SPEECH", "greetingText", "Ann here, back Monday.",
                "greetingVoice", "Polly.Joanna", "greetingLanguage", "en-US");
        assertThat(spoken.status()).as(spoken.body()).isEqualTo(302);
        assertThat(agent.get("/me").body()).contains("Voicemail greeting saved.")
                .contains("Callers hear your text, spoken by the voice Joanna — US English, female in US English: &quot;Ann here, back Monday.&quot;")
                .as("the voice and language chosen are shown again in their fields")
                .contains("<option value=\"Polly.Joanna\" selected=\"selected\">Joanna — US English, female</option>")
                .contains("<option value=\"en-US\" selected=\"selected\">US English</option>");
        assertThat(owner.get("/api/v1/audit-log?entity_type=voicemail_box").json().get(0).get("actor").asString()).isEqualTo(agentEmail);

        agent.get("/me");
        var recorded = agent.postFile("/me/greeting", "greetingFile", "ann-greeting.wav", "audio/wav", TestAudio.wav(),
                "greetingType", "AUDIO", "greetingText", "", "greetingVoice", "", "greetingLanguage", "");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(302);
        var page = agent.get("/me").body();
        assertThat(page).contains("Callers hear your recording &#39;ann-greeting.wav&#39;").contains("<audio controls");
        assertThat(box()).contains("\"greeting_type\":\"AUDIO\"");

        // A voice named reads its own language, whatever the language chosen: saved, and the page says so.
        var mismatched = agent.post("/me/greeting", "greetingType", "TEXT_TO_SPEECH", "greetingText", "Hola, soy Ann.",
                "greetingVoice", "AWS.Polly.Joanna", "greetingLanguage", "es-US");
        assertThat(mismatched.status()).as(mismatched.body()).isEqualTo(302);
        assertThat(agent.get("/me").body()).contains("Voicemail greeting saved. Note: the voice Joanna speaks US English only, so the"
                + " text is read in US English, not US Spanish");
    }

    @Test
    void aBadGreetingIsRefusedBesideTheFieldAndChangesNothing() throws IOException {
        var before = box();
        var blank = agent.post("/me/greeting", "greetingType", "TEXT_TO_SPEECH", "greetingText", "   ");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body()).contains("id=\"greetingText-error\">a text-to-speech greeting needs its text<");

        var badVoice = agent.post("/me/greeting", "greetingType", "TEXT_TO_SPEECH", "greetingText", "Ann here.",
                "greetingVoice", "Joanna <3", "greetingLanguage", "en-US");
        assertThat(badVoice.status()).isEqualTo(422);
        assertThat(badVoice.body()).contains("id=\"greetingVoice-error\">must be a voice&#39;s name, such as female, male or AWS.Polly.Joanna (letters, digits, dots and dashes only)<")
                .as("what was sent stays, to be corrected").contains("<option value=\"Joanna &lt;3\" selected=\"selected\">Other voice: Joanna &lt;3</option>");
        var badLanguage = agent.post("/me/greeting", "greetingType", "TEXT_TO_SPEECH", "greetingText", "Ann here.",
                "greetingVoice", "female", "greetingLanguage", "English please");
        assertThat(badLanguage.status()).isEqualTo(422);
        assertThat(badLanguage.body()).contains("id=\"greetingLanguage-error\">must be a language code such as en-US (US English) or es-US (US Spanish)<")
                .contains("value=\"English please\"");

        agent.get("/me");
        var notAudio = agent.postFile("/me/greeting", "greetingFile", "notes.wav", "audio/wav", "not audio at all".getBytes(),
                "greetingType", "AUDIO");
        assertThat(notAudio.status()).isEqualTo(422);
        assertThat(notAudio.body()).contains("id=\"greetingFile-error\"").contains("(&#39;notes.wav&#39;)");

        agent.get("/me");
        var tooLarge = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(TestAudio.wav(), 0, tooLarge, 0, 100);
        var large = agent.postFile("/me/greeting", "greetingFile", "long.wav", "audio/wav", tooLarge, "greetingType", "AUDIO");
        assertThat(large.status()).isEqualTo(422);
        assertThat(large.body()).contains("id=\"greetingFile-error\">must be at most 5 MB");

        agent.get("/me");
        var noFile = agent.post("/me/greeting", "greetingType", "AUDIO");
        assertThat(noFile.status()).isEqualTo(422);
        assertThat(noFile.body()).as("the file is chosen on this page: said so, not the API's endpoint")
                .contains("id=\"greetingFile-error\">an audio greeting needs an uploaded file: choose a WAV or MP3 file (up to 5 MB)"
                        + " to upload, or another kind of greeting<").doesNotContain("/api/v1/members");
        assertThat(box()).isEqualTo(before);
    }

    /**
     * Where an agent's new voicemail is sent was an owner's or admin's to set (the Voicemail tab, PUT .../voicemail): an
     * agent could not give their own email or mobile number, as RingCentral, Dialpad and 3CX let each user do. Their own box
     * now, on My status and through the API, with the Voicemail tab's checks; not a colleague's; nothing else of the box
     * changes.
     */
    @Test
    void anAgentSetsWhereTheirNewVoicemailIsSentAndNobodyElses() {
        var page = agent.get("/me").body();
        assertThat(page).contains("My voicemail notifications").contains("name=\"emailAddresses\"").contains("name=\"smsNumber\"");
        var before = box();

        var badEmail = agent.post("/me/voicemail-notifications", "emailEnabled", "true", "emailAddresses", "ann@example.com, ann.home.example");
        assertThat(badEmail.status()).isEqualTo(422);
        assertThat(badEmail.body()).contains("Nothing was saved").contains("id=\"emailAddresses-error\">&#39;ann.home.example&#39; is not an email address<")
                .as("what was typed stays, to be corrected").contains("value=\"ann@example.com, ann.home.example\"");
        var noNumber = agent.post("/me/voicemail-notifications", "smsEnabled", "true", "smsNumber", "");
        assertThat(noNumber.status()).isEqualTo(422);
        assertThat(noNumber.body()).contains("id=\"smsNumber-error\">SMS notification needs a number<");
        var premium = agent.post("/me/voicemail-notifications", "smsEnabled", "true", "smsNumber", "+19005550123");
        assertThat(premium.status()).isEqualTo(422);
        assertThat(premium.body()).contains("id=\"smsNumber-error\">must not be a premium-rate number<");
        assertThat(box()).as("nothing changed").isEqualTo(before);

        var saved = agent.post("/me/voicemail-notifications", "emailEnabled", "true", "emailAddresses", "Ann@Example.com; ann.lee@home.example",
                "attachAudio", "true", "smsEnabled", "true", "smsNumber", "(773) 555-0199");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(agent.get("/me").body()).contains("Voicemail notifications saved.")
                .contains("value=\"ann@example.com, ann.lee@home.example\"");
        var settings = owner.get("/api/v1/members/" + ann + "/voicemail").json().get("settings");
        assertThat(settings.get("email_enabled").asBoolean()).isTrue();
        assertThat(settings.get("email_addresses").toString()).isEqualTo("[\"ann@example.com\",\"ann.lee@home.example\"]");
        assertThat(settings.get("sms_enabled").asBoolean()).isTrue();
        assertThat(settings.get("sms_number").asString()).isEqualTo("+17735550199");
        assertThat(settings.get("greeting_type").asString()).as("the greeting stays").isEqualTo("DEFAULT");
        assertThat(settings.get("retention_days").asInt()).as("retention stays an admin's").isEqualTo(90);
        assertThat(owner.get("/api/v1/audit-log?entity_type=voicemail_box").json().get(0).get("actor").asString()).isEqualTo(agentEmail);

        // Unticked, a switch is off, as on the Voicemail tab; the addresses are kept for turning it on again.
        assertThat(agent.post("/me/voicemail-notifications", "emailAddresses", "ann@example.com", "smsNumber", "+17735550199").status())
                .isEqualTo(302);
        assertThat(agent.get("/me").body()).contains("Note: nobody is told about new messages: turn on email or SMS.");
        assertThat(owner.get("/api/v1/members/" + ann + "/voicemail").json().get("settings").get("email_enabled").asBoolean()).isFalse();

        // The API: the agent's own box, a field left out kept; a colleague's is refused and unchanged.
        var api = agentApi.put("/api/v1/members/" + ann + "/voicemail/notifications", Map.of("sms_enabled", true));
        assertThat(api.status()).as(api.body()).isEqualTo(200);
        assertThat(api.json().get("settings").get("sms_number").asString()).isEqualTo("+17735550199");
        var bob = owner.post("/api/v1/members", Map.of("name", "Bob Stone", "phone_extension", "202")).json().get("id").asString();
        var colleague = agentApi.put("/api/v1/members/" + bob + "/voicemail/notifications",
                Map.of("email_enabled", true, "email_addresses", List.of("ann@example.com")));
        assertThat(colleague.status()).isEqualTo(403);
        assertThat(colleague.body()).contains("you can change only your own voicemail notifications");
        assertThat(owner.get("/api/v1/members/" + bob + "/voicemail").json().get("settings").get("email_enabled").asBoolean()).isFalse();
        var badApi = agentApi.put("/api/v1/members/" + ann + "/voicemail/notifications", Map.of("email_addresses", List.of("nope")));
        assertThat(badApi.status()).isEqualTo(422);
        assertThat(badApi.body()).contains("email_addresses[0]");
        // An owner sets anyone's, as on the Voicemail tab.
        assertThat(owner.put("/api/v1/members/" + bob + "/voicemail/notifications", Map.of("email_enabled", true,
                "email_addresses", List.of("bob@example.com"))).status()).isEqualTo(200);
    }

    @Test
    void aLoginWithoutATeamMemberIsToldWhyItHasNoForwardingOrGreeting() {
        var web = newCompanyOwner("Memberless Co");
        var forwarding = web.post("/me/forwarding", "callForwardingNumber", "+17735550142", "callForwardingEnabled", "true");
        assertThat(forwarding.status()).isEqualTo(404);
        assertThat(forwarding.body()).contains("is not linked to a team member").contains("no status, forwarding or greeting of yours");
        web.get("/me");
        var greeting = web.post("/me/greeting", "greetingType", "DEFAULT");
        assertThat(greeting.status()).isEqualTo(404);
        assertThat(greeting.body()).contains("is not linked to a team member");
    }
}
