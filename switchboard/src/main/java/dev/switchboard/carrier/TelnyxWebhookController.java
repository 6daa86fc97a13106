package dev.switchboard.carrier;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The benchmark's endpoints (only with {@code switchboard.bench.baseline-endpoint=true}). The webhook
 * endpoint itself is {@link TelnyxWebhookServlet}.
 */
@Controller
class TelnyxWebhookController {

    private final WebhookReceiver receiver;
    private final boolean baseline;
    private final WebhookTimings timings;

    TelnyxWebhookController(WebhookReceiver receiver, WebhookTimings timings,
            @org.springframework.beans.factory.annotation.Value("${switchboard.bench.baseline-endpoint:false}") boolean baseline) {
        this.receiver = receiver;
        this.timings = timings;
        this.baseline = baseline;
    }

    /**
     * The benchmark's baseline (only with {@code switchboard.bench.baseline-endpoint=true}): the same
     * signature check and inbox write, without handing the event to the engine.
     */
    @PostMapping("/api/telnyx/webhooks-baseline")
    @ResponseBody
    ResponseEntity<?> baseline(HttpServletRequest request) throws IOException {
        if (!baseline) {
            return ResponseEntity.notFound().build();
        }
        return answer(request, false);
    }

    /**
     * The benchmark's view into the app when it runs in its own JVM (only with
     * {@code switchboard.bench.baseline-endpoint=true}): the handling times since the last call (drained),
     * heap in use (after a full collection when {@code gc=true}) and the process's CPU time.
     */
    @GetMapping("/api/telnyx/webhooks-bench")
    @ResponseBody
    ResponseEntity<?> bench(@org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean gc) {
        if (!baseline) {
            return ResponseEntity.notFound().build();
        }
        if (gc) {
            System.gc();
        }
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        return ResponseEntity.ok(Map.of("handling_nanos", timings.drain(),
                "heap_used_bytes", java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                "process_cpu_nanos", cpu));
    }

    private ResponseEntity<?> answer(HttpServletRequest request, boolean dispatch) throws IOException {
        var body = request.getInputStream().readNBytes(WebhookReceiver.MAX_BODY + 1);
        var answer = receiver.receive(request.getHeader("telnyx-timestamp"), request.getHeader("telnyx-signature-ed25519"), body, dispatch);
        if (answer.status() == 200) {
            return ResponseEntity.ok(answer.body());
        }
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(answer.status()), answer.detail());
        p.setTitle(answer.title());
        return ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
