package dev.switchboard;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The mutating and checking machinery of the bad-input fuzz tests ({@link ApiBadInputFuzzTest} for every write endpoint,
 * {@link CallApiBadInputFuzzTest} for the call-facing ones on live calls): from a valid request, seeded random mutations
 * of its body, fields and path id; sending them; and telling whether a refusal is clear (a problem document naming the
 * field or the problem) and whether it changed anything (a digest of every row of a company).
 */
final class BadInputFuzz {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Stands for a string whose JSON text is written by hand (an unpaired surrogate, which no JSON writer emits). */
    static final String SURROGATE = "__lone_surrogate__";

    /** ERRORs logged by the app while a seed runs. */
    static final List<String> logged = Collections.synchronizedList(new ArrayList<>());

    /** A write endpoint: its method, its path template (as OpenAPI names it), the concrete path, and a valid body (null: none). */
    record Endpoint(String method, String template, String path, Supplier<JsonNode> body, String contentType) {

        Endpoint(String method, String template, String path, Supplier<JsonNode> body) {
            this(method, template, path, body, "application/json");
        }

        String name() {
            return method + " " + template;
        }
    }

    /** A request as sent: enough to print it and send it again ({@code raw}, when given, is the body's bytes). */
    record Sent(String method, String path, String contentType, String body, byte[] raw) {

        Sent(String method, String path, String contentType, String body) {
            this(method, path, contentType, body, null);
        }

        @Override
        public String toString() {
            var text = raw != null ? new String(raw, StandardCharsets.ISO_8859_1) : body;
            var shown = text == null ? "(no body)" : text.length() > 600 ? text.substring(0, 600) + "... (" + text.length() + " chars)" : text;
            return method + " " + path + " [" + contentType + "] " + shown.replace("\u0000", "\\u0000");
        }
    }

    /** What one mutation was: its kind, the field it touched (null: the whole body or the path), and the request. */
    record Mutation(String kind, String field, Sent request, boolean neverValid) {
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    // --- the mutations ---

    /** The paths to every value in {@code node} (object fields and array elements), with the node each is in. */
    static void paths(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            for (var name : node.propertyNames()) {
                var path = at.isEmpty() ? name : at + "." + name;
                out.add(path);
                paths(node.get(name), path, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                var path = at + "[" + i + "]";
                out.add(path);
                paths(node.get(i), path, out);
            }
        }
    }

    /** The last named field of a path: {@code options.1.kind} is {@code kind}, {@code member_ids[0]} is {@code member_ids}. */
    static String named(String path) {
        var p = path.replaceAll("\\[\\d+]$", "");
        int dot = p.lastIndexOf('.');
        return dot < 0 ? p : p.substring(dot + 1);
    }

    /** The path of the object or array holding {@code path}'s value ("" for the body itself). */
    static String parentPath(String path) {
        var last = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return last < 0 ? "" : path.substring(0, last);
    }

    static JsonNode parentOf(JsonNode root, String path) {
        var steps = steps(path);
        JsonNode node = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            var s = steps.get(i);
            node = s instanceof Integer index ? node.get(index) : node.get((String) s);
        }
        return node;
    }

    static List<Object> steps(String path) {
        var steps = new ArrayList<Object>();
        for (var part : path.split("\\.")) {
            var m = java.util.regex.Pattern.compile("([^\\[]*)((\\[\\d+])*)").matcher(part);
            m.matches();
            if (!m.group(1).isEmpty()) {
                steps.add(m.group(1));
            }
            var idx = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
            while (idx.find()) {
                steps.add(Integer.parseInt(idx.group(1)));
            }
        }
        return steps;
    }

    static void replace(JsonNode root, String path, JsonNode value) {
        var parent = parentOf(root, path);
        var last = steps(path).getLast();
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    static void remove(JsonNode root, String path) {
        var parent = parentOf(root, path);
        var last = steps(path).getLast();
        if (last instanceof Integer index) {
            ((ArrayNode) parent).remove((int) index);
        } else {
            ((ObjectNode) parent).remove((String) last);
        }
    }

    static JsonNode valueAt(JsonNode root, String path) {
        var parent = parentOf(root, path);
        var last = steps(path).getLast();
        return last instanceof Integer index ? parent.get(index) : parent.get((String) last);
    }

    static final List<String> CONTROL = List.of("a\u0000b", "\u0000", "bell\u0007", "\u001b[31mred", "line\nbreak", "tab\tin",
            "\u007f", "del\u0085", "x\u200b\u202e");
    static final List<String> BAD_UUIDS = List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g", "", "123",
            "{" + UUID.randomUUID() + "}", UUID.randomUUID() + "x");
    static final List<String> BAD_NUMBERS = List.of("+1", "12", "+999999999999999999", "phone", "+1312555O100", "+13125550100ext",
            "911");

