package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A query parameter the operation does not take is a 400 naming it and what the operation takes, as an unknown field of
 * a body is, and nothing is done: ignored, a misspelt filter listed (or deleted) everything.
 */
class UnknownQueryParametersTest extends IntegrationTest {

    @Test
    void aFilterTheListDoesNotTakeIsRefusedNamingItNotAnsweredAsTheWholeList() {
        var owner = api().signUpNewCompany("Query Names Co");
        var ann = owner.post("/api/v1/customers", Map.of("name", "Ann")).json().get("id").asString();
        var bob = owner.post("/api/v1/customers", Map.of("name", "Bob")).json().get("id").asString();
        assertThat(owner.post("/api/v1/jobs", Map.of("customer_id", ann, "title", "Leak")).status()).isEqualTo(201);
        assertThat(owner.post("/api/v1/jobs", Map.of("customer_id", bob, "title", "Boiler")).status()).isEqualTo(201);
        assertThat(owner.get("/api/v1/jobs?customer_id=" + ann).json()).hasSize(1);

        var misspelt = owner.get("/api/v1/jobs?customer=" + ann + "&limit=10");

        assertThat(misspelt.status()).as(misspelt.body()).isEqualTo(400);
        assertThat(misspelt.errorField()).isEqualTo("customer");
        assertThat(misspelt.body()).contains("unknown parameter 'customer'").contains("customer_id").contains("before_created_at");

        // Another list's filter name, on a list that names it otherwise: not every box's messages.
        var otherName = owner.get("/api/v1/voicemail/messages?member_id=" + ann);
        assertThat(otherName.status()).as(otherName.body()).isEqualTo(400);
        assertThat(otherName.errorField()).isEqualTo("member_id");
        assertThat(otherName.body()).contains("box");

        // An operation taking none says so; and nothing is done with the request.
        var delete = owner.delete("/api/v1/customers/" + bob + "?force=true");
        assertThat(delete.status()).as(delete.body()).isEqualTo(400);
        assertThat(delete.body()).contains("unknown parameter 'force'").contains("takes no query parameters");
        assertThat(owner.get("/api/v1/customers/" + bob).status()).isEqualTo(200);
        // A cache buster (jQuery's cache: false) changes no answer and is let by.
        assertThat(owner.get("/api/v1/routing-rules?_=1733600000000").status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/jobs?customer_id=" + ann + "&_=1733600000000").status()).isEqualTo(200);
    }
}
