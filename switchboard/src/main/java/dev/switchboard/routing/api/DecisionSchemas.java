package dev.switchboard.routing.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.switchboard.routing.Decision;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.ArrayList;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A decision's action in the OpenAPI document (/v3/api-docs) says which one it is, as the API writes it: each action's
 * schema has its {@code type} ({@code "ring_members"}, {@code "voicemail"}, ...) as a required constant. Without it the
 * document listed the actions as a {@code oneOf} that an answer matched several of (a voicemail and a hang-up both have
 * only fields that may be null), so a generated client could not tell them apart and a validator refused the answer.
 */
@Configuration(proxyBeanMethods = false)
class DecisionSchemas {

    @Bean
    OpenApiCustomizer decisionActionTypes() {
        return api -> {
            var schemas = api.getComponents() == null ? null : api.getComponents().getSchemas();
            if (schemas == null) {
                return;
            }
            var property = Decision.Action.class.getAnnotation(JsonTypeInfo.class).property();
            for (var subtype : Decision.Action.class.getAnnotation(JsonSubTypes.class).value()) {
                // Named as OpenApiNames names a nested record: the type it is in, then its own name.
                var schema = schemas.get(subtype.value().getEnclosingClass().getSimpleName() + subtype.value().getSimpleName());
                if (schema == null) {
                    continue;
                }
                schema.addProperty(property, new StringSchema()._enum(List.of(subtype.name())));
                var required = new ArrayList<String>(schema.getRequired() == null ? List.of() : schema.getRequired());
                if (!required.contains(property)) {
                    required.add(property);
                }
                schema.setRequired(required);
            }
        };
    }
}