    /** A wrong-typed value for {@code old}: never of its JSON type. */
    static JsonNode wrongType(JsonNode old, Random r) {
        var options = new ArrayList<JsonNode>();
        if (!old.isString()) {
            options.add(NODES.stringNode("wrong"));
        }
        if (!old.isNumber()) {
            options.add(NODES.numberNode(42));
        }
        if (!old.isBoolean()) {
            options.add(NODES.booleanNode(true));
        }
        if (!old.isObject()) {
            options.add(NODES.objectNode().put("a", 1));
        }
        if (!old.isArray()) {
            options.add(NODES.arrayNode().add(old.deepCopy()));
        }
        return options.get(r.nextInt(options.size()));
    }

    static String nested(int depth, boolean arrays) {
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "[" : "{\"a\":");
        }
        sb.append("1");
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "]" : "}");
        }
        return sb.toString();
    }

    /**
     * One random mutation of {@code e}'s valid request. A bad path id is not a UUID, one of nobody's, or (when
     * {@code foreignIds} has any) the id of another company's object, which must be as unknown as nobody's.
     */
    static Mutation mutate(Endpoint e, Random r, List<String> foreignIds) {
        var valid = e.body() == null ? null : e.body().get();
        // A path id: not a UUID, or one of nobody's.
        boolean hasId = e.template().contains("{id}");
        if (valid == null || (hasId && r.nextInt(8) == 0)) {
            var bad = r.nextBoolean() ? BAD_UUIDS.get(r.nextInt(BAD_UUIDS.size() - 1)) + "" : UUID.randomUUID().toString();
            if (!foreignIds.isEmpty() && r.nextBoolean()) {
                bad = foreignIds.get(r.nextInt(foreignIds.size()));
            }
            if (bad.isEmpty() || !hasId) {
                bad = "not-a-uuid";
            }
            var path = hasId ? e.template().replace("{id}", java.net.URLEncoder.encode(bad, StandardCharsets.UTF_8)) : e.path();
            if (!hasId) {
                // no id and no body (none such today): only the content type can be wrong
                return new Mutation("content-type", null, new Sent(e.method(), path, "text/plain", "x"), false);
            }
            return new Mutation("path-id", "id", new Sent(e.method(), path, e.contentType(), valid == null ? null : json(valid)), true);
        }
        int choice = r.nextInt(20);
        if (choice < 5) {
            return bodyMutation(e, valid, r);
        }
        var fields = new ArrayList<String>();
        paths(valid, "", fields);
        var field = fields.get(r.nextInt(fields.size()));
        var old = valueAt(valid, field);
        var body = valid.deepCopy();
        String kind;
        boolean neverValid = false;
        String text = null;
        switch (r.nextInt(11)) {
            case 0 -> {
                kind = "wrong-type";
                replace(body, field, wrongType(old, r));
                neverValid = true;
            }
            case 1 -> {
                kind = "null";
                replace(body, field, NODES.nullNode());
            }
            case 2 -> {
                kind = "missing";
                remove(body, field);
            }
            case 3 -> {
                kind = r.nextBoolean() ? "empty" : "blank";
                replace(body, field, NODES.stringNode(kind.equals("empty") ? "" : " \t "));
            }
            case 4 -> {
                kind = "10000-chars";
                replace(body, field, NODES.stringNode("x".repeat(10_000)));
            }
            case 5 -> {
                var c = CONTROL.get(r.nextInt(CONTROL.size()));
                kind = c.contains("\u0000") ? "nul" : "control-chars";
                // (a date or instant with a NUL after it is read as the date: Jackson's date readers trim control characters)
                // and a phone number is read as people type it (libphonenumber drops what is not a digit: "+1 (773) 555-0123")
                neverValid = c.contains("\u0000") && !(old.isString() && old.asString().matches("(\\d{4}-\\d\\d-\\d\\d|\\+\\d).*"));
                replace(body, field, NODES.stringNode(old.isString() ? old.asString() + c : c));
            }
            case 6 -> {
                kind = "lone-surrogate";
                neverValid = true;
                replace(body, field, NODES.stringNode(SURROGATE));
                var lone = r.nextBoolean() ? "\\ud800" : "\\udfff";
                text = json(body).replace("\"" + SURROGATE + "\"", "\"" + (old.isString() ? escape(old.asString()) : "") + lone + "\"");
            }
            case 7 -> {
                var numbers = List.of("1e400", "99999999999999999999999", "9223372036854775808", "2147483648", "-1", "-2147483649",
                        "1.5", "0.0001", "-0", "NaN", "1e2");
                var n = numbers.get(r.nextInt(numbers.size()));
                kind = switch (n) {
                    case "-1", "-2147483649", "-0" -> "negative";
                    case "1.5", "0.0001" -> "fractional";
                    case "NaN" -> "not-a-number";
                    case "1e2" -> "exponent";
                    default -> "huge";
                };
                neverValid = kind.equals("huge") || kind.equals("not-a-number") || (kind.equals("fractional") && old.isIntegralNumber());
                replace(body, field, NODES.stringNode(SURROGATE));
                text = json(body).replace("\"" + SURROGATE + "\"", n);
            }
            case 8 -> {
                if (old.isString() && looksLikeUuid(old.asString())) {
                    var bad = BAD_UUIDS.get(r.nextInt(BAD_UUIDS.size()));
                    kind = "bad-uuid";
                    neverValid = true;
                    replace(body, field, NODES.stringNode(bad));
                } else if (old.isString() && old.asString().startsWith("+1") && !field.contains("pattern")) {
                    kind = "bad-e164";
                    neverValid = true;
                    replace(body, field, NODES.stringNode(BAD_NUMBERS.get(r.nextInt(BAD_NUMBERS.size()))));
                } else {
                    kind = "unknown-uuid";
                    replace(body, field, NODES.stringNode(UUID.randomUUID().toString()));
                }
            }
            case 9 -> {
                kind = "unknown-nested-field";
                var parent = old.isObject() ? old : parentOf(body, field);
                // (a menu's options are keyed by digit: an unknown key there is a key, not a field)
                if (parent.isObject() && !(e.template().contains("ivr-menus") && (old.isObject() ? field : parentPath(field)).equals("options"))) {
                    var target = old.isObject() ? valueAt(body, field) : parentOf(body, field);
                    ((ObjectNode) target).put("zz_unknown", 1);
                    var at = old.isObject() ? field : parentPath(field);
                    field = at.isEmpty() ? "zz_unknown" : at + ".zz_unknown";
                    neverValid = true;
                } else {
                    kind = "array-for-object";
                    replace(body, field, NODES.arrayNode().add(NODES.objectNode()));
                    neverValid = true;
                }
            }
            default -> {
                kind = "deep-nesting";
                neverValid = true;
                replace(body, field, NODES.stringNode(SURROGATE));
                text = json(body).replace("\"" + SURROGATE + "\"", nested(2_000 + r.nextInt(3_000), r.nextBoolean()));
            }
        }
        // A phone number or id the app recognises whatever the mutation: still of the same kind (a uuid "wrong" is not a uuid)
        return new Mutation(kind, field, new Sent(e.method(), e.path(), e.contentType(), text != null ? text : json(body)), neverValid);
    }

    static boolean looksLikeUuid(String s) {
        return s.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    static String escape(String s) {
        var quoted = json(s);
        return quoted.substring(1, quoted.length() - 1);
    }

    static Mutation bodyMutation(Endpoint e, JsonNode valid, Random r) {
        var text = json(valid);
        var type = e.contentType();
        String kind;
        switch (r.nextInt(10)) {
            case 0 -> {
                kind = "unknown-field";
                var body = (ObjectNode) valid.deepCopy();
                body.put("zz_unknown_" + r.nextInt(100), r.nextBoolean() ? "x" : null);
                text = json(body);
            }
            case 1 -> {
                kind = "duplicate-key";
                var first = valid.propertyNames().iterator().next();
                text = "{\"" + first + "\":" + json(wrongType(valid.get(first), r)) + "," + text.substring(1);
            }
            case 2 -> {
                kind = "malformed";
                var forms = List.of(text.substring(0, text.length() / 2), text + "}", text.replace("\"", "'"), "{", "", "nul",
                        text.replaceFirst(":", ""), text + " trailing", "{\"a\":1,}", "\uFEFF\uFEFF" + text);
                text = forms.get(r.nextInt(forms.size()));
            }
            case 3 -> {
                kind = "content-type";
                var types = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "application/octet-stream", "application/json; charset=ISO-8859-1");
                type = types.get(r.nextInt(types.size()));
                if (type.contains("ISO-8859-1")) {
                    text = text.replace("\"", "\"é").replaceFirst("\"é", "\"");
                }
            }
            case 4 -> {
                kind = "array-body";
                text = "[" + text + "]";
            }
            case 5 -> {
                kind = "scalar-body";
                var scalars = List.of("\"text\"", "42", "true", "[]", "\"\"");
                text = scalars.get(r.nextInt(scalars.size()));
            }
            case 6 -> {
                kind = "deep-body";
                text = nested(5_000 + r.nextInt(5_000), r.nextBoolean());
            }
            case 7 -> {
                kind = "huge-body";
                var body = (ObjectNode) valid.deepCopy();
                body.put(valid.propertyNames().iterator().next(), "y".repeat(2_000_000));
                text = json(body);
            }
            case 8 -> {
                kind = "invalid-utf8";
                return new Mutation(kind, null, new Sent(e.method(), e.path(), type, text.replaceFirst("\"", "\"\u0000INVALID_UTF8")), true);
            }
            default -> {
                kind = "empty-object";
                text = "{}";
                return new Mutation(kind, null, new Sent(e.method(), e.path(), type, text), false);
            }
        }
        return new Mutation(kind, null, new Sent(e.method(), e.path(), type, text), true);
    }
    // --- sending and checking ---

    record Answer(int status, String contentType, String body, JsonNode json) {
    }

    Answer send(Sent s, String bearer) {
        try {
            var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + s.path()));
            if (bearer != null) {
                builder.header("Authorization", "Bearer " + bearer);
            }
            HttpRequest.BodyPublisher body;
            if (s.raw() != null) {
                body = HttpRequest.BodyPublishers.ofByteArray(s.raw());
            } else if (s.body() == null) {
                body = HttpRequest.BodyPublishers.noBody();
            } else if (s.body().contains("\u0000INVALID_UTF8")) {
                var bytes = s.body().replace("\u0000INVALID_UTF8", "\u0001").getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == 1) {
                        bytes[i] = (byte) 0xC3; // a UTF-8 lead byte followed by a quote: not UTF-8
                    }
                }
                body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            } else if (s.contentType().contains("ISO-8859-1")) {
                body = HttpRequest.BodyPublishers.ofString(s.body(), StandardCharsets.ISO_8859_1);
            } else {
                body = HttpRequest.BodyPublishers.ofString(s.body());
            }
            if (s.body() != null || s.raw() != null) {
                builder.header("Content-Type", s.contentType());
            }
            var response = http.send(builder.method(s.method(), body).build(), HttpResponse.BodyHandlers.ofString());
            var type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (type.contains("json") && !response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), type, response.body(), json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    final int port;
    final JdbcClient jdbc;
    final TransactionTemplate tx;
    final HttpClient http = HttpClient.newHttpClient();

    BadInputFuzz(int port, JdbcClient jdbc, TransactionTemplate tx) {
        this.port = port;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Every table holding this company's rows, as the app's role sees them; login failures and sign-ups are counts by address. */
    List<String> tenantTables() {
        return jdbc.sql("""
                select table_name from information_schema.columns
                 where table_schema = current_schema() and column_name = 'company_id'
                   and table_name in (select table_name from information_schema.tables where table_type = 'BASE TABLE')
                 order by table_name""").query(String.class).list();
    }

    String checksumSql;

    /**
     * A digest of every row of the company (api_tokens' last_used_at aside, which a read sets), of the company itself,
     * and of how many companies there are (a sign-up must not half happen).
     */
    String checksum(UUID companyId) {
        if (checksumSql == null) {
            var parts = new ArrayList<String>();
            for (var table : tenantTables()) {
                parts.add("select '" + table + "' t, (select md5(coalesce(string_agg((to_jsonb(x) - 'last_used_at')::text, '|' order by (to_jsonb(x) - 'last_used_at')::text), ''))"
                        + " from " + table + " x where company_id = :c) h");
            }
            parts.add("select 'companies' t, (select md5(to_jsonb(x)::text) from companies x where id = :c) h");
            parts.add("select 'company_count' t, company_count()::text h");
            checksumSql = "select string_agg(t || '=' || coalesce(h, '-'), ' ' order by t) from (" + String.join(" union all ", parts) + ") s";
        }
        return TenantContext.callAs(CompanyId.of(companyId.toString()),
                () -> tx.execute(s -> jdbc.sql(checksumSql).param("c", companyId).query(String.class).single()));
    }

    /** Which tables differ between two checksums. */
    static String changed(String before, String after) {
        var a = new TreeMap<String, String>();
        var b = new TreeMap<String, String>();
        for (var p : before.split(" ")) {
            a.put(p.substring(0, p.indexOf('=')), p);
        }
        for (var p : after.split(" ")) {
            b.put(p.substring(0, p.indexOf('=')), p);
        }
        var names = new TreeSet<String>();
        a.forEach((k, v) -> {
            if (!v.equals(b.get(k))) {
                names.add(k);
            }
        });
        return String.join(", ", names);
    }

    static final List<String> GENERIC = List.of("something went wrong", "bad request", "invalid input", "malformed request",
            "failed to read request", "internal error");

    /** The problem a kind of mutation is, in words an answer may use instead of the field's name. */
    static final Map<String, List<String>> PROBLEM_WORDS = Map.of(
            "nul", List.of("nul character"),
            "lone-surrogate", List.of("surrogate"),
            "10000-chars", List.of("characters", "too long", "longer"),
            "deep-nesting", List.of("nesting", "depth"),
            "not-a-number", List.of("token 'nan'")); // no JSON token at all: the body's problem, named

    /** Why {@code a} is not a clear refusal of mutation {@code m}, or null when it is one. */
    static String unclear(Mutation m, Answer a, java.util.Set<String> baselineFields) {
        if (m.kind().startsWith("csv-") && a.status() == 422 && a.json() != null && !a.json().path("committed").asBoolean(true)) {
            // The import's own answer: what was (not) imported and each problem by line and column.
            var errors = a.json().path("errors");
            for (var error : errors) {
                if (error.path("message").asString("").isBlank() || error.path("field").asString("").isBlank()) {
                    return "an import error without its field or message";
                }
            }
            return errors.isEmpty() ? "an import refused without errors" : null;
        }
        if (a.json() == null || !a.contentType().startsWith("application/problem+json")) {
            return "not a problem document (" + a.contentType() + ")";
        }
        var detail = a.json().path("detail").asString("");
        if (a.json().path("status").asInt() != a.status()) {
            return "its status " + a.json().path("status") + " is not the answer's";
        }
        if (detail.isBlank() || GENERIC.contains(detail.strip().toLowerCase())) {
            return "a generic detail";
        }
        if (a.body().contains("Exception") || a.body().contains("\tat ") || a.body().contains("java.") || a.body().contains("tools.jackson")
                || a.body().contains("org.springframework")) {
            return "internals in the answer";
        }
        if (a.status() == 401 || a.status() == 403 || a.status() == 404 || a.status() == 409 || a.status() == 429) {
            return null; // about who or what, not about a field: the detail says which
        }
        var said = new StringBuilder(detail.toLowerCase());
        for (var error : a.json().path("errors")) {
            said.append(' ').append(error.path("field").asString("")).append(' ').append(error.path("message").asString("").toLowerCase());
        }
        if (m.field() != null) {
            var name = named(m.field());
            if (name.matches("\\d+") || name.isEmpty()) {
                name = m.field();
            }
            var parent = parentPath(m.field());
            if (said.toString().contains(name.toLowerCase()) || said.toString().contains(m.field().toLowerCase())
                    || (parent.contains(".") && said.toString().contains(parent.toLowerCase())) // "options.1: option 1 has no target"
                    || PROBLEM_WORDS.getOrDefault(m.kind(), List.of()).stream().anyMatch(said.toString()::contains)) {
                return null;
            }
            // An endpoint whose valid request is refused too (no such call, no number to call from) may name that instead.
            for (var error : a.json().path("errors")) {
                if (baselineFields.contains(error.path("field").asString(""))) {
                    return null;
                }
            }
            return "it does not name " + m.field();
        }
        if (!a.json().path("errors").isEmpty() && a.json().path("errors").valueStream()
                .allMatch(err -> !err.path("field").asString("").isBlank() && !err.path("message").asString("").isBlank())) {
            return null; // names the fields it found wrong
        }
        if (m.kind().equals("path-id")) {
            return said.toString().contains("id") ? null : "it does not name the id";
        }
        if (a.status() == 415 || a.status() == 413) {
            return null;
        }
        return said.toString().contains("body") || said.toString().contains("json") || said.toString().contains("field")
                || said.toString().contains("content") || said.toString().contains("part 'file'") ? null : "it names neither the body nor a field";
    }
}
