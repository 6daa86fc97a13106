package dev.switchboard.routing.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A routing rule, IVR menu or queue that something still sends calls to is not deleted from its page, and the refusal
 * names each place with a link to where it is changed (as a member's delete does), not a line of plain text.
 */
class DeleteRefusalLinksTest extends IntegrationTest {

    @Test
    void aRuleMenuOrQueueInUseIsRefusedOnItsPageWithALinkToEachPlaceThatUsesIt() {
        var owner = api().signUpNewCompany("Refusal Links Co");
        var web = webLogin(owner.email(), "correct-horse");
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main menu", "greeting_text", "Press 1.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)))).json().get("menu").get("id").asString();
        var front = owner.post("/api/v1/routing-rules", Map.of("name", "Front desk", "type", "IVR", "ivr_menu_id", menu))
                .json().get("rule").get("id").asString();
        var queue = owner.post("/api/v1/queues", Map.of("name", "Support", "member_ids", List.of(ann))).json().get("id").asString();
        var day = owner.post("/api/v1/routing-rules", Map.of("name", "Daytime", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", queue), "closed_target", Map.of("kind", "RULE", "rule_id", front)));
        assertThat(day.status()).as(day.body()).isEqualTo(201);
        var daytime = day.json().get("rule").get("id").asString();
        var holiday = owner.post("/api/v1/holidays", Map.of("name", "Closed day", "date", "2031-01-02", "routing_rule_id", front,
                "enabled", false)).json().get("id").asString();

        var ph = "/settings/communications/phone";
        // The rule: sent calls by the other rule's closed target, and followed by a holiday.
        web.get(ph + "/routing");
        assertThat(web.post(ph + "/routing/" + front + "/delete").status()).isEqualTo(302);
        var rules = refusal(web.get(ph + "/routing").body());
        assertThat(rules).contains("Rule \u201cFront desk\u201d was not deleted")
                .contains("href=\"" + ph + "/routing/" + daytime + "\"").contains("(target when closed)")
                .contains("href=\"" + ph + "/holidays/" + holiday + "\"").contains("holiday &#39;Closed day&#39;");
        assertThat(owner.get("/api/v1/routing-rules/" + front).status()).isEqualTo(200);

        // The menu: played by the IVR rule.
        web.get(ph + "/call-flows");
        assertThat(web.post(ph + "/call-flows/" + menu + "/delete").status()).isEqualTo(302);
        assertThat(refusal(web.get(ph + "/call-flows").body())).contains("Menu \u201cMain menu\u201d was not deleted")
                .contains("href=\"" + ph + "/routing/" + front + "\"").contains("routing rule &#39;Front desk&#39;");
        assertThat(owner.get("/api/v1/ivr-menus/" + menu).status()).isEqualTo(200);

        // The queue: the open target of the business-hours rule.
        web.get("/queues");
        assertThat(web.post("/queues/" + queue + "/delete").status()).isEqualTo(302);
        assertThat(refusal(web.get("/queues").body())).contains("Queue \u201cSupport\u201d was not deleted")
                .contains("href=\"" + ph + "/routing/" + daytime + "\"").contains("(target when open)");
        assertThat(owner.get("/api/v1/queues/" + queue).status()).isEqualTo(200);
    }

    /** The page from its refusal on: the alert and the list of places under it. */
    private static String refusal(String page) {
        int at = page.indexOf("was not deleted");
        assertThat(at).as("a refusal on the page").isPositive();
        return page.substring(page.lastIndexOf("<p", at), Math.min(page.length(), page.indexOf("</ul>", at) + 5));
    }
}
