package dev.switchboard.carrier;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/telnyx/webhooks}: checks the signature over the exact bytes received, then stores
 * the event in the inbox and answers 200 at once; the work happens after. Refusals change nothing:
 * 401 for a missing or bad signature or a stale timestamp, 400 for a body that is not a Telnyx event,
 * 413 over 256 KB. A redelivered event id is answered 200 and ignored.
 */
@Controller
class TelnyxWebhookController {

    static final int MAX_BODY = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(TelnyxWebhookController.class);
    /** Its own reader: real deliveries carry fields we do not model, which must not fail the parse. */
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final WebhookInbox inbox;
    private final WebhookSignature signature;
    private final Clock clock;

    TelnyxWebhookController(WebhookInbox inbox, Clock clock, @Value("${telnyx.public-key:}") String publicKey) {
        this.inbox = inbox;
        this.clock = clock;
        this.signature = publicKey == null || publicKey.isBlank() ? null : new WebhookSignature(publicKey, clock);
    }

    @GetMapping("/api/telnyx/webhooks")
    @ResponseBody
    Map<String, Object> health() {
        return Map.of("status", "UP", "server_time", clock.instant().toString(), "signature_check", signature != null);
    }

    @PostMapping("/api/telnyx/webhooks")
    @ResponseBody
    ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
        var body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", "a webhook body is at most 256 KB");
        }
        if (signature == null) {
            return problem(HttpStatus.UNAUTHORIZED, "Unauthorized", "no TELNYX_PUBLIC_KEY is configured, so no webhook can be trusted");
        }
        try {
            signature.verify(request.getHeader("telnyx-timestamp"), request.getHeader("telnyx-signature-ed25519"), body);
        } catch (WebhookSignature.Rejected e) {
            log.warn("Refused a webhook from {}: {}", request.getRemoteAddr(), e.getMessage());
            return problem(HttpStatus.UNAUTHORIZED, "Unauthorized", e.getMessage());
        }
        TelnyxEvents.Envelope envelope;
        try {
            envelope = TelnyxEvents.envelope(JSON.readTree(body));
        } catch (JacksonException | IllegalArgumentException e) {
            var why = e instanceof IllegalArgumentException ? e.getMessage() : "the body is not valid JSON";
            return problem(HttpStatus.BAD_REQUEST, "Malformed webhook", why);
        }
        boolean fresh = inbox.store(envelope, new String(body, StandardCharsets.UTF_8));
        return ResponseEntity.ok(Map.of("status", fresh ? "accepted" : "duplicate", "event_id", envelope.id()));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        var p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
