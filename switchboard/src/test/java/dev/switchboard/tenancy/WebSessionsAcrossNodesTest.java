package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.calls.TwoNodes;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Web sessions are kept in the PostgreSQL every node uses: a browser signed in on one node is signed in on the other
 * (a load balancer need not keep it on one), what it keeps between requests (the CSRF token, a message shown after a
 * redirect, a form's one-time token) is there on either, and signing out on one signs it out on both. Node B is a
 * second whole app on this test's database ({@link TwoNodes#startNode}).
 */
class WebSessionsAcrossNodesTest extends IntegrationTest {

    private static final Pattern SUBMISSION = Pattern.compile("name=\"submission\"[^>]*value=\"([^\"]+)\"");

    private static ConfigurableApplicationContext nodeB;

    @Autowired
    ConfigurableApplicationContext nodeA;

    private int portB;

    @BeforeEach
    void startNodeB() {
        synchronized (WebSessionsAcrossNodesTest.class) {
            if (nodeB == null) {
                nodeB = TwoNodes.startNode(nodeA, null);
            }
        }
        portB = TwoNodes.port(nodeB);
    }

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
            nodeB = null;
        }
    }

    @Test
    void aBrowserSignedInOnOneNodeReadsAndSendsFormsOnTheOtherAndSigningOutOnEitherEndsItOnBoth() {
        var onA = newCompanyOwner("Two Node Sessions Co");
        var onB = onA.on(portB);

        var me = onB.get("/me");
        assertThat(me.status()).as("signed in on node A, a page of node B").isEqualTo(200);
        assertThat(me.body()).contains("<title>My status");
        // A form of node B's page, with its CSRF token, sent to node B: the session's token is the same on both.
        var made = onB.post("/settings/team/tokens", "name", "made on node B", "submission", submission(onB.get("/settings/team/tokens")));
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        assertThat(made.body()).contains("id=\"secret\"");
        // A page's form from node B, sent to node A.
        var fromB = onB.on(port).post("/settings/team/tokens", "name", "sent to node A", "submission",
                submission(onB.get("/settings/team/tokens")));
        assertThat(fromB.status()).as(fromB.body()).isEqualTo(200);
        assertThat(fromB.body()).contains("id=\"secret\"");

        // Signed out on node B: node A no longer knows the browser.
        onB.get("/me");
        var out = onB.post("/logout");
        assertThat(out.location()).endsWith("/login?logout");
        var after = onA.get("/me");
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).endsWith("/login");
    }

    @Test
    void aMessageShownAfterARedirectIsShownByTheNodeTheRedirectReaches() {
        var owner = api().signUpNewCompany("Two Node Flash Co");
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
        var queue = owner.post("/api/v1/queues", Map.of("name", "Support", "member_ids", List.of(ann))).json().get("id").asString();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Daytime", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", queue), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var onA = webLogin(owner.email(), "correct-horse");
        onA.get("/queues");
        // The refusal (with its list of places, kept in the session for the page after the redirect) made on node A...
        assertThat(onA.post("/queues/" + queue + "/delete").status()).isEqualTo(302);
        // ... is shown by node B, where the browser's next request went.
        var page = onA.on(portB).get("/queues").body();
        assertThat(page).contains("Queue \u201cSupport\u201d was not deleted").contains("(target when open)");
    }

    @Test
    void aFormSentTwiceAtOnceToTwoNodesMakesOneThing() throws Exception {
        var onA = newCompanyOwner("Two Node Double Submit Co");
        var onB = onA.on(portB);
        var token = submission(onA.get("/settings/team/tokens"));
        var together = new CyclicBarrier(2);
        var pool = Executors.newFixedThreadPool(2);
        try {
            var sends = List.of(onA, onB).stream().map(node -> pool.submit(() -> {
                together.await(10, TimeUnit.SECONDS);
                return node.post("/settings/team/tokens", "name", "double click", "submission", token);
            })).toList();
            int made = 0;
            int again = 0;
            for (var send : sends) {
                var page = send.get(60, TimeUnit.SECONDS);
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                made += page.body().contains("id=\"secret\"") ? 1 : 0;
                again += page.body().contains("This form was sent again") ? 1 : 0;
            }
            assertThat(made).as("tokens made").isEqualTo(1);
            assertThat(again).as("sends told they were sent again").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        // And later, the same form sent again to either node makes nothing either.
        assertThat(onB.post("/settings/team/tokens", "name", "double click", "submission", token).body())
                .contains("This form was sent again");
        var owner = api().login(onA.email(), "correct-horse");
        var named = owner.get("/api/v1/auth/tokens").json().findValuesAsString("name").stream()
                .filter("double click"::equals).count();
        assertThat(named).isEqualTo(1);
    }

    private static String submission(WebClient.Page page) {
        var m = SUBMISSION.matcher(page.body());
        assertThat(m.find()).as("the form's one-time token").isTrue();
        return m.group(1);
    }
}
