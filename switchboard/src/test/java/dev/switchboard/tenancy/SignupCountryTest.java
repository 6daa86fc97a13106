package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A company signing up is in its timezone's country: its numbers typed as its people write them (07400 123456 in the UK)
 * are that country's, and calls there are not calls abroad, without a setting no page offers. A zone in no country (UTC)
 * or an alias keeps the US, as before.
 */
class SignupCountryTest extends IntegrationTest {

    ApiClient signUp(String zone) {
        var email = "owner-" + UUID.randomUUID() + "@test.example";
        var signup = api().post("/api/v1/signup", Map.of("company_name", "Country Co", "timezone", zone, "owner_email", email,
                "owner_password", "correct-horse"));
        assertThat(signup.status()).as(signup.body()).isEqualTo(201);
        return api().login(email, "correct-horse");
    }

    /** The setup wizard's first step hints the business number in the company's country's way, not a Chicago number. */
    @Test
    void theWizardHintsABusinessNumberAsTheCompanysCountryWritesIt() {
        var owner = signUp("Europe/London");
        var web = webLogin(owner.get("/api/v1/me").json().get("email").asString(), "correct-horse");
        var step = web.get("/setup/phone").body();
        assertThat(step).contains("such as 0121 234 5678.").contains("placeholder=\"+44 121 234 5678\"")
                .doesNotContain("(312) 555-0123");
        var us = signUp("America/Chicago");
        var usStep = webLogin(us.get("/api/v1/me").json().get("email").asString(), "correct-horse").get("/setup/phone").body();
        assertThat(usStep).contains("such as (312) 555-0123.").contains("placeholder=\"+1 312 555 0123\"");
    }

    @Test
    void aCompanyInLondonDialsBritishNumbersAtHome() {
        var owner = signUp("Europe/London");

        var company = owner.get("/api/v1/company").json();
        assertThat(company.get("default_region").asString()).isEqualTo("GB");
        assertThat(company.get("international_calls").asBoolean()).isFalse();
        // The owner's mobile, as they write it: a British number, not a call abroad refused.
        var member = owner.post("/api/v1/members", Map.of("name", "Bea", "call_forwarding_enabled", true,
                "call_forwarding_number", "07400 123456"));
        assertThat(member.status()).as(member.body()).isEqualTo(201);
        assertThat(member.json().get("call_forwarding_number").asString()).isEqualTo("+447400123456");
        // A US number is abroad for them.
        var abroad = owner.post("/api/v1/members", Map.of("name", "Sam", "call_forwarding_enabled", true,
                "call_forwarding_number", "+13125550177"));
        assertThat(abroad.status()).as(abroad.body()).isEqualTo(422);
        assertThat(abroad.errorRule()).isEqualTo("international");
    }

    @Test
    void theZonesCountryOrTheUsWhereItNamesNone() {
        assertThat(signUp("America/Toronto").get("/api/v1/company").json().get("default_region").asString()).isEqualTo("CA");
        assertThat(signUp("Australia/Sydney").get("/api/v1/company").json().get("default_region").asString()).isEqualTo("AU");
        assertThat(signUp("UTC").get("/api/v1/company").json().get("default_region").asString()).isEqualTo("US");
        assertThat(signUp("US/Central").get("/api/v1/company").json().get("default_region").asString()).isEqualTo("US");
        assertThat(signUp("America/Chicago").get("/api/v1/company").json().get("default_region").asString()).isEqualTo("US");
    }
}
