package dev.switchboard.platform;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.dao.DataAccessResourceFailureException;

/** The app's WalFlush, whose next flushes can be made to fail (as when the flush's connection breaks). */
public class FailingWalFlush extends WalFlush {

    private final AtomicInteger failures = new AtomicInteger();

    public FailingWalFlush(javax.sql.DataSource dataSource, Clock clock) {
        super(dataSource, clock);
    }

    /** The next {@code n} waits fail, without flushing. */
    public void failNext(int n) {
        failures.set(n);
    }

    @Override
    public void await() {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new DataAccessResourceFailureException("simulated: the flush's connection broke");
        }
        super.await();
    }
}
