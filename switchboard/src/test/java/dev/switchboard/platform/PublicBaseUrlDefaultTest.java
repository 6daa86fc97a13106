package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The address the carrier fetches greetings from, and voicemail notifications link to, when none is set: this app on the
 * port it was started on. An app started with {@code SERVER_PORT=8091} (a second one on the machine) gave out
 * {@code http://localhost:8080}, the other app's address.
 */
class PublicBaseUrlDefaultTest {

    private static StandardEnvironment environment(Map<String, Object> variables) throws Exception {
        var env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        for (var source : new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))) {
            env.getPropertySources().addLast(source);
        }
        return env;
    }

    @Test
    void theDefaultIsThisAppOnThePortItWasStartedOn() throws Exception {
        var env = environment(Map.of("SERVER_PORT", "8091"));
        assertThat(env.getProperty("server.port")).isEqualTo("8091");
        assertThat(env.getProperty("switchboard.public-base-url")).isEqualTo("http://localhost:8091");
        assertThat(env.getProperty("switchboard.voicemail.public-base-url")).isEqualTo("http://localhost:8091");

        assertThat(environment(Map.of()).getProperty("switchboard.public-base-url")).isEqualTo("http://localhost:8080");
        var set = environment(Map.of("SERVER_PORT", "8091", "SWITCHBOARD_PUBLIC_BASE_URL", "https://phones.example.com"));
        assertThat(set.getProperty("switchboard.public-base-url")).isEqualTo("https://phones.example.com");
    }
}
