package dev.switchboard.platform;

import java.util.ArrayList;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON Merge Patch (RFC 7396, {@code application/merge-patch+json}) applied to a resource's input form: fields present
 * are changed, {@code null} empties a field, absent fields stay, objects are merged field by field. The patched form is
 * then saved exactly as a PUT of it would be, so a PATCH can store nothing a PUT would refuse (but for a control
 * character already stored in a field it leaves alone: see {@link Patch#applyTo}).
 *
 * <p>The patch is read with the API's own mapper (snake_case, unknown fields refused), first on its own, so an unknown
 * field or a value of the wrong type is refused with 400 naming it, as in a PUT body, before anything is locked or read.
 */
@Component
public class JsonMergePatch {

    public static final String MEDIA_TYPE = "application/merge-patch+json";

    /**
     * On a component of a merge patch's input form: the field has no empty value (a name, a switch, a number with a
     * default), so a patch's {@code null} for it is refused with 400 naming it rather than silently taken as its default
     * ({@link #notNullable}); and the OpenAPI document says so, not calling it nullable in the patch's body
     * ({@code <Record>Partial}, or the form's own schema where a patch takes it as it is). Every other field of a patch's
     * body is nullable: {@code null} empties it (or, where the operation says so, keeps it).
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target({java.lang.annotation.ElementType.RECORD_COMPONENT, java.lang.annotation.ElementType.FIELD,
            java.lang.annotation.ElementType.METHOD, java.lang.annotation.ElementType.PARAMETER})
    public @interface NotNullable {
    }

    /** The name of the OpenAPI extension {@link NotNullable} puts on a property, read (and taken out) by OpenApiContract. */
    static final String NOT_NULLABLE_EXTENSION = "x-switchboard-not-nullable";

    /** The fields of {@code type} marked {@link NotNullable}, as the API names them (snake_case). */
    public static Set<String> notNullable(Class<? extends Record> type) {
        var names = new java.util.TreeSet<String>();
        for (var component : type.getRecordComponents()) {
            if (component.isAnnotationPresent(NotNullable.class)) {
                names.add(component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return java.util.Collections.unmodifiableSet(names);
    }

    private final JsonMapper json;

    JsonMergePatch(JsonMapper json) {
        this.json = json;
    }

    /**
     * A checked patch for input forms of {@code type}.
     *
     * @param notNullable the top-level fields that have no empty value (a name, a switch, a number with a default): a
     *     {@code null} for one is refused rather than silently taken as its default
     * @throws MalformedRequestException when the patch is not a JSON object, names an unknown field, has a value of the
     *     wrong type, or is null for a field of {@code notNullable}
     */
    public <T> Patch<T> of(JsonNode patch, Class<T> type, Set<String> notNullable) {
        if (patch == null || !patch.isObject()) {
            throw new MalformedRequestException(java.util.List.of(new FieldProblem("body", "json",
                    "a merge patch must be a JSON object of the fields to change, such as {\"enabled\": false}")));
        }
        var problems = new ArrayList<FieldProblem>();
        for (var field : patch.propertyNames()) {
            if (notNullable.contains(field) && patch.get(field).isNull()) {
                problems.add(new FieldProblem(field, "required", "cannot be emptied (null); give a value, or leave it out to keep it"));
            }
        }
        if (!problems.isEmpty()) {
            throw new MalformedRequestException(problems);
        }
        read(patch, type);
        return new Patch<>((ObjectNode) patch.deepCopy(), type);
    }

    /** A patch checked by {@link #of}, to apply to the current form under the resource's locks. */
    public final class Patch<T> {

        private final ObjectNode patch;
        private final Class<T> type;

        private Patch(ObjectNode patch, Class<T> type) {
            this.patch = patch;
            this.type = type;
        }

        /**
         * The current form with this patch merged in. The patch's own fields were read as a request body by
         * {@link #of} (its texts held to {@link Text}'s rule); the merged form is not, so a field the patch leaves
         * alone, stored before that rule existed with a control character in it, does not refuse every patch of the
         * resource until someone finds and fixes it. The service still checks the merged form as a PUT's.
         */
        public T applyTo(T current) {
            ObjectNode target = json.valueToTree(current);
            return read(merge(target, patch), type, false);
        }
    }

    /** RFC 7396 section 2, MergePatch(Target, Patch), for an object patch. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (var field : patch.propertyNames()) {
            var value = patch.get(field);
            if (value.isNull()) {
                result.remove(field);
            } else {
                result.set(field, merge(result.get(field), value));
            }
        }
        return result;
    }

    private <T> T read(JsonNode node, Class<T> type) {
        return read(node, type, true);
    }

    private <T> T read(JsonNode node, Class<T> type, boolean requestBody) {
        try {
            var reader = json.readerFor(type);
            return (requestBody ? reader.withAttribute(StrictJson.REQUEST_BODY, Boolean.TRUE) : reader).readValue(node);
        } catch (DatabindException e) {
            throw new MalformedRequestException(ApiExceptionHandler.problemsOf(e));
        } catch (JacksonException e) {
            throw new MalformedRequestException(ApiExceptionHandler.unreadable(e));
        }
    }
}
