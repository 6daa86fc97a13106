package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.switchboard.support.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document ({@code /v3/api-docs}) says what the API really answers, since integrators generate their clients
 * from it: every operation in it is sent, as the owner, the valid request {@link ApiFixture#apiRequests} has for it (an
 * operation without one fails by name), and its answer's status must be one the operation documents and its body valid
 * against the schema documented for that status and media type (JSON Schema 2020-12, the dialect of OpenAPI 3.1, by
 * networknt's validator, as the simulator checks our commands against Telnyx's document; read strictly, see
 * {@link #strict}). Then the errors it documents that are cheap to provoke, each an RFC 9457 problem valid against what is
 * documented for it: one refused request per operation (a body with a field of the wrong type, an id that is none, a
 * parameter that is no value of its type, or no token where there is nothing else to get wrong); the last id in its
 * address one that is nobody's (404, naming it); an empty JSON object for a body, refused (422) naming exactly the fields
 * the document marks required for the operation, or accepted where it marks none (so that neither can drift from the
 * other; {@link #ONE_OF} says which fields are named but cannot be marked, and why); and a body over the size limit for one
 * operation of each kind of body (JSON, an upload), refused with 413.
 * Then every line of {@link RoleAccessMatrixTest#API_POLICY} as an agent, whose answers differ (their own calls, messages
 * and member) and whose refusals (403) are answers too. The documented 409s are provoked by {@link ConflictsDocumentedTest}
 * and {@link CallConflictsDocumentedTest}, checked by {@link #disagreement} likewise.
 */
public class ApiContractTest extends ApiFixture {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /**
     * The answer to a request, checked against its operation in the document: null when it agrees, else what is wrong.
     * Its status must be documented; a body must be one of the media types documented for that status (none: no body), a
     * JSON one valid against its schema as {@link #strict} reads it, with formats (uuid, date-time, int32...) asserted.
     */
    public static String disagreement(com.fasterxml.jackson.databind.JsonNode docs, com.fasterxml.jackson.databind.JsonNode operation,
            ApiClient.Response answer) {
        var responses = operation.path("responses");
        var documented = responses.get(String.valueOf(answer.status()));
        if (documented == null) {
            documented = responses.get(answer.status() / 100 + "XX");
        }
        if (documented == null) {
            documented = responses.get("default");
        }
        if (documented == null) {
            var statuses = new ArrayList<String>();
            responses.fieldNames().forEachRemaining(statuses::add);
            return "answered " + answer.status() + ", documents only " + statuses;
        }
        if (documented.has("$ref")) {
            documented = docs.at(documented.get("$ref").asText().substring(1));
        }
        var content = documented.path("content");
        var types = new ArrayList<String>();
        content.fieldNames().forEachRemaining(types::add);
        var type = answer.header("content-type");
        var mediaType = type == null ? null : type.replaceAll(";.*", "").strip();
        if (answer.body().isEmpty()) {
            return types.isEmpty() ? null : "answered " + answer.status() + " with no body, documents " + types;
        }
        var media = mediaType == null ? null : content.get(mediaType);
        if (media == null) {
            return "answered " + answer.status() + " " + mediaType + ", documents " + (types.isEmpty() ? "no body" : types);
        }
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            return null; // audio or CSV: nothing for a JSON schema to say
        }
        if (!media.has("schema")) {
            return "answered " + answer.status() + " " + mediaType + ", documents no schema for it";
        }
        ObjectNode document = JSON.createObjectNode();
        document.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        document.set("allOf", JSON.createArrayNode().add(strict(media.get("schema"), Set.of())));
        document.set("components", strictComponents(docs));
        try {
            var problems = SCHEMAS.getSchema(document, CONFIG).validate(JSON.readTree(answer.body()));
            return problems.isEmpty() ? null : "answered " + answer.status() + ", not as documented: "
                    + problems.stream().map(m -> m.getInstanceLocation() + " " + m.getMessage()).limit(5).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    /** The document whose components {@link #strictComponents} last read, and what it made of them. */
    private static com.fasterxml.jackson.databind.JsonNode readDocs;
    private static com.fasterxml.jackson.databind.JsonNode readComponents;

    /** The document's components, each schema read as {@link #strict} says. */
    static synchronized com.fasterxml.jackson.databind.JsonNode strictComponents(com.fasterxml.jackson.databind.JsonNode docs) {
        if (docs != readDocs) {
            var components = docs.get("components").deepCopy();
            var schemas = (ObjectNode) components.get("schemas");
            // The parents of a subtype (allOf: [{$ref: parent}, {its own fields}]) hold only part of its fields.
            var parents = new java.util.HashSet<String>();
            docs.findValues("allOf").forEach(parts -> parts.forEach(part -> {
                if (part.has("$ref")) {
                    parents.add(part.get("$ref").asText());
                }
            }));
            for (var name : (Iterable<String>) schemas::fieldNames) {
                var made = (ObjectNode) strict(schemas.get(name), parents.contains("#/components/schemas/" + name) ? Set.of("part") : Set.of());
                if (name.equals("Problem")) {
                    made.set("required", schemas.get(name).get("required"));
                }
                schemas.set(name, made);
            }
            readDocs = docs;
            readComponents = components;
        }
        return readComponents;
    }

    /**
     * A schema as the API's answers must meet it, stricter than JSON Schema reads it by default (where a property not
     * named is allowed and a named one may be missing): an object's properties are all there, as the API writes every
     * field, an absent value as null ({@code OpenApiContract}); and it has no property the document does not name, which
     * a generated client may refuse (openapi-generator's validates each field it reads) or silently drop. A part of an
     * {@code allOf} holds only some of its object's fields ({@code as} "part"): the whole is closed, not its parts. An RFC
     * 9457 problem leaves out what it has no value for ({@code type}, {@code detail}, {@code errors}), as Spring writes it.
     */
    static com.fasterxml.jackson.databind.JsonNode strict(com.fasterxml.jackson.databind.JsonNode schema, Set<String> as) {
        if (!(schema instanceof ObjectNode object)) {
            return schema;
        }
        var copy = object.deepCopy();
        for (var field : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) object::fields) {
            var value = field.getValue();
            switch (field.getKey()) {
                case "allOf" -> {
                    var parts = JSON.createArrayNode();
                    value.forEach(part -> parts.add(strict(part, Set.of("part"))));
                    copy.set("allOf", parts);
                }
                case "properties" -> {
                    var properties = JSON.createObjectNode();
                    value.fields().forEachRemaining(p -> properties.set(p.getKey(), strict(p.getValue(), Set.of())));
                    copy.set("properties", properties);
                }
                default -> {
                    if (value.isObject()) {
                        copy.set(field.getKey(), strict(value, Set.of()));
                    } else if (value.isArray()) {
                        var items = JSON.createArrayNode();
                        value.forEach(item -> items.add(strict(item, Set.of())));
                        copy.set(field.getKey(), items);
                    }
                }
            }
        }
        if (object.has("properties")) {
            var required = JSON.createArrayNode();
            object.get("properties").fieldNames().forEachRemaining(required::add);
            copy.set("required", required);
        }
        if (!as.contains("part") && !object.has("additionalProperties")) {
            if (object.has("allOf")) {
                copy.put("unevaluatedProperties", false);
            } else if (object.has("properties")) {
                copy.put("additionalProperties", false);
            }
        }
        return copy;
    }

    /** The request {@link ApiFixture#apiRequests} has for an operation: its own, else its "own" variant, else its first. */
    static Req requestFor(Map<String, Req> requests, String operation) {
        for (var variant : List.of("", " (own)", " (as themselves)")) {
            if (requests.containsKey(operation + variant)) {
                return requests.get(operation + variant);
            }
        }
        return requests.entrySet().stream().filter(e -> e.getKey().startsWith(operation + " (")).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /**
     * A request {@code sent} refused for what it holds: the first field of its JSON body the wrong type, else its last id
     * not an id, else its first query parameter that is a number, an id or a time not a value of its type, else sent with no token.
     */
    ApiClient.Response refused(Sent sent, com.fasterxml.jackson.databind.JsonNode operation) throws IOException {
        if (sent.contentType().startsWith("multipart")) {
            return owner.upload(sent.path(), "file", "notes.wav", "audio/wav", "not audio at all".getBytes());
        }
        if (sent.contentType().equals("text/csv")) {
            return owner.send(sent.method(), sent.path(), "text/csv", "phone\n+17735550199\n");
        }
        if (sent.body() != null && JSON.readTree(sent.body()) instanceof ObjectNode body && !body.isEmpty()) {
            body.set(body.fieldNames().next(), JSON.createArrayNode().add(JSON.createArrayNode()));
            return owner.send(sent.method(), sent.path(), sent.contentType(), JSON.writeValueAsString(body));
        }
        var id = java.util.regex.Pattern.compile("/[0-9a-f]{8}-[0-9a-f-]{27}(?!.*/[0-9a-f]{8}-[0-9a-f-]{27})").matcher(sent.path());
        if (id.find()) {
            return owner.send(sent.method(), id.replaceFirst("/not-an-id"), "application/json", "");
        }
        for (var parameter : operation.path("parameters")) {
            // A parameter that is a number, an id or a time (any text is some text filter's value).
            if (parameter.path("in").asText().equals("query")
                    && (!parameter.at("/schema/type").asText().equals("string") || parameter.at("/schema/format").isTextual())) {
                var path = sent.path().replaceAll("\\?.*", "") + "?" + parameter.get("name").asText() + "=%7Bnot%20a%20value%7D";
                return owner.send(sent.method(), path, "application/json", "");
            }
        }
        return nobody.send(sent.method(), sent.path(), "application/json", sent.body() == null ? "" : sent.body());
    }

    private static final String AN_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** {@code sent} with the last id in its address one that is nobody's, or null when its address has no id. */
    static Sent unknownId(Sent sent) {
        var last = java.util.regex.Pattern.compile("/" + AN_ID + "(?!.*/" + AN_ID + ")").matcher(sent.path());
        return last.find() ? new Sent(sent.method(), last.replaceFirst("/" + java.util.UUID.randomUUID()), sent.contentType(), sent.body())
                : null;
    }

    /** A refusal checked as an RFC 9457 problem document (its type) and against the document. */
    static String problemDisagreement(com.fasterxml.jackson.databind.JsonNode docs, com.fasterxml.jackson.databind.JsonNode operation,
            ApiClient.Response refusal) {
        return !String.valueOf(refusal.header("content-type")).startsWith("application/problem+json")
                ? "refused with " + refusal.status() + " but no problem document: " + refusal.header("content-type")
                : disagreement(docs, operation, refusal);
    }

    /** The fields an operation's JSON request body documents as required (its schema's own, through a $ref). */
    static List<String> requiredFields(com.fasterxml.jackson.databind.JsonNode docs, com.fasterxml.jackson.databind.JsonNode operation) {
        var schema = operation.at("/requestBody/content/application~1json/schema");
        if (schema.has("$ref")) {
            schema = docs.at(schema.get("$ref").asText().substring(1));
        }
        var required = new ArrayList<String>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        return required;
    }

    /** The limits of a JSON body and of an upload ({@code RequestSizeLimitFilter}'s), to send a body one byte over. */
    @org.springframework.beans.factory.annotation.Value("${switchboard.api.max-body-bytes:262144}")
    long jsonLimit;
    @org.springframework.beans.factory.annotation.Value("${switchboard.api.max-upload-bytes:6291456}")
    long uploadLimit;

    /**
     * The fields an operation's {@code {}} is refused naming that its document cannot mark required, as they are required
     * only with others or in some cases: each with why, by operation.
     */
    static final Map<String, Map<String, String>> ONE_OF = Map.of(
            "POST /api/v1/calls/{id}/transfer", Map.of("target", "exactly one of member_id, rule_id and number, named as target"),
            "POST /api/v1/ivr-menus", Map.of("greeting_text", "a greeting_text or a greeting_media_id"),
            "PUT /api/v1/ivr-menus/{id}", Map.of("greeting_text", "a greeting_text or a greeting_media_id"),
            "PUT /api/v1/schedules/{id}", Map.of("name", "required, except of the default schedule, which keeps its own"));

    /**
     * Whether {@code {}} was refused naming exactly the fields the document marks required (no more, no fewer), and those
     * of {@link #ONE_OF} for the operation, each of them (one no longer named is to be taken out of it).
     */
    static boolean namedAsRequired(String key, java.util.Set<String> named, java.util.Set<String> required) {
        var besides = ONE_OF.getOrDefault(key, Map.of()).keySet();
        var expected = new java.util.TreeSet<>(required);
        expected.addAll(besides);
        return named.equals(expected);
    }

    /** The fields (the top ones: {@code vacation}, not {@code vacation.start}) a 422's problem names in its errors. */
    static java.util.TreeSet<String> fieldsNamed(ApiClient.Response refusal) throws IOException {
        var named = new java.util.TreeSet<String>();
        JSON.readTree(refusal.body()).path("errors").forEach(e -> named.add(e.path("field").asText().replaceAll("[.\\[].*", "")));
        return named;
    }

    @Test
    void everyOperationAnswersAsItsDocumentSays() throws IOException {
        fixture();
        var text = api().get("/v3/api-docs").body();
        Files.writeString(Path.of("target", "api-docs.json"), text);
        var docs = JSON.readTree(text);
        var requests = apiRequests();
        var failures = new ArrayList<String>();
        int checked = 0;
        int agentChecked = 0;
        var operations = new java.util.HashMap<String, com.fasterxml.jackson.databind.JsonNode>();
        for (var path : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) docs.get("paths")::fields) {
            for (var method : METHODS) {
                var operation = path.getValue().get(method);
                if (operation == null || !path.getKey().startsWith("/api/v1/")) {
                    continue;
                }
                var key = method.toUpperCase(Locale.ROOT) + " " + path.getKey().replaceAll("\\{[^}]+}", "{id}");
                operations.put(key, operation);
                var req = requestFor(requests, key);
                if (req == null) {
                    failures.add(key + ": no request in ApiFixture.apiRequests");
                    continue;
                }
                var sent = prepare(Who.OWNER, req, true);
                var answer = send(Who.OWNER, sent);
                var wrong = answer.status() >= 300 ? "a valid request answered " + answer.status() + " " + answer.body()
                        : disagreement(docs, operation, answer);
                if (wrong != null) {
                    failures.add(key + " " + sent.path() + ": " + wrong);
                }
                var refusal = refused(sent, operation);
                var problem = refusal.status() < 400 || refusal.status() >= 500 ? "a refused request answered " + refusal.status()
                        : problemDisagreement(docs, operation, refusal);
                if (problem != null) {
                    failures.add(key + " refused: " + problem);
                }
                var unknown = unknownId(sent);
                if (unknown != null) {
                    var none = send(Who.OWNER, unknown);
                    var notFound = none.status() != 404 ? "answered " + none.status() + " " + none.body()
                            : !none.body().contains(unknown.path().replaceAll(".*(" + AN_ID + ").*", "$1"))
                                    ? "the problem does not name the id: " + none.body()
                                    : problemDisagreement(docs, operation, none);
                    if (notFound != null) {
                        failures.add(key + " an id that is none " + unknown.path() + ": " + notFound);
                    }
                }
                if (sent.contentType().equals("application/json") && operation.has("requestBody")) {
                    var empty = send(Who.OWNER, new Sent(sent.method(), sent.path(), sent.contentType(), "{}"));
                    var required = new java.util.TreeSet<>(requiredFields(docs, operation));
                    var named = empty.status() == 422 ? fieldsNamed(empty) : new java.util.TreeSet<String>();
                    var emptyWrong = empty.status() >= 500 ? "answered " + empty.status()
                            : empty.status() >= 400 && empty.status() != 422 ? "answered " + empty.status() + " " + empty.body()
                            : !namedAsRequired(key, named, required) ? "documents " + required + " required, but {} answered "
                                    + empty.status() + " naming " + named + (ONE_OF.containsKey(key) ? " (" + ONE_OF.get(key) + ")" : "")
                            : empty.status() >= 400 ? problemDisagreement(docs, operation, empty) : disagreement(docs, operation, empty);
                    if (emptyWrong != null) {
                        failures.add(key + " sent {}: " + emptyWrong);
                    }
                }
                checked++;
            }
        }
        // As an agent, whose answers differ (their own calls and messages, their own member's parts), and whose refusals are
        // answers too: each line of the role policy, allowed (2xx) or refused (403, or 404), every answer as documented.
        var notFound = RoleAccessMatrixTest.notFound(RoleAccessMatrixTest.API_POLICY);
        for (var line : RoleAccessMatrixTest.parse(RoleAccessMatrixTest.API_POLICY).entrySet()) {
            var key = line.getKey().replaceAll(" \\(.*\\)$", "");
            var operation = operations.get(key);
            var req = requests.get(line.getKey());
            if (operation == null || req == null) {
                continue; // an operation without a request is a failure above; a policy line with no operation, RoleAccessMatrixTest's
            }
            boolean allowed = line.getValue().contains(Who.AGENT);
            var sent = prepare(Who.AGENT, req, allowed);
            var answer = send(Who.AGENT, sent);
            int refusedWith = notFound.getOrDefault(line.getKey(), Set.of()).contains(Who.AGENT) ? 404 : 403;
            var wrong = allowed
                    ? answer.status() >= 300 ? "an allowed request answered " + answer.status() + " " + answer.body()
                            : disagreement(docs, operation, answer)
                    : answer.status() != refusedWith ? "not refused with " + refusedWith + ": " + answer.status()
                            : problemDisagreement(docs, operation, answer);
            if (wrong != null) {
                failures.add("as an agent " + line.getKey() + " " + sent.path() + ": " + wrong);
            }
            agentChecked++;
        }
        // A body over the size limit, one operation of each kind of body: refused with 413 before it is read, as documented.
        var tooLarge = Map.of(
                "POST /api/v1/customers", owner.post("/api/v1/customers", Map.of("name", "x".repeat((int) jsonLimit + 1))),
                "POST /api/v1/media", owner.upload("/api/v1/media", "file", "huge.wav", "audio/wav", new byte[(int) uploadLimit + 1]));
        tooLarge.forEach((key, answer) -> {
            var wrong = answer.status() != 413 ? "answered " + answer.status() + " " + answer.body()
                    : problemDisagreement(docs, operations.get(key), answer);
            if (wrong != null) {
                failures.add(key + " with a body over the limit: " + wrong);
            }
        });
        failures.forEach(f -> System.out.println("ApiContractTest " + f));
        // Found by this test and not fixed yet, each still failing (so a fix takes its line out):
        var known = List.<String>of();
        for (var k : known) {
            assertThat(failures).as("a known disagreement still there (fixed? take it out of known)").anyMatch(f -> f.startsWith(k));
            failures.removeIf(f -> f.startsWith(k));
        }
        assertThat(checked).as("operations checked").isGreaterThan(100);
        assertThat(agentChecked).as("policy lines sent as an agent").isGreaterThan(100);
        assertThat(failures).as(failures.size() + " answers disagree with /v3/api-docs (see the ApiContractTest lines)").isEmpty();
    }
}
