package dev.switchboard.platform;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON bodies are read as sent, not guessed at. Jackson by default turns a number or {@code true} sent for a text into
 * that text ({@code "name": 42} saved a rule named "42", {@code "notes": 1e400} the notes "1e400") and a number sent
 * for a switch into a switch ({@code "observe_weekend": 42} turned it on), and a text into the number or the switch it
 * spells ({@code "ring_timeout_seconds": "45"}, {@code "extension_enabled": "false"}): a client whose fields are mixed up
 * gets its data changed instead of an error. Each is refused as a value of the wrong form, naming the field.
 *
 * <p>A text holding half of a UTF-16 surrogate pair ({@code "\ud800"} unpaired, which JSON's escapes can write but no
 * character is) is refused too: it is no text, and UTF-8 (the database's, the carrier's) cannot carry it: it was stored
 * as "?", changing a name the client saw accepted.
 *
 * <p>A field sent twice in one object ({@code {"name": 42, "name": "Shop"}}) is refused: JSON leaves its meaning open
 * (RFC 8259 4: names SHOULD be unique), Jackson kept the last, and another reader of the same body may keep the first.
 *
 * <p>Dates and instants are read strictly: not leniently from a number ({@code "start_date": 0} was 1970-01-01).
 *
 * <p>An empty or blank text is no value of any other kind: {@code "enabled": " \t "}, {@code "max_concurrent_calls": ""},
 * an enum or an object sent as {@code ""} were read as null, which took the default (a switch turned back on, a limit
 * lifted) where the client sent something else by mistake. Each is refused naming the field. A text may be empty:
 * its service says whether that means none. (Forms are not JSON: an empty form field still means none there.)
 *
 * <p>A text in a request body is held to {@link Text}'s rule (no control characters; tab, CR and LF only in a
 * {@link Text.MultiLine} field), naming the field. Only request bodies: JSON the application stored itself, or a
 * carrier's event, is read as it is (see {@link #REQUEST_BODY}).
 *
 * <p>A date, a time or an instant is held to the same rule, one line: Jackson trims what it reads one from, so
 * {@code "date": "2026-12-25\u0000"} (or a tab, a line break after it) saved a holiday on the 25th where every text
 * with a NUL is refused. Refused naming the field, in the words of {@link Text}.
 *
 * <p>An id is read as sent: Jackson trims what it reads an id from, so one with a NUL or another control character or
 * space around it ({@code "member_id": "3f1c...3e4f\u0000"}, a C string's end leaking into the JSON) placed a call from
 * that member, where every other text with a NUL is refused.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    /**
     * The reading attribute that marks a client's request body (set by {@link #requestBodies}, and by
     * {@link JsonMergePatch} for a patch): texts in it are held to {@link Text}'s rule.
     */
    static final String REQUEST_BODY = "switchboard.requestBody";

    /** Spring's JSON converter for request bodies, marking what it reads as a request body. */
    @Bean
    @org.springframework.core.annotation.Order(1) // after Spring Boot's own (order 0), so this one is used
    org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer requestBodies(
            tools.jackson.databind.json.JsonMapper json) {
        return builder -> builder.configureMessageConvertersList(converters -> converters.removeIf(StrictJson::readsYaml))
                .withJsonConverter(new org.springframework.http.converter.json.JacksonJsonHttpMessageConverter(json) {
            @Override
            protected tools.jackson.databind.ObjectReader customizeReader(tools.jackson.databind.ObjectReader reader,
                    tools.jackson.databind.JavaType javaType) {
                return super.customizeReader(reader, javaType).withAttribute(REQUEST_BODY, Boolean.TRUE);
            }
        });
    }

    /**
     * Spring registers a YAML converter when Jackson's YAML format is on the class path (the simulator reads the carrier's
     * OpenAPI document with it), and a body sent as {@code application/yaml} was read by its own mapper, without any of
     * the rules here ({@code name: 42} saved a customer named "42", a NUL in a name was kept): the API reads JSON only.
     */
    private static boolean readsYaml(org.springframework.http.converter.HttpMessageConverter<?> converter) {
        return converter.getSupportedMediaTypes().stream().anyMatch(type -> type.getSubtype().contains("yaml"));
    }

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return builder -> builder
                .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // A number for a date was read as days since 1970 ({"start_date": 0} a vacation from 1970-01-01).
                .defaultLeniency(false)
                // A blank or empty text for a number, a switch, an enum, a list or an object: refused, not read as null.
                .withCoercionConfigDefaults(any -> any
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setAcceptBlankAsEmpty(false))
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, bool -> bool
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                // A text for a number ({"ring_timeout_seconds": "45"}, {"max_concurrent_calls": " 3 "}): refused as the
                // text for a switch is, not read as the number it spells.
                .withCoercionConfig(LogicalType.Integer, number -> number.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, number -> number.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .addModule(new SimpleModule("switchboard-text").addDeserializer(String.class, new WholeText())
                        .addDeserializer(java.time.Instant.class, new WrittenInstant())
                        .addDeserializer(java.util.UUID.class, new ExactUuid())
                        .setDeserializerModifier(new OneLineTimes()));
    }

    /** Wraps the reader of every java.time value (dates, times, instants) in {@link OneLineTime}. */
    static final class OneLineTimes extends tools.jackson.databind.deser.ValueDeserializerModifier {

        @Override
        public tools.jackson.databind.ValueDeserializer<?> modifyDeserializer(tools.jackson.databind.DeserializationConfig config,
                tools.jackson.databind.BeanDescription.Supplier description, tools.jackson.databind.ValueDeserializer<?> deserializer) {
            var type = description.getBeanClass();
            return type.getPackageName().equals("java.time") ? new OneLineTime(deserializer) : deserializer;
        }
    }

    /**
     * A java.time value written as a text in a request body is refused when that text holds a control character (tab
     * and line breaks too): Jackson's readers trim it away first and read the rest.
     */
    static final class OneLineTime extends tools.jackson.databind.deser.std.DelegatingDeserializer {

        OneLineTime(tools.jackson.databind.ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected tools.jackson.databind.ValueDeserializer<?> newDelegatingInstance(tools.jackson.databind.ValueDeserializer<?> delegate) {
            return new OneLineTime(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.hasToken(JsonToken.VALUE_STRING) && ctxt.getAttribute(REQUEST_BODY) != null) {
                var text = p.getString();
                int control = Text.controlCharacter(text, false);
                if (control >= 0) {
                    throw new Refused(p, Text.message(control), text);
                }
            }
            return super.deserialize(p, ctxt);
        }
    }

    /**
     * An instant in a request body is written out ({@code 2027-01-08T09:00:00Z}), never a number: Jackson read
     * {@code "scheduled_at": 42} as 42 seconds after 1970 (leniency does not cover instants), so a client sending the
     * wrong field had a job scheduled in 1970. Elsewhere (JSON the application wrote) it reads as Jackson does.
     */
    static final class WrittenInstant extends StdScalarDeserializer<java.time.Instant> {

        WrittenInstant() {
            super(java.time.Instant.class);
        }

        @Override
        public java.time.Instant deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != null && p.currentToken().isNumeric() && ctxt.getAttribute(REQUEST_BODY) != null) {
                return (java.time.Instant) ctxt.handleUnexpectedToken(java.time.Instant.class, p);
            }
            return tools.jackson.databind.ext.javatime.deser.InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }

    /**
     * A text as Jackson reads it, refused when it holds an unpaired surrogate, or (in a request body) a control
     * character {@link Text} refuses for its field.
     */
    static final class WholeText extends StdScalarDeserializer<String> {

        private final boolean multiLine;

        WholeText() {
            this(false);
        }

        private WholeText(boolean multiLine) {
            super(String.class);
            this.multiLine = multiLine;
        }

        @Override
        public tools.jackson.databind.ValueDeserializer<?> createContextual(DeserializationContext ctxt, tools.jackson.databind.BeanProperty property) {
            // A list's texts are read for the list's field: the tags of a call are one-line texts, as its field says.
            boolean multi = property != null && property.getAnnotation(Text.MultiLine.class) != null;
            return multi == multiLine ? this : new WholeText(multi);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            var text = StringDeserializer.instance.deserialize(p, ctxt);
            if (text != null && p.hasToken(JsonToken.VALUE_STRING) && ctxt.getAttribute(REQUEST_BODY) != null) {
                int control = Text.controlCharacter(text, multiLine);
                if (control >= 0) {
                    throw new Refused(p, Text.message(control), text);
                }
            }
            if (text != null && p.hasToken(JsonToken.VALUE_STRING)) {
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        i++;
                    } else if (Character.isSurrogate(c)) {
                        throw new Refused(p, String.format("holds half of a UTF-16 surrogate pair (\\u%04x, at character %d), which is no"
                                + " character: send the text as UTF-8 or escape both halves", (int) c, i + 1), text);
                    }
                }
            }
            return text;
        }
    }

    /** An id read from exactly what was sent: Jackson's own reader trims it first, taking "id\u0000" for the id. */
    static final class ExactUuid extends tools.jackson.databind.deser.jdk.UUIDDeserializer {

        @Override
        public java.util.UUID deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                var text = p.getString();
                if (!text.isEmpty() && (text.charAt(0) <= ' ' || text.charAt(text.length() - 1) <= ' ')) {
                    throw ctxt.weirdStringException(text, java.util.UUID.class, "a control character or space around the id");
                }
            }
            return super.deserialize(p, ctxt);
        }
    }

    /** A text refused for what it holds: its message is the whole answer (ApiExceptionHandler sends it as is). */
    static final class Refused extends InvalidFormatException {

        Refused(JsonParser p, String message, String value) {
            super(p, message, value, String.class);
        }
    }
}
