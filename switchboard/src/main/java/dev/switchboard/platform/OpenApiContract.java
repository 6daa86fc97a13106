package dev.switchboard.platform;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the OpenAPI document (/v3/api-docs) says beyond what springdoc reads from the handlers, so that a client generated
 * from it reads every answer (ApiContractTest checks each operation's answers against it):
 * <ul>
 * <li>the API writes every field of its records, an absent value as {@code null} (no field is left out), so a property
 * that is not required may be {@code null};</li>
 * <li>a map of {@code Object} values may hold any value, not objects only;</li>
 * <li>the errors: every operation may answer an RFC 9457 problem document ({@link ApiExceptionHandler}): 401 without a
 * valid token and 403 for a role that may not (except signing up and in), 404 for an id in the address that is none of
 * the company's, 400 for a body or parameter that cannot be read and 422 for one that breaks a rule (where there is one),
 * each {@code errors} item naming the field and the rule; and 413 for a body over the size limit
 * ({@link RequestSizeLimitFilter}) on every operation that takes one;</li>
 * <li>a body's required fields are those its operation refuses when absent (marked on the records, as
 * {@code @Schema(requiredMode = REQUIRED)}). A partial update (a merge patch; a user's PUT), where an absent field keeps
 * its value, takes the record its create takes with nothing required: its body refers to {@code <Record>Partial}, made
 * here from {@code <Record>} ({@link #partialBodies}).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class OpenApiContract {

    /** How the schema of a partial update's body is named: its record's, with this after it. */
    static final String PARTIAL = "Partial";

    /** Operations anyone may send, without a token. */
    private static final Set<String> PUBLIC = Set.of("/api/v1/signup", "/api/v1/auth/token");

    /** The extension {@link #pagedOperations} marks a paged list's operation with, for {@link #problemsAndNulls} to read. */
    private static final String PAGED = "x-switchboard-paged";

    /** The operations of the handlers that answer a keyset-paged list ({@link NextPageLink.Paged}), marked. */
    @Bean
    org.springdoc.core.customizers.OperationCustomizer pagedOperations() {
        return (operation, handler) -> {
            var paged = handler.getMethodAnnotation(NextPageLink.Paged.class);
            if (paged != null) {
                operation.addExtension(PAGED, paged.maxLimit());
            }
            return operation;
        };
    }

    /**
     * Each operation's id, which a generated client names its method by: the handler's resource (its class's name without
     * "Api" or "Controller") and method, "callsClickToCall", not springdoc's method name numbered apart ("list_5").
     */
    @Bean
    org.springdoc.core.customizers.OperationCustomizer operationIds() {
        return (operation, handler) -> {
            var stem = handler.getBeanType().getSimpleName().replaceAll("(Api|Controller)$", "");
            var method = handler.getMethod().getName();
            operation.setOperationId(Character.toLowerCase(stem.charAt(0)) + stem.substring(1)
                    + Character.toUpperCase(method.charAt(0)) + method.substring(1));
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer problemsAndNulls() {
        return api -> {
            security(api);
            var schemas = api.getComponents().getSchemas();
            if (schemas != null) {
                schemas.values().forEach(OpenApiContract::nullableWhenNotRequired);
            }
            api.getComponents().addSchemas("FieldProblem", new ObjectSchema()
                    .description("One thing wrong with an input: the field (dotted for nested ones), the rule it broke, in words")
                    .addProperty("field", new StringSchema()).addProperty("rule", new StringSchema())
                    .addProperty("message", new StringSchema()).required(List.of("field", "rule", "message")));
            api.getComponents().addSchemas("Problem", new ObjectSchema()
                    .description("An RFC 9457 problem document; input problems list each field and rule in errors")
                    .addProperty("type", new StringSchema()).addProperty("title", new StringSchema())
                    .addProperty("status", new IntegerSchema()).addProperty("detail", new StringSchema())
                    .addProperty("instance", new StringSchema())
                    .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldProblem")))
                    .required(List.of("title", "status")));
            if (api.getPaths() == null) {
                return;
            }
            partialBodies(api);
            notNullableInPatches(api);
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                paging(path, operation);
                if (PUBLIC.contains(path)) {
                    operation.setSecurity(List.of()); // no token needed: the document's bearer requirement is lifted
                }
                boolean input = operation.getRequestBody() != null || operation.getParameters() != null
                        && operation.getParameters().stream().anyMatch(p -> !"path".equals(p.getIn()));
                boolean ids = operation.getParameters() != null && operation.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()));
                if (input || ids) {
                    problem(operation, "400", "The body or a parameter cannot be read (not JSON, a field of the wrong type, an id that is none)");
                }
                if (input) {
                    problem(operation, "422", "A field breaks a rule: each is named in errors, with the rule");
                }
                if (operation.getRequestBody() != null) {
                    problem(operation, "413", "The body is larger than the API takes (a JSON body, an upload, or this operation's "
                            + "own limit, as the detail says); refused before it is read, nothing changed");
                }
                if (!PUBLIC.contains(path)) {
                    problem(operation, "401", "No valid bearer token (Authorization: Bearer <token>, from POST /api/v1/auth/token)");
                    problem(operation, "403", "The token's user's role does not allow this");
                }
                if (ids) {
                    problem(operation, "404", "No such id in the company");
                }
            }));
        };
    }

    /**
     * The body schemas of partial updates ({@code #/components/schemas/<Record>Partial}): each a copy of its record's, whose
     * properties are already nullable where not required, with nothing required. A required property keeps its type (a
     * merge patch refuses to empty it with null). A reference to a partial of no record fails the document, not a client.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void partialBodies(io.swagger.v3.oas.models.OpenAPI api) {
        var schemas = api.getComponents().getSchemas();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
                return;
            }
            operation.getRequestBody().getContent().values().forEach(media -> {
                var ref = media.getSchema() == null ? null : media.getSchema().get$ref();
                var name = ref == null ? "" : ref.substring(ref.lastIndexOf('/') + 1);
                if (!name.endsWith(PARTIAL) || schemas.containsKey(name)) {
                    return;
                }
                Schema<?> whole = schemas.get(name.substring(0, name.length() - PARTIAL.length()));
                if (whole == null || whole.getProperties() == null) {
                    throw new IllegalStateException(ref + ": no record schema " + name.substring(0, name.length() - PARTIAL.length()));
                }
                // Every field may be null (it empties the field, or keeps it where the operation says so), but one that
                // has no empty value (JsonMergePatch.NotNullable), whose null is refused.
                var properties = new java.util.LinkedHashMap<String, Schema>();
                ((Map<String, Schema>) whole.getProperties()).forEach((field, property) -> properties.put(field,
                        notNullable(property) ? nullable(property, false) : nullable(property, true)));
                Schema partial = new JsonSchema().types(whole.getTypes()).properties(properties)
                        .description("The fields to change; each one left out is kept as it is. A field that may be null "
                                + "is emptied by null (or kept, where the operation says so); a null for one that may not "
                                + "(it has no empty value) is refused with 400 naming it");
                partial.setType(whole.getType());
                partial.setAdditionalProperties(whole.getAdditionalProperties());
                schemas.put(name, partial);
            });
        }));
    }

    /**
     * A PATCH whose body is a form of its own (not a {@code <Record>Partial}: a member's forwarding) has its fields that a
     * null is refused for not nullable; then the marks {@link JsonMergePatch.NotNullable} left are taken out of the document.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void notNullableInPatches(io.swagger.v3.oas.models.OpenAPI api) {
        var schemas = api.getComponents().getSchemas();
        api.getPaths().values().forEach(item -> {
            var patch = item.getPatch();
            if (patch == null || patch.getRequestBody() == null || patch.getRequestBody().getContent() == null) {
                return;
            }
            patch.getRequestBody().getContent().values().forEach(media -> {
                var ref = media.getSchema() == null ? null : media.getSchema().get$ref();
                var name = ref == null ? "" : ref.substring(ref.lastIndexOf('/') + 1);
                Schema<?> body = schemas.get(name);
                if (name.endsWith(PARTIAL) || body == null || body.getProperties() == null) {
                    return;
                }
                ((Map<String, Schema>) body.getProperties()).replaceAll((field, property) ->
                        notNullable(property) ? nullable(property, false) : property);
            });
        });
        schemas.values().forEach(schema -> {
            if (schema.getProperties() != null) {
                ((Map<String, Schema>) schema.getProperties()).values().forEach(property -> {
                    for (Schema part = property; part != null; part = part.getItems()) {
                        if (part.getExtensions() != null) {
                            part.getExtensions().remove(JsonMergePatch.NOT_NULLABLE_EXTENSION);
                            if (part.getExtensions().isEmpty()) {
                                part.setExtensions(null);
                            }
                        }
                    }
                });
            }
        });
    }

    private static boolean notNullable(Schema<?> property) {
        return property.getExtensions() != null && Boolean.TRUE.equals(property.getExtensions().get(JsonMergePatch.NOT_NULLABLE_EXTENSION));
    }

    /**
     * {@code property} (a copy of it, when it changes) allowing null or not: its types with or without "null", a
     * reference wrapped in (or left out of) {@code anyOf [ref, null]}.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema nullable(Schema property, boolean nullable) {
        if (property.getAnyOf() != null && property.getAnyOf().size() == 2 && property.get$ref() == null
                && ((Schema) property.getAnyOf().get(1)).getTypes() != null && ((Schema) property.getAnyOf().get(1)).getTypes().equals(Set.of("null"))) {
            if (nullable) {
                return property;
            }
            var ref = new Schema<>().$ref(((Schema) property.getAnyOf().get(0)).get$ref());
            ref.setDescription(property.getDescription());
            return ref;
        }
        if (property.get$ref() != null) {
            return nullable ? new JsonSchema().anyOf(List.of(new Schema<>().$ref(property.get$ref()), new JsonSchema().types(Set.of("null"))))
                    .description(property.getDescription()) : property;
        }
        var types = property.getTypes() != null ? new java.util.LinkedHashSet<String>(property.getTypes())
                : property.getType() != null ? new java.util.LinkedHashSet<>(List.of(property.getType())) : null;
        if (types == null || types.contains("null") == nullable) {
            return property;
        }
        Schema copy = new JsonSchema();
        org.springframework.beans.BeanUtils.copyProperties(property, copy);
        if (nullable) {
            types.add("null");
        } else {
            types.remove("null");
        }
        copy.setTypes(types);
        return copy;
    }

    /**
     * How a client authenticates, said where generated clients and Swagger UI look for it: a bearer token on every
     * operation but signing up and getting a token. (Without it the document named no way in at all.)
     */
    private static void security(io.swagger.v3.oas.models.OpenAPI api) {
        api.getComponents().addSecuritySchemes("bearer", new io.swagger.v3.oas.models.security.SecurityScheme()
                .type(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API token, sent as Authorization: Bearer <token>. POST /api/v1/auth/token with a login's email "
                        + "and password answers it (shown once); GET /api/v1/auth/tokens lists them, DELETE revokes one. The "
                        + "token acts as its login, with its role"));
        api.setSecurity(List.of(new io.swagger.v3.oas.models.security.SecurityRequirement().addList("bearer")));
        if (api.getInfo() == null) {
            api.setInfo(new io.swagger.v3.oas.models.info.Info());
        }
        api.getInfo().title("Switchboard API").version("v1").description("The REST API of Switchboard, under /api/v1: JSON in "
                + "snake_case, instants in ISO 8601 (UTC), phone numbers in E.164. Errors are RFC 9457 problem documents "
                + "(application/problem+json) whose errors name each field and the rule it broke. Every field of an answer is "
                + "written, an absent value as null. The PATCH of a routing rule, IVR menu, queue or team member (and of a "
                + "member's forwarding) is a JSON Merge Patch (RFC 7396): fields sent change, absent ones stay, null empties "
                + "a field that may be empty (its body's schema says which may be null). A field required "
                + "only in some cases says when in its description (\"Required when type is IVR\"). A body a GET answered may "
                + "be sent back as it is with the resource's PUT or PATCH (a mailbox's: its whole answer, or the settings "
                + "object in it): the fields the GET adds (id, created_at, updated_at, "
                + "warnings, what is worked out such as open_now) are taken and ignored, and any other unknown field is refused "
                + "with 400 naming it. Lists that page (call "
                + "logs, voicemail messages, media, text opt-outs, jobs, the audit log newest first; customers by name) answer at "
                + "most limit items, and when a page "
                + "is full a Link header (RFC 8288, rel=\"next\") to the next page: follow it as it is; a page without one is "
                + "the last.");
    }

    /**
     * A paged list ({@link NextPageLink}): the {@code Link} header its 200 may carry, and what {@code limit} and the
     * {@code before_*} cursor are, where the operation does not say it itself. {@code limit} of any list likewise.
     */
    private static void paging(String path, Operation operation) {
        var maxLimit = operation.getExtensions() == null ? null : operation.getExtensions().remove(PAGED);
        boolean paged = maxLimit != null;
        if (operation.getExtensions() != null && operation.getExtensions().isEmpty()) {
            operation.setExtensions(null);
        }
        if (operation.getParameters() != null) {
            operation.getParameters().stream().filter(p -> paged && "query".equals(p.getIn()) && p.getName().equals("limit")
                    && p.getSchema() != null).forEach(p -> {
                // The range a limit is checked against: a client learnt it only from the 422 of one outside it. A schema
                // of its own: springdoc shares one between the lists' alike limits (an int defaulting to 100).
                var range = new io.swagger.v3.oas.models.media.IntegerSchema().minimum(java.math.BigDecimal.ONE)
                        .maximum(new java.math.BigDecimal(maxLimit.toString()));
                range.setDefault(p.getSchema().getDefault());
                p.setSchema(range);
            });
            operation.getParameters().stream().filter(p -> "query".equals(p.getIn()) && p.getDescription() == null).forEach(p -> {
                if (p.getName().equals("limit")) {
                    p.setDescription("At most this many items are answered (the default when left out); a limit outside "
                            + "the range the operation takes is refused (422) naming limit and the range"
                            + (paged ? ". A full page (limit items) has a Link header to the next page" : ""));
                } else if (paged && p.getName().startsWith("before_")) {
                    p.setDescription("The paging cursor: items after (older than) this one. Follow the Link header of the "
                            + "previous page rather than setting it by hand; it sets every before_ parameter together");
                }
            });
        }
        var ok = operation.getResponses() == null ? null : operation.getResponses().get("200");
        if (paged && ok != null) {
            ok.addHeaderObject("Link", new io.swagger.v3.oas.models.headers.Header()
                    .description("Only when the page is full (it has limit items): the next page, as <URL>; rel=\"next\" "
                            + "(RFC 8288), the same request (an absolute URL, its filters kept) with the cursor after this page's "
                            + "last item. No Link: the last page")
                    .schema(new StringSchema().example("<https://switchboard.example.com" + path + "?" + cursorExample(operation) + ">; rel=\"next\"")));
        }
    }

    /** A next page's query, as the operation's own limit and cursor (before_, after_) parameters would be in it. */
    private static String cursorExample(Operation operation) {
        var query = new java.util.StringJoiner("&");
        operation.getParameters().stream().filter(p -> "query".equals(p.getIn()))
                .filter(p -> p.getName().equals("limit") || p.getName().startsWith("before_") || p.getName().startsWith("after_")).forEach(p -> {
                    var format = p.getSchema() == null ? null : p.getSchema().getFormat();
                    var value = p.getName().equals("limit") ? "100" : "date-time".equals(format) ? "2026-12-01T09%3A30%3A00Z"
                            : "uuid".equals(format) ? "0b6f3c1e-6d2a-4c51-9a8e-3f1d2b7c9e04"
                            : "int64".equals(format) ? "4821"
                            : p.getName().endsWith("_name") ? "Ana%20Ruiz" : "%2B13125550123";
                    query.add(p.getName() + "=" + value);
                });
        return query.toString();
    }

    private static void problem(Operation operation, String status, String description) {
        if (operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description).content(new Content()
                .addMediaType("application/problem+json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
    }

    /**
     * A map of {@code Object} values ({@code List<Map<String, Object>>}: a call's legs and events) may hold any JSON value:
     * swagger-core says objects only, and a leg's {@code "leg_id": "v3:..."} broke it.
     */
    private static void anyValues(Schema<?> schema) {
        var items = schema.getItems() != null ? schema.getItems() : schema;
        if (items.getAdditionalProperties() instanceof Schema<?> values && values.get$ref() == null && values.getProperties() == null
                && values.getTypes() != null && values.getTypes().equals(Set.of("object"))) {
            items.setAdditionalProperties(true);
        }
    }

    /** Each property of {@code schema} that is not required may be null (as the API writes an absent value). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void nullableWhenNotRequired(Schema<?> schema) {
        // A subtype's own properties are an inline part of its allOf (a decision's action: its parent, then its fields).
        if (schema.getAllOf() != null) {
            schema.getAllOf().stream().filter(part -> part.get$ref() == null).forEach(OpenApiContract::nullableWhenNotRequired);
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        var required = schema.getRequired() == null ? List.<String>of() : schema.getRequired();
        properties.replaceAll((name, property) -> {
            anyValues(property);
            if (required.contains(name)) {
                return property;
            }
            if (property.get$ref() == null && property.getAllOf() != null && property.getAllOf().size() == 1
                    && ((Schema) property.getAllOf().get(0)).get$ref() != null && property.getTypes() == null && property.getType() == null) {
                // A reference with a description of its own ({@code @Schema(schemaResolution = ALL_OF_REF)}: what is said of
                // the field, such as when it is required), as nullable as a plain one.
                var reference = new JsonSchema().anyOf(List.of(new Schema<>().$ref(((Schema) property.getAllOf().get(0)).get$ref()),
                        new JsonSchema().types(Set.of("null")))).description(property.getDescription());
                // A field kept only for older clients (a saved rule's "rule") says so.
                reference.setDeprecated(property.getDeprecated());
                return reference;
            }
            if (property.get$ref() != null) {
                // What is said of the field (when it is required, say) stays with it.
                return new JsonSchema().anyOf(List.of(new Schema<>().$ref(property.get$ref()), new JsonSchema().types(Set.of("null"))))
                        .description(property.getDescription());
            }
            if (property.getTypes() != null && !property.getTypes().isEmpty()) {
                property.addType("null");
            } else if (property.getType() != null) {
                property.types(new java.util.LinkedHashSet<>(List.of(property.getType(), "null")));
            }
            return property;
        });
    }
}
