package dev.switchboard.platform;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document (/v3/api-docs) names properties as the API sends them: snake_case ({@code text_back},
 * {@code started_at}), not the Java record components' names; and names a nested record's schema with the type it is in
 * ({@code AuditLogEntry}, {@code CallLogsEntry}), as two records of one simple name ({@code Entry}, {@code View}) in two
 * modules were documented as one schema, the first's: the audit log's entries were said to be call-log entries.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiNames {

    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE),
                new EnclosedNames());
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
