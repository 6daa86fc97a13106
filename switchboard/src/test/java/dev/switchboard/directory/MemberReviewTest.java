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

    /**
     * Ann's calls go to Bob's direct number, Bob's to Cat's: fine. Cat's to Ann's would send every call round the
     * three (each hop a new call through the carrier): refused, as is closing the circle by a direct number's change.
     */
    @Test
    void forwardingThroughColleaguesBackToTheMemberIsRefusedAsALoop() {
        String[] dids = {uniqueDid(), uniqueDid(), uniqueDid()};
        var ann = forwarding("Ann", "201", dids[0], dids[1], false);
        var bob = forwarding("Bob", "202", dids[1], dids[2], true);  // simultaneous ring dials the number too
        assertThat(ann.status()).as(ann.body()).isEqualTo(201);
        assertThat(bob.status()).as(bob.body()).isEqualTo(201);
        var before = owner.get("/api/v1/members").body();
        var cat = forwarding("Cat", "203", dids[2], dids[0], false);
        assertThat(cat.status()).as(cat.body()).isEqualTo(422);
        assertThat(cat.errorField()).isEqualTo("call_forwarding_number");
        assertThat(cat.body()).contains("Ann's direct number, which forwards to Bob's direct number");
        assertThat(owner.get("/api/v1/members").body()).isEqualTo(before);
        // Forwarding elsewhere is fine; then Cat taking, as her direct number, the number her calls already go to
        // closes no circle, but Ann taking the number at the end of the chain does.
        var outside = uniqueDid();
        var catOk = forwarding("Cat", "203", dids[2], outside, false);
        assertThat(catOk.status()).as(catOk.body()).isEqualTo(201);
        var annLoops = member("Ann", "201", outside);
        annLoops.put("call_forwarding_enabled", true);
        annLoops.put("call_forwarding_number", dids[1]);
        var refused = owner.put("/api/v1/members/" + ann.json().get("id").asString(), annLoops);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("call_forwarding_number");
        // A colleague whose number is kept but not dialled (forwarding and simultaneous ring off) breaks the chain.
        var bobOff = member("Bob", "202", dids[1]);
        bobOff.put("call_forwarding_number", dids[2]);
        assertThat(owner.put("/api/v1/members/" + bob.json().get("id").asString(), bobOff).status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/members/" + ann.json().get("id").asString(), annLoops).status()).isEqualTo(200);
    }

    ApiClient.Response forwarding(String name, String ext, String did, String to, boolean simultaneous) {
        var body = member(name, ext, did);
        body.put(simultaneous ? "simultaneous_ring_enabled" : "call_forwarding_enabled", true);
        body.put("call_forwarding_number", to);
        return owner.post("/api/v1/members", body);
    }

    /** A business number added where a member's calls are forwarded would bring their calls back round: refused. */
    @Test
    void aBusinessNumberWhereAMembersCallsAreForwardedIsRefusedAsALoop() {
        var number = uniqueDid();
        var ann = forwarding("Ann", "201", null, number, false);
        assertThat(ann.status()).as(ann.body()).isEqualTo(201);
        var other = uniqueDid();
        var before = owner.get("/api/v1/company").body();
        var company = owner.put("/api/v1/company", java.util.Map.of("name", "Review Co", "timezone", "America/Chicago",
                "business_numbers", java.util.List.of(other, number)));
        assertThat(company.status()).as(company.body()).isEqualTo(422);
        assertThat(company.errorField()).isEqualTo("business_numbers[1]");
        assertThat(company.body()).contains("Ann's calls are forwarded");
        assertThat(owner.get("/api/v1/company").body()).isEqualTo(before);
    }

    @Test
    void aNewPinTogetherWithRemovingThePinIsRefusedNotSilentlyRemoved() {
        var body = member("Ann", "201", null);
        body.put("voicemail_pin", "4731");
        var created = owner.post("/api/v1/members", body);
        assertThat(created.status()).isEqualTo(201);
        var id = created.json().get("id").asString();
        var both = member("Ann", "201", null);
        both.put("voicemail_pin", "9736");
        both.put("clear_voicemail_pin", true);
        var before = owner.get("/api/v1/members").body();
        var response = owner.put("/api/v1/members/" + id, both);
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.errorField()).isEqualTo("voicemail_pin");
        assertThat(owner.get("/api/v1/members").body()).isEqualTo(before);
        assertThat(owner.get("/api/v1/members/" + id).json().get("voicemail_pin_set").asBoolean()).isTrue();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    /**
     * A member's delete waits for a routing change in progress (it holds the company's routing lock), as rule edits wait
     * for each other: else a rule saved meanwhile, having found the member still there, targeted a deleted member.
     */
    @Test
    void deletingAMemberWaitsForARoutingChangeInProgress() throws Exception {
        var id = owner.post("/api/v1/members", member("Ann", "201", null)).json().get("id").asString();
        assertThat(waitsForTheRoutingLock("delete", () -> owner.delete("/api/v1/members/" + id).status())).isEqualTo(204);
    }

    @Test
    void changingAnExtensionWaitsForARoutingChangeInProgress() throws Exception {
        // A menu saved meanwhile checks its keys against the extensions: the new extension waits for it.
        var id = owner.post("/api/v1/members", member("Bea", "202", null)).json().get("id").asString();
        assertThat(waitsForTheRoutingLock("the extension change",
                () -> owner.put("/api/v1/members/" + id, member("Bea", "203", null)).status())).isEqualTo(200);
        assertThat(owner.get("/api/v1/members/" + id).json().get("phone_extension").asString()).isEqualTo("203");
    }

    /**
     * Runs {@code change} while another transaction (a rule or menu edit caught between its checks and its commit) holds
     * the company's routing lock; asserts it waits for that lock rather than finishing, then lets it go and returns its status.
     */
    private int waitsForTheRoutingLock(String what, java.util.concurrent.Callable<Integer> change) throws Exception {
        var key = "routing:" + owner.get("/api/v1/me").json().get("company_id").asString();
        return new dev.switchboard.support.HeldTransaction(tx, jdbc).whileHeld(null,
                () -> jdbc.sql("select pg_advisory_xact_lock(hashtext(:k))").param("k", key).query().singleRow(),
                dev.switchboard.support.HeldTransaction.theAdvisoryLock(key), what + " (the routing lock)", change);
    }
}
