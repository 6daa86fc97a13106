package dev.switchboard.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.time.LocalDateTime;
import java.util.Iterator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document (/v3/api-docs) names properties as the API sends them: snake_case ({@code text_back},
 * {@code started_at}), not the Java record components' names; and names a nested record's schema with the type it is in
 * ({@code AuditLogEntry}, {@code CallLogsEntry}), as two records of one simple name ({@code Entry}, {@code View}) in two
 * modules were documented as one schema, the first's: the audit log's entries were said to be call-log entries. And
 * types as the API writes them where swagger-core reads them otherwise ({@link AsWritten}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiNames {

    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new AsWritten(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE), new EnclosedNames());
    }

    /**
     * Two types documented as the API writes them, not as swagger-core reads them: a {@link LocalDateTime} (a wall-clock
     * time in the company's timezone, next to the instant it is) is written without an offset ({@code 2026-12-07T09:00:00}),
     * which is no RFC 3339 {@code date-time} (a client parsing it as one fails); a Jackson {@code JsonNode} (a call's
     * metadata, an audit entry's before and after) is any JSON value, not a bean with {@code is_array}-like properties.
     */
    static final class AsWritten extends ModelResolver {

        AsWritten(ObjectMapper mapper, TypeNameResolver names) {
            super(mapper, names);
        }

        @Override
        public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> next) {
            var raw = _mapper.constructType(type.getType()).getRawClass();
            if (raw == LocalDateTime.class) {
                return new StringSchema().pattern("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$")
                        .description("A local date and time in the company's timezone, ISO 8601 without an offset")
                        .example("2026-12-07T09:00:00");
            }
            if (tools.jackson.databind.JsonNode.class.isAssignableFrom(raw) || com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(raw)) {
                // A schema of its own: swagger-core makes an untyped property schema an object.
                context.defineModel("AnyValue", new JsonSchema().description("Any JSON value"));
                return new JsonSchema().$ref("#/components/schemas/AnyValue");
            }
            var schema = super.resolve(type, context, next);
            if (schema != null && type.getCtxAnnotations() != null && java.util.Arrays.stream(type.getCtxAnnotations())
                    .anyMatch(a -> a instanceof JsonMergePatch.NotNullable)) {
                // Read by OpenApiContract for the merge patches' bodies, and taken out of the document there.
                schema.addExtension(JsonMergePatch.NOT_NULLABLE_EXTENSION, true);
            }
            return schema;
        }
    }

    /** A nested type's name prefixed by the name of the type it is in. */
    static final class EnclosedNames extends TypeNameResolver {

        @Override
        protected String getNameOfClass(Class<?> cls) {
            var name = super.getNameOfClass(cls);
            // A name of its own (@Schema(name = ...)) is kept.
            return cls.getEnclosingClass() != null && name.equals(cls.getSimpleName()) ? cls.getEnclosingClass().getSimpleName() + name : name;
        }
    }
}
