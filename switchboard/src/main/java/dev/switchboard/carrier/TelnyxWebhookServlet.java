package dev.switchboard.carrier;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/telnyx/webhooks} as a plain servlet: the busiest endpoint by far (several deliveries per
 * call) skips Spring MVC's handler lookup, argument resolution and message conversion; it only hands
 * the exact bytes to the {@link WebhookReceiver} and writes its answer. Refusals change nothing: 401 for
 * a missing or bad signature or a stale timestamp, 400 for a body that is not a Telnyx event, 413 over
 * 256 KB, each as an RFC 9457 problem; a redelivered event id is answered 200 and ignored. GET answers
 * the health check.
 */
class TelnyxWebhookServlet extends HttpServlet {

    static final String PATH = "/api/telnyx/webhooks";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final transient WebhookReceiver receiver;
    private final transient WebhookKeys keys;
    private final transient Clock clock;

    TelnyxWebhookServlet(WebhookReceiver receiver, WebhookKeys keys, Clock clock) {
        this.receiver = receiver;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(response, 200, "application/json", Map.of("status", "UP", "server_time", clock.instant().toString(),
                "signature_check", keys.verifier() != null));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var body = request.getInputStream().readNBytes(WebhookReceiver.MAX_BODY + 1);
        var answer = receiver.receive(request.getHeader("telnyx-timestamp"), request.getHeader("telnyx-signature-ed25519"), body);
        if (answer.status() == 200) {
            write(response, 200, "application/json", answer.body());
            return;
        }
        var problem = new LinkedHashMap<String, Object>();
        problem.put("type", "about:blank");
        problem.put("title", answer.title());
        problem.put("status", answer.status());
        problem.put("detail", answer.detail());
        problem.put("instance", PATH);
        write(response, answer.status(), "application/problem+json", problem);
    }

    private static void write(HttpServletResponse response, int status, String contentType, Object body) throws IOException {
        var bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    @Configuration
    static class Registration {
        @Bean
        ServletRegistrationBean<TelnyxWebhookServlet> telnyxWebhookServlet(WebhookReceiver receiver, WebhookKeys keys, Clock clock) {
            var registration = new ServletRegistrationBean<>(new TelnyxWebhookServlet(receiver, keys, clock), PATH);
            registration.setName("telnyxWebhooks");
            registration.setLoadOnStartup(1);
            return registration;
        }
    }
}
