package dev.switchboard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.SwitchboardApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The demo app is never up without its demo company: the very first request it can answer (made the
 * moment its web server starts listening, before the app reports itself ready) already finds the
 * demo login working and health UP. A script waiting for {@code /actuator/health} can log in at once.
 */
class DemoReadinessTest {

    @Test
    void theDemoLoginWorksAsSoonAsTheWebServerTakesRequests() throws Exception {
        var dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")).toAbsolutePath(), "demo-");
        var http = HttpClient.newHttpClient();
        var firstAnswers = new ArrayList<String>();
        ApplicationListener<WebServerInitializedEvent> onListening = event -> {
            var base = "http://127.0.0.1:" + event.getWebServer().getPort();
            try {
                firstAnswers.add(send(http, HttpRequest.newBuilder(URI.create(base + "/actuator/health")).GET()));
                firstAnswers.add(send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"owner@demo.test\",\"password\":\"demo\"}"))));
            } catch (Exception e) {
                firstAnswers.add("failed: " + e);
            }
        };
        try (var app = new SpringApplicationBuilder(SwitchboardApplication.class)
                .listeners(onListening)
                // The demo as `mvn spring-boot:run` starts it (no Telnyx key), on an empty database of its own.
                .run("--server.port=0", "--switchboard.data-dir=" + dataDir, "--switchboard.database.durable=false",
                        "--switchboard.database.url=", "--telnyx.api-key=", "--switchboard.demo.enabled=",
                        "--switchboard.demo.password=demo", "--switchboard.voicemail.jobs.enabled=false",
                        "--switchboard.timers.enabled=false", "--switchboard.calls.media-downloads.enabled=false")) {
            assertThat(app.isRunning()).isTrue();
        }
        assertThat(firstAnswers).hasSize(2);
        assertThat(firstAnswers.get(0)).startsWith("200 ").contains("\"status\":\"UP\"");
        assertThat(firstAnswers.get(1)).as("the demo owner's login").startsWith("201 ").contains("\"token\"");
    }

    private static String send(HttpClient http, HttpRequest.Builder request) throws Exception {
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
