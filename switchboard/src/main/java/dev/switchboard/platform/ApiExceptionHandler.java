package dev.switchboard.platform;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/**
 * Every API error as an RFC 9457 problem document. Input problems carry an {@code errors} list, each
 * naming the field and the rule it broke.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid input", e.problems());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", List.of(e.problem()));
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Not found");
        return p;
    }

    @ExceptionHandler({ForbiddenException.class, AccessDeniedException.class})
    ProblemDetail forbidden(RuntimeException e) {
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                e instanceof ForbiddenException ? e.getMessage() : "your role does not allow this");
        p.setTitle("Forbidden");
        return p;
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        if (e.field() != null) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", List.of(new FieldProblem(e.field(), "size", e.getMessage())));
        }
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        p.setTitle("Request body too large");
        return p;
    }

    @ExceptionHandler(org.springframework.security.authentication.LockedException.class)
    ResponseEntity<ProblemDetail> locked(RuntimeException e) {
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        p.setTitle("Too many failed logins");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "900").body(p);
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException e) {
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        p.setTitle("Too many requests");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds())).body(p);
    }

    @ExceptionHandler(org.springframework.security.core.AuthenticationException.class)
    ProblemDetail unauthenticated(RuntimeException e) {
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
        p.setTitle("Unauthorized");
        return p;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraint(ConstraintViolationException e) {
        var problems = e.getConstraintViolations().stream()
                .map(v -> new FieldProblem(lastNode(v.getPropertyPath().toString()),
                        rule(v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName()),
                        v.getMessage()))
                .toList();
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid input", problems);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed request",
                List.of(new FieldProblem(e.getName(), "type", "'" + e.getValue() + "' is not a valid " + e.getName() + expected(e.getRequiredType()))));
    }

    /** What a parameter of {@code type} looks like, for the message that says it is not one. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (java.time.Instant.class.equals(type)) {
            return " (an instant such as 2026-12-01T00:00:00Z)";
        }
        if (java.util.UUID.class.equals(type)) {
            return " (an id such as 3f1c2d4e-0a5b-4c6d-8e7f-9a0b1c2d3e4f)";
        }
        if (int.class.equals(type) || Integer.class.equals(type) || long.class.equals(type) || Long.class.equals(type)) {
            return " (a whole number)";
        }
        return type.isEnum() ? " (one of " + java.util.Arrays.toString(type.getEnumConstants()) + ")" : "";
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException e) {
        var state = sqlState(e);
        if (state != null && state.startsWith("22")) {
            // A value PostgreSQL cannot store (SQLSTATE class 22, data exception) that no check of the service caught:
            // bad input, not a conflict. Nothing was stored (the statement failed), and its message stays in the log.
            log.warn("A value the database refused, not checked by the service", e);
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid input", List.of(new FieldProblem("body", "storable", switch (state) {
                case "22021", "22P05" -> "a text contains the NUL character (\\u0000), which cannot be stored";
                case "22008", "22007" -> "a date or time is out of the range that can be stored (years 4713 BC to 294276)";
                case "22003" -> "a number is out of the range that can be stored";
                case "22001" -> "a text is longer than can be stored";
                default -> "a value cannot be stored as given";
            })));
        }
        log.warn("Data integrity violation not mapped by the service", e);
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "the change conflicts with existing data");
        p.setTitle("Conflict");
        return p;
    }

    /**
     * A date or instant the calendar arithmetic cannot take (a year in the millions, given as a parameter and not
     * checked by its service): bad input, not a failure of ours.
     */
    @ExceptionHandler(java.time.DateTimeException.class)
    ProblemDetail dateOutOfRange(java.time.DateTimeException e) {
        log.warn("A date out of range, not checked by the service", e);
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid input", List.of(new FieldProblem("date", "range",
                "a date or time is out of the range this works with (years 0001 to 9999)")));
    }

    /** The SQLSTATE of the database error under {@code e}, if any. */
    private static String sqlState(Throwable e) {
        for (var t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** Anything unexpected: logged with its stack, answered as a problem document without internals. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) throws Exception {
        if (e instanceof org.springframework.web.ErrorResponse) {
            throw e;
        }
        log.error("Unexpected error", e);
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "something went wrong on our side; nothing was changed");
        p.setTitle("Internal error");
        return p;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var problems = new ArrayList<FieldProblem>();
        ex.getBindingResult().getFieldErrors().forEach(f -> problems.add(
                new FieldProblem(f.getField(), rule(f.getCode()), f.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors().forEach(g -> problems.add(
                new FieldProblem(g.getObjectName(), rule(g.getCode()), g.getDefaultMessage())));
        return ResponseEntity.unprocessableContent().body(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid input", problems));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var problems = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> new FieldProblem(
                        r.getMethodParameter().getParameterName(), rule(err.getCodes() == null ? "invalid" : err.getCodes()[err.getCodes().length - 1]),
                        err.getDefaultMessage())))
                .toList();
        return ResponseEntity.unprocessableContent().body(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid input", problems));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        for (Throwable t = ex.getCause(); t != null; t = t.getCause()) {
            if (t instanceof DatabindException) {
                cause = t;
                break;
            }
        }
        List<FieldProblem> problems;
        if (cause instanceof DatabindException de && (de instanceof tools.jackson.databind.exc.UnrecognizedPropertyException || !de.getPath().isEmpty())) {
            problems = problemsOf(de);
        } else if (cause instanceof tools.jackson.core.exc.StreamReadException read && read.getOriginalMessage() != null
                && DUPLICATE.matcher(read.getOriginalMessage()).find()) {
            var name = DUPLICATE.matcher(read.getOriginalMessage()).results().findFirst().orElseThrow().group(1);
            problems = List.of(new FieldProblem(name, "duplicate", "is in the body twice; send each field once"));
        } else if (cause instanceof PayloadTooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
        } else if (cause instanceof tools.jackson.databind.exc.MismatchedInputException shape && shape.getTargetType() != null
                && shape.getPath().isEmpty() && String.valueOf(shape.getOriginalMessage()).matches("(?s)^Cannot (deserialize value of type|construct instance of) .*")) {
            // The body whole of the wrong form ([] or 42 where an object is read): valid JSON, not what this takes.
            problems = List.of(new FieldProblem("body", "json", "the body must be "
                    + java.util.Objects.requireNonNullElse(expectedForm(shape.getTargetType()), "an object (a JSON object)")));
        } else if (cause instanceof tools.jackson.core.JacksonException jackson) {
            problems = unreadable(jackson);
        } else if (!String.valueOf(request.getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase(java.util.Locale.ROOT).contains("json")
                && request.getHeader(HttpHeaders.CONTENT_TYPE) != null) {
            // A body of another kind (a CSV import's): missing, not "not valid JSON".
            problems = List.of(new FieldProblem("body", "required", "the body is missing: send the "
                    + request.getHeader(HttpHeaders.CONTENT_TYPE).replaceAll(";.*", "").strip() + " content"));
        } else {
            problems = List.of(new FieldProblem("body", "json",
                    cause == null || cause == ex ? "the body is missing or is not valid JSON" : "the body is not valid JSON: " + firstLine(cause.getMessage())));
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request", problems));
    }

    /**
     * A body JSON could not read: where the reading stopped inside a field ({@code "max_callers": -2147483649},
     * {@code "ring_timeout_seconds": NaN}, a number 10,000 digits long), that field, else the body; in words without
     * Jackson's advice to the server ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow").
     */
    static List<FieldProblem> unreadable(tools.jackson.core.JacksonException e) {
        var field = fieldOf(e);
        if (field != null && e instanceof tools.jackson.core.exc.InputCoercionException coercion && coercion.getTargetType() != null
                && WHOLE.contains(coercion.getTargetType())) {
            // A whole number too large to be any field's (99999999999 calls at once): said as the number it is, not as JSON
            // that is not valid, nor by the Java type it did not fit.
            var sent = String.valueOf(coercion.getOriginalMessage()).replaceAll("(?s)^Numeric value \\((.*?)\\) out of range.*", "$1");
            var range = coercion.getTargetType() == Long.TYPE || coercion.getTargetType() == Long.class
                    ? Long.MIN_VALUE + " to " + Long.MAX_VALUE : Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            return List.of(new FieldProblem(field, "range", "must be a whole number from " + range
                    + ", and within the field's own limits" + (sent.length() < 60 && !sent.equals(coercion.getOriginalMessage())
                            ? " ('" + sent + "' is not)" : "")));
        }
        var message = tidy(firstLine(e.getOriginalMessage()));
        return List.of(field == null ? new FieldProblem("body", "json", "the body is not valid JSON: " + message)
                : new FieldProblem(field, "json", "is not valid JSON: " + message));
    }

    private static final java.util.Set<Class<?>> WHOLE = java.util.Set.of(Integer.TYPE, Integer.class, Long.TYPE, Long.class,
            Short.TYPE, Short.class);

    /** The path Jackson recorded, as the API names a field: {@code a.b[0].c}. */
    private static String fieldPath(tools.jackson.core.JacksonException e) {
        return e.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** The field (as {@code a.b[0].c}) where a read stopped, if inside one. */
    private static String fieldOf(tools.jackson.core.JacksonException e) {
        // The path the reading recorded may stop short (at a list's element, when the failure came between two of its
        // fields): the parser's position, when there is one, is exact.
        var recorded = e.getPath().isEmpty() ? null : fieldPath(e);
        var parsed = parserPosition(e);
        return parsed != null && (recorded == null || parsed.length() > recorded.length()) ? parsed : recorded;
    }

    private static String parserPosition(tools.jackson.core.JacksonException e) {
        if (!(e.processor() instanceof tools.jackson.core.JsonParser parser) || parser.streamReadContext() == null) {
            return null;
        }
        // Only a failure reading a field's value is that field's: a number out of range, too long, or a value that is no
        // JSON right after its name (NaN). A body cut short or a stray comma after a field is the body's, not that field's.
        boolean value = e instanceof tools.jackson.core.exc.InputCoercionException || e instanceof tools.jackson.core.exc.StreamConstraintsException
                || (parser.currentToken() == tools.jackson.core.JsonToken.PROPERTY_NAME
                        && !(e instanceof tools.jackson.core.exc.UnexpectedEndOfInputException));
        if (!value) {
            return null;
        }
        var contexts = new java.util.ArrayDeque<tools.jackson.core.TokenStreamContext>();
        for (var context = parser.streamReadContext(); context != null; context = context.getParent()) {
            contexts.push(context);
        }
        // Walked from the root: a list's element by its index, an object's field by its name (a menu's option "3" is a name).
        var field = new StringBuilder();
        for (var context : contexts) {
            if (context.inArray() && context.hasCurrentIndex()) {
                field.append('[').append(context.getCurrentIndex()).append(']');
            } else if (context.inObject() && context.currentName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(context.currentName());
            }
        }
        if (field.isEmpty()) {
            return null;
        }
        return field.toString();
    }

    /** A parser's message without the Java names and settings it points the server's author to. */
    private static String tidy(String message) {
        return message.replaceAll(": enable `[^`]*` to allow$", "").replaceAll(", from `[^`]*`", "").replace("`", "");
    }

    /** Jackson's message for a field sent twice in one object (StrictJson turns the check on). */
    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("^Duplicate Object property \"(.*)\"");

    /** The field a body's value could not be read into and why: an unknown field, or a value of the wrong form. */
    static List<FieldProblem> problemsOf(DatabindException e) {
        if (e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            // Named where it is ("max_wait_target.colour"), as a value of the wrong form is, not by its last name alone.
            var where = e.getPath().isEmpty() ? unknown.getPropertyName() : fieldPath(e);
            // With the fields it takes there, as an unknown query parameter is answered: a client that guessed a name
            // ("box" to move a message) learns what there is, not only that its guess was wrong.
            var known = unknown.getKnownPropertyIds() == null ? List.<String>of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return List.of(new FieldProblem(where, "unknown", "unknown field '" + unknown.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : " (it takes: " + String.join(", ", known) + ")")));
        }
        if (e.getPath().isEmpty()) {
            return List.of(new FieldProblem("body", "json", "the body is not valid: " + firstLine(e.getOriginalMessage())));
        }
        var field = fieldPath(e);
        return List.of(new FieldProblem(field, "format", formProblem(e)));
    }

    /**
     * What a value of the wrong form should have been, in the API's words: Jackson's own message names Java types and
     * parsers ("Cannot deserialize value of type `java.lang.Boolean` from String...") and repeats the whole value sent,
     * ten thousand characters of it if that is what came.
     */
    static String formProblem(DatabindException e) {
        if (e instanceof StrictJson.Refused refused) {
            return refused.getOriginalMessage();
        }
        if (e instanceof tools.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            var expected = expectedForm(mismatch.getTargetType());
            if (expected != null) {
                var given = e instanceof tools.jackson.databind.exc.InvalidFormatException format && format.getValue() != null
                        ? " ('" + shown(String.valueOf(format.getValue())) + "' is not)"
                        // A text refused for a number or a switch (StrictJson: not read as what it spells), as Jackson quotes it.
                        : COERCED_TEXT.matcher(String.valueOf(e.getOriginalMessage())) instanceof java.util.regex.Matcher m && m.find()
                                ? quoted(m.group(1)) : "";
                return "must be " + expected + given;
            }
        }
        // Other failures (a value a constructor refused, an unreadable date...): the message without its Java type names.
        return firstLine(e.getOriginalMessage()).replaceAll("`[\\w.$<>, \\[\\]]+`", "value").replaceAll("\\([\\w.]+Exception\\)", "");
    }

    /**
     * What to say of a text sent where a number or a switch goes: a text that would be right without its quotes
     * ({@code "true"}, {@code "20"}) is told so, where "must be true or false ('true' is not)" read as a contradiction.
     */
    private static String quoted(String text) {
        return text.matches("true|false|-?[0-9]+(\\.[0-9]+)?") ? " (the text \"" + text + "\" is not: send it without quotes)"
                : " ('" + shown(text) + "' is not)";
    }

    /** Jackson's message for a text refused for a number or a switch (a coercion StrictJson turns off), the text in it. */
    private static final java.util.regex.Pattern COERCED_TEXT = java.util.regex.Pattern.compile(
            "^Cannot coerce String value \\(\"(.*)\"\\) to .*\\(but might if coercion", java.util.regex.Pattern.DOTALL);

    /** The JSON form a Java type is read from, as a person would say it; null for a type with no plain answer. */
    private static String expectedForm(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a text (a JSON string)";
        }
        if (type == java.util.UUID.class) {
            return "an id such as 3f1c2d4e-0a5b-4c6d-8e7f-9a0b1c2d3e4f";
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class || type == java.time.ZonedDateTime.class) {
            return "an instant such as 2026-12-01T09:00:00Z";
        }
        if (type == java.time.LocalDate.class) {
            return "a date such as 2026-12-25";
        }
        if (type == java.time.LocalTime.class) {
            return "a time such as 09:00";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list (a JSON array)";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord() || tools.jackson.databind.JsonNode.class.isAssignableFrom(type)) {
            return "an object (a JSON object)";
        }
        return null;
    }

    /** A value sent, short enough to repeat in an error and with control characters written out. */
    private static String shown(String value) {
        var cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        var out = new StringBuilder();
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    @ExceptionHandler(MalformedRequestException.class)
    ProblemDetail malformed(MalformedRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed request", e.problems());
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "the upload is too large");
        p.setTitle("Request body too large");
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(p);
    }

    /** A query parameter the operation needs, not sent: named as any missing field is (Spring's own answer had no errors). */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            org.springframework.web.bind.MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request",
                List.of(new FieldProblem(ex.getParameterName(), "required", "is required (a query parameter)"))));
    }

    /** An upload without its file part: named, with how to send it. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(org.springframework.web.multipart.support.MissingServletRequestPartException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request", List.of(new FieldProblem(
                ex.getRequestPartName(), "required", "is required: send the file as the multipart/form-data part '" + ex.getRequestPartName() + "'"))));
    }

    /** A body of a type the operation does not read: which ones it does. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(org.springframework.web.HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var supported = ex.getSupportedMediaTypes().stream().map(Object::toString).filter(t -> !t.contains("*")).distinct().toList();
        var given = ex.getContentType() == null ? "none" : ex.getContentType().toString();
        var answer = problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", List.of(new FieldProblem("Content-Type", "supported",
                "'" + given + "' is not read here" + (supported.isEmpty() ? "" : "; send " + String.join(" or ", supported)))));
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers).body(answer);
    }

    static ProblemDetail problem(HttpStatus status, String title, List<FieldProblem> problems) {
        var detail = problems.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        var p = ProblemDetail.forStatusAndDetail(status, detail.isEmpty() ? title : detail);
        p.setTitle(title);
        p.setType(URI.create("about:blank"));
        p.setProperty("errors", problems);
        return p;
    }

    private static String rule(String code) {
        if (code == null) {
            return "invalid";
        }
        return switch (code) {
            case "NotNull", "NotBlank", "NotEmpty" -> "required";
            case "Min", "Max", "Range", "DecimalMin", "DecimalMax", "Positive", "PositiveOrZero" -> "range";
            case "Size", "Length" -> "length";
            case "Pattern" -> "pattern";
            case "Email" -> "email";
            default -> Character.toLowerCase(code.charAt(0)) + code.substring(1);
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
