package dev.switchboard.carrier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/telnyx/webhooks}, answered by the first filter in the chain: the busiest endpoint by far
 * (about ten deliveries per call) goes through nothing else. No Spring Security (the Ed25519 signature is
 * its authentication), no request observation, no Spring MVC handler lookup or message conversion:
 * measured, those cost about a sixth of the app's CPU per call. It only hands the exact bytes to the
 * {@link WebhookReceiver} and writes its answer. Refusals change nothing: 401 for a missing or bad
 * signature or a stale timestamp, 400 for a body that is not a Telnyx event, 413 over 256 KB, each as an
 * RFC 9457 problem; a redelivered event id is answered 200 and ignored. GET answers the health check.
 *
 * <p>With {@code switchboard.bench.baseline-endpoint=true} it also answers {@code /api/telnyx/webhooks-baseline}:
 * the same check and inbox write without handing the event to the engine (the benchmark's baseline).
 */
class TelnyxWebhookFilter extends HttpFilter {

    static final String PATH = "/api/telnyx/webhooks";
    static final String BASELINE_PATH = "/api/telnyx/webhooks-baseline";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final transient WebhookReceiver receiver;
    private final transient WebhookKeys keys;
    private final transient Clock clock;
    private final boolean baseline;

    TelnyxWebhookFilter(WebhookReceiver receiver, WebhookKeys keys, Clock clock, boolean baseline) {
        this.receiver = receiver;
        this.keys = keys;
        this.clock = clock;
        this.baseline = baseline;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        boolean dispatch = path.equals(PATH);
        if (!dispatch && !(baseline && path.equals(BASELINE_PATH))) {
            chain.doFilter(request, response);
            return;
        }
        switch (request.getMethod()) {
            case "POST" -> post(request, response, path, dispatch);
            case "GET" -> write(response, 200, "application/json", Map.of("status", "UP", "server_time", clock.instant().toString(),
                    "signature_check", keys.verifier() != null));
            case "HEAD" -> {
                // A health checker's HEAD: up, without a body.
                response.setStatus(200);
                response.setContentType("application/json");
            }
            default -> {
                response.setHeader("Allow", "GET, HEAD, POST");
                problem(response, 405, "Method Not Allowed", request.getMethod() + " is not supported here; Telnyx POSTs its webhooks", path);
            }
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response, String path, boolean dispatch) throws IOException {
        var body = request.getInputStream().readNBytes(WebhookReceiver.MAX_BODY + 1);
        var answer = receiver.receive(request.getHeader("telnyx-timestamp"), request.getHeader("telnyx-signature-ed25519"), body, dispatch);
        if (answer.status() == 200) {
            write(response, 200, "application/json", answer.body());
        } else {
            problem(response, answer.status(), answer.title(), answer.detail(), path);
        }
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail, String path) throws IOException {
        var problem = new LinkedHashMap<String, Object>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", path);
        write(response, status, "application/problem+json", problem);
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
        FilterRegistrationBean<TelnyxWebhookFilter> telnyxWebhookFilter(WebhookReceiver receiver, WebhookKeys keys, Clock clock,
                @Value("${switchboard.bench.baseline-endpoint:false}") boolean baseline) {
            var registration = new FilterRegistrationBean<>(new TelnyxWebhookFilter(receiver, keys, clock, baseline));
            registration.setName("telnyxWebhooks");
            registration.addUrlPatterns(PATH, BASELINE_PATH);
            // Before every other filter (security, observation, size limit, encoding): it answers and never goes on.
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}
