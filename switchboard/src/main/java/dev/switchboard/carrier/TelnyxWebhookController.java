package dev.switchboard.carrier;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The benchmark's view into the app (only with {@code switchboard.bench.baseline-endpoint=true}). The
 * webhook endpoint and the benchmark's baseline are {@link TelnyxWebhookFilter}.
 */
@Controller
class TelnyxWebhookController {

    private final boolean baseline;
    private final WebhookTimings timings;

    TelnyxWebhookController(WebhookTimings timings,
            @org.springframework.beans.factory.annotation.Value("${switchboard.bench.baseline-endpoint:false}") boolean baseline) {
        this.timings = timings;
        this.baseline = baseline;
    }

    /**
     * The benchmark's view into the app when it runs in its own JVM (only with
     * {@code switchboard.bench.baseline-endpoint=true}): the handling times since the last call (drained; each
     * webhook's total, its transaction's part and its wait for the flush, in three lists of one order),
     * heap in use (after a full collection when {@code gc=true}), the process's CPU time and the JIT compilers' time so far.
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
        var drained = timings.drain();
        return ResponseEntity.ok(Map.of("handling_nanos", drained.stream().map(WebhookTimings.Timing::total).toList(),
                "transaction_nanos", drained.stream().map(WebhookTimings.Timing::transaction).toList(),
                "flush_wait_nanos", drained.stream().map(WebhookTimings.Timing::flushWait).toList(),
                "heap_used_bytes", java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                "process_cpu_nanos", cpu,
                "jit_millis", java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime()));
    }
}
