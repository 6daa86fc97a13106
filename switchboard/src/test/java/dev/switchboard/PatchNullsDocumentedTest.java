package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A partial update's body ({@code <Record>Partial}, or the form a PATCH takes as it is) says which fields may be
 * {@code null}, and the API agrees, field by field: each field of each PATCH (and of each PUT whose body is a partial: a
 * user's) is sent alone as {@code null} to the fixture's resource. One documented nullable must not be refused for being
 * null (400 naming it: "cannot be emptied"); the merged result may still be refused as a PUT of it would be, with 422,
 * but only for a rule that depends on other fields (an IVR rule needs its menu; forwarding enabled needs its number),
 * which the field's description says, with "when". One documented not nullable must be refused with 400 naming it alone,
 * nothing changed. (Emptying is a 400, as the API's other unreadable patches are, not a 422: the patch itself is
 * refused, before the merged result is checked.)
 */
class PatchNullsDocumentedTest extends ApiFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachPatchRefusesANullForExactlyTheFieldsItsDocumentSaysAreNotNullable() throws IOException {
        fixture();
        var docs = JSON.readTree(api().get("/v3/api-docs").body());
        var requests = apiRequests();
        var failures = new ArrayList<String>();
        int nullable = 0;
        int notNullable = 0;
        for (var path : (Iterable<Map.Entry<String, JsonNode>>) docs.get("paths")::fields) {
            for (var method : List.of("patch", "put")) {
                var operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                var schema = operation.at("/requestBody/content/application~1json/schema");
                var ref = schema.path("$ref").asText();
                if (method.equals("put") && !ref.endsWith("Partial")) {
                    continue;
                }
                if (!ref.isEmpty()) {
                    schema = docs.at(ref.substring(1));
                }
                var key = method.toUpperCase(Locale.ROOT) + " " + path.getKey().replaceAll("\\{[^}]+}", "{id}");
                var req = ApiContractTest.requestFor(requests, key);
                if (req == null) {
                    failures.add(key + ": no request in ApiFixture.apiRequests");
                    continue;
                }
                var sent = prepare(Who.OWNER, req, true);
                for (var property : (Iterable<Map.Entry<String, JsonNode>>) schema.path("properties")::fields) {
                    var field = property.getKey();
                    boolean documentedNullable = nullable(property.getValue());
                    var answer = send(Who.OWNER, new Sent(sent.method(), sent.path(), "application/json", "{\"" + field + "\": null}"));
                    var named = answer.status() >= 400 ? ApiContractTest.fieldsNamed(answer) : new java.util.TreeSet<String>();
                    if (documentedNullable) {
                        nullable++;
                        if (answer.status() == 400 || answer.status() >= 500) {
                            failures.add(key + " " + field + ": documented nullable, but null answered " + answer.status() + " " + answer.body());
                        } else if (answer.status() == 422 && named.contains(field)
                                && !property.getValue().path("description").asText().contains("when")) {
                            failures.add(key + " " + field + ": documented nullable without a condition, but null answered 422 "
                                    + answer.body());
                        } else if (answer.status() >= 400 && answer.status() != 422) {
                            failures.add(key + " " + field + ": null answered " + answer.status() + " " + answer.body());
                        }
                    } else {
                        notNullable++;
                        // 400 from a merge patch (the patch refused as it is read); 422 from a PATCH that is no merge
                        // patch (a message's heard), where a null is as good as the required field left out.
                        if (answer.status() != 400 && answer.status() != 422 || !named.equals(new java.util.TreeSet<>(List.of(field)))) {
                            failures.add(key + " " + field + ": documented not nullable, but null answered " + answer.status()
                                    + " naming " + named + " " + answer.body());
                        }
                    }
                }
            }
        }
        failures.forEach(f -> System.out.println("PatchNullsDocumentedTest " + f));
        assertThat(nullable).as("nullable fields sent null").isGreaterThan(30);
        assertThat(notNullable).as("not nullable fields sent null").isGreaterThan(30);
        assertThat(failures).as(failures.size() + " fields whose null the document and the API disagree about").isEmpty();
    }

    /** Whether a property schema allows null: a type list with "null", or an anyOf with a null schema. */
    static boolean nullable(JsonNode property) {
        for (var type : property.path("type")) {
            if (type.asText().equals("null")) {
                return true;
            }
        }
        for (var part : property.path("anyOf")) {
            if (part.path("type").asText().equals("null")) {
                return true;
            }
        }
        return false;
    }
}
