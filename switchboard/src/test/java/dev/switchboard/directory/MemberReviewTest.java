package dev.switchboard.directory;

import static dev.switchboard.directory.MemberValidationApiTest.member;
import static dev.switchboard.directory.MemberValidationApiTest.uniqueDid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Settings refused for what they would do to calls, not only for their form. */
class MemberReviewTest extends IntegrationTest {

    ApiClient owner;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Review Co");
    }

    @Test
    void forwardingToTheMembersOwnDirectNumberIsRefusedAsALoop() {
        var did = uniqueDid();
        for (boolean simultaneous : new boolean[] {false, true}) {
            var body = member("Ann", "201", did);
            body.put("call_forwarding_enabled", !simultaneous);
            body.put("simultaneous_ring_enabled", simultaneous);
            // The same number as typed differently.
            body.put("call_forwarding_number", "(" + did.substring(2, 5) + ") " + did.substring(5, 8) + "-" + did.substring(8));
            var before = owner.get("/api/v1/members").body();
            var response = owner.post("/api/v1/members", body);
            assertThat(response.status()).as(response.body()).isEqualTo(422);
            assertThat(response.errorField()).isEqualTo("call_forwarding_number");
            assertThat(owner.get("/api/v1/members").body()).isEqualTo(before);
        }
        var created = owner.post("/api/v1/members", member("Ann", "201", did));
        assertThat(created.status()).isEqualTo(201);
        var loop = member("Ann", "201", did);
        loop.put("call_forwarding_enabled", true);
        loop.put("call_forwarding_number", did);
        var response = owner.put("/api/v1/members/" + created.json().get("id").asString(), loop);
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.errorField()).isEqualTo("call_forwarding_number");
    }

    @Test
    void forwardingToTheCompanysOwnNumberIsRefusedAsALoop() {
        var number = uniqueDid();
        var company = owner.put("/api/v1/company", java.util.Map.of("name", "Review Co", "timezone", "America/Chicago",
                "business_numbers", java.util.List.of(number)));
        assertThat(company.status()).as(company.body()).isEqualTo(200);
        var body = member("Ann", "201", null);
        body.put("call_forwarding_enabled", true);
        body.put("call_forwarding_number", "+1 " + number.substring(2, 5) + " " + number.substring(5));
        var before = owner.get("/api/v1/members").body();
        var response = owner.post("/api/v1/members", body);
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.errorField()).isEqualTo("call_forwarding_number");
        assertThat(owner.get("/api/v1/members").body()).isEqualTo(before);
    }

    @Test
    void aNewPinTogetherWithRemovingThePinIsRefusedNotSilentlyRemoved() {
        var body = member("Ann", "201", null);
        body.put("voicemail_pin", "4321");
        var created = owner.post("/api/v1/members", body);
        assertThat(created.status()).isEqualTo(201);
        var id = created.json().get("id").asString();
        var both = member("Ann", "201", null);
        both.put("voicemail_pin", "9876");
        both.put("clear_voicemail_pin", true);
        var before = owner.get("/api/v1/members").body();
        var response = owner.put("/api/v1/members/" + id, both);
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.errorField()).isEqualTo("voicemail_pin");
        assertThat(owner.get("/api/v1/members").body()).isEqualTo(before);
        assertThat(owner.get("/api/v1/members/" + id).json().get("voicemail_pin_set").asBoolean()).isTrue();
    }
}
