package dev.switchboard.carrier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * How long each webhook took from arriving to having been handled, commands to the carrier included: the time a
 * caller waits on us. Kept for the benchmark (at most the last 200,000), with where the time went: the
 * transaction that stored and handled the event (waiting for a permit and for the call's lock included), the wait
 * for the write-ahead log to be flushed, and the rest (handing the commands to a thread and sending them).
 */
@Component
public class WebhookTimings {

    private static final int MAX = 200_000;
    private final ConcurrentLinkedQueue<Timing> timings = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    /**
     * One webhook's times, in nanoseconds.
     *
     * @param total from its arrival to the end of its handling, commands sent
     * @param transaction from its arrival to its transaction's end (signature check and parsing included)
     * @param flushWait waiting for the flush that made that transaction durable (0 when it committed durably)
     */
    public record Timing(long total, long transaction, long flushWait) {
    }

    void record(long total, long transaction, long flushWait) {
        if (size.incrementAndGet() > MAX) {
            timings.poll();
            size.decrementAndGet();
        }
        timings.add(new Timing(total, transaction, flushWait));
    }

    /** The timings since the last drain, unsorted. */
    public List<Timing> drain() {
        var result = new ArrayList<Timing>();
        Timing t;
        while ((t = timings.poll()) != null) {
            result.add(t);
            size.decrementAndGet();
        }
        return result;
    }
}
