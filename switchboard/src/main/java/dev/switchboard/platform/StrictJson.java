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
 * for a switch into a switch ({@code "observe_weekend": 42} turned it on): a client whose fields are mixed up gets its
 * data changed instead of an error. Each is refused as a value of the wrong form, naming the field.
 *
 * <p>A text holding half of a UTF-16 surrogate pair ({@code "\ud800"} unpaired, which JSON's escapes can write but no
 * character is) is refused too: it is no text, and UTF-8 (the database's, the carrier's) cannot carry it: it was stored
 * as "?", changing a name the client saw accepted.
 *
 * <p>A field sent twice in one object ({@code {"name": 42, "name": "Shop"}}) is refused: JSON leaves its meaning open
 * (RFC 8259 4: names SHOULD be unique), Jackson kept the last, and another reader of the same body may keep the first.
 *
 * <p>Dates and instants are read strictly: not leniently from a number ({@code "start_date": 0} was 1970-01-01).
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return builder -> builder
                .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // A number for a date was read as days since 1970 ({"start_date": 0} a vacation from 1970-01-01).
                .defaultLeniency(false)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, bool -> bool
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .addModule(new SimpleModule("switchboard-text").addDeserializer(String.class, new WholeText()));
    }

    /** A text as Jackson reads it, refused when it holds an unpaired surrogate. */
    static final class WholeText extends StdScalarDeserializer<String> {

        WholeText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            var text = StringDeserializer.instance.deserialize(p, ctxt);
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

    /** A text refused for what it holds: its message is the whole answer (ApiExceptionHandler sends it as is). */
    static final class Refused extends InvalidFormatException {

        Refused(JsonParser p, String message, String value) {
            super(p, message, value, String.class);
        }
    }
}
