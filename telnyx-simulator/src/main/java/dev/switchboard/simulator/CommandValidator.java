package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a command the way Telnyx would before acting on it: the path and method must be an operation
 * of the Call Control subset of Telnyx's own OpenAPI 3.1 document (shipped in this module's
 * resources), and the JSON body must satisfy that operation's request schema (JSON Schema 2020-12,
 * checked by networknt's validator, with the document's components for references).
 */
public final class CommandValidator {

    static final String SPEC = "/telnyx/call-control-openapi.yml";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Operation(int order, String method, Pattern path, String template, JsonSchema body, boolean bodyRequired) {
    }

    /**
     * The operations by shape (how many segments, and the last one, or "*" for a parameter): a request is
     * matched against the few of its shape, not against every operation's pattern.
     */
    private final java.util.Map<String, List<Operation>> byShape = new java.util.HashMap<>();

    public CommandValidator() {
        JsonNode root;
        try (var in = CommandValidator.class.getResourceAsStream(SPEC)) {
            root = new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SPEC, e);
        }
        var factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        var components = root.get("components");
        var order = new int[1];
        root.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            var method = op.getKey().toUpperCase(Locale.ROOT);
            if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                return;
            }
            var requestBody = op.getValue().get("requestBody");
            JsonSchema schema = null;
            boolean required = false;
            if (requestBody != null) {
                var resolved = requestBody.has("$ref") ? pointer(root, requestBody.get("$ref").asText()) : requestBody;
                required = resolved.path("required").asBoolean(false);
                var bodySchema = resolved.path("content").path("application/json").path("schema");
                if (!bodySchema.isMissingNode()) {
                    ObjectNode document = JSON.createObjectNode();
                    document.put("$schema", "https://json-schema.org/draft/2020-12/schema");
                    document.set("allOf", JSON.createArrayNode().add(bodySchema));
                    document.set("components", components);
                    schema = factory.getSchema(document);
                }
            }
            var regex = Pattern.compile("/v2" + path.getKey().replaceAll("\\{[^}]+}", "[^/]+"));
            var operation = new Operation(order[0]++, method, regex, path.getKey(), schema, required);
            var template = ("/v2" + path.getKey()).split("/");
            boolean parameterLast = template.length > 0 && template[template.length - 1].startsWith("{");
            byShape.computeIfAbsent(shape(template, parameterLast), k -> new ArrayList<>()).add(operation);
        }));
    }

    /** A path's shape: how many segments, and its last one ("*" when that is a parameter). */
    private static String shape(String[] segments, boolean parameterLast) {
        return segments.length + " " + (parameterLast ? "*" : segments.length == 0 ? "" : segments[segments.length - 1]);
    }

    /** What kind of thing is wrong with a request: it decides the error Telnyx answers with. */
    public enum Kind {
        /** No operation has this path. */
        NO_ENDPOINT,
        /** The path is an operation's, the method is not. */
        METHOD_NOT_ALLOWED,
        /** The body is not JSON. */
        NOT_JSON,
        /** A required field (or the required body) is missing. */
        MISSING,
        /** A value is not one of its enumeration's (or not its constant). */
        NOT_IN_ENUM,
        /** A number, a length or a count is outside its minimum and maximum. */
        OUT_OF_RANGE,
        /** Anything else: a wrong type, format or shape. */
        INVALID
    }

    /** One thing wrong with a request: its kind, where (a JSON pointer into the body, or the request line) and what. */
    public record Problem(Kind kind, String pointer, String message) {
    }

    /** The problems with {@code method path body}, empty when Telnyx would accept it. */
    public List<Problem> check(String method, String path, String body) {
        // Only operations of the path's shape can match it (a parameter is one non-empty segment); kept in
        // the document's order, as a scan of all of them would find them.
        var segments = path.split("/");
        var shaped = new ArrayList<Operation>(byShape.getOrDefault(shape(segments, false), List.of()));
        shaped.addAll(byShape.getOrDefault(shape(segments, true), List.of()));
        var candidates = shaped.stream().sorted(java.util.Comparator.comparingInt(Operation::order))
                .filter(o -> o.path().matcher(path).matches()).toList();
        if (candidates.isEmpty()) {
            return List.of(new Problem(Kind.NO_ENDPOINT, "path", "no such endpoint: " + path));
        }
        var op = candidates.stream().filter(o -> o.method().equalsIgnoreCase(method)).findFirst();
        if (op.isEmpty()) {
            return List.of(new Problem(Kind.METHOD_NOT_ALLOWED, "method", method + " is not allowed on " + candidates.getFirst().template()));
        }
        var schema = op.get().body();
        if (body == null || body.isBlank()) {
            return op.get().bodyRequired() ? List.of(new Problem(Kind.MISSING, "body", "a JSON body is required")) : List.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            return List.of(new Problem(Kind.NOT_JSON, "body", "not valid JSON"));
        }
        if (schema == null) {
            return List.of();
        }
        return schema.validate(node).stream().map(CommandValidator::problem).toList();
    }

    /** The validator's failure as a problem: its keyword gives the kind, its instance location the pointer. */
    private static Problem problem(ValidationMessage m) {
        var kind = switch (m.getType()) {
            case "required" -> Kind.MISSING;
            case "enum", "const" -> Kind.NOT_IN_ENUM;
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems" ->
                Kind.OUT_OF_RANGE;
            default -> Kind.INVALID;
        };
        var pointer = new StringBuilder();
        var at = m.getInstanceLocation();
        for (int i = 0; i < at.getNameCount(); i++) {
            pointer.append('/').append(String.valueOf(at.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        if (kind == Kind.MISSING && m.getProperty() != null) {
            pointer.append('/').append(m.getProperty().replace("~", "~0").replace("/", "~1"));
        }
        return new Problem(kind, pointer.isEmpty() ? "/" : pointer.toString(), m.getMessage());
    }

    private static JsonNode pointer(JsonNode root, String ref) {
        return root.at(ref.startsWith("#") ? ref.substring(1) : ref);
    }
}
