package dev.switchboard.carrier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * How long each webhook took from arriving to having been handled, commands to the carrier included:
 * the time a caller waits on us. Kept for the benchmark (at most the last 200,000).
 */
@Component
public class WebhookTimings {

    private static final int MAX = 200_000;
    private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    void record(long elapsedNanos) {
        if (size.incrementAndGet() > MAX) {
            nanos.poll();
            size.decrementAndGet();
        }
        nanos.add(elapsedNanos);
    }

    /** The timings since the last drain, in nanoseconds, unsorted. */
    public List<Long> drain() {
        var result = new ArrayList<Long>();
        Long n;
        while ((n = nanos.poll()) != null) {
            result.add(n);
            size.decrementAndGet();
        }
        return result;
    }
}
