package dev.switchboard.support;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Phone numbers no other test of this run has been given. Business numbers and direct numbers are unique across all
 * companies, and every test class shares one database: numbers drawn at random (as tests did) collide now and then
 * (about a thousand drawn per full run from seven million gave a few percent of runs a 409 at random). These come from
 * one counter, started at random, in exchanges 300 to 549 without the N11 codes, so they stay clear of the fixed 555
 * numbers tests write and the 200 exchange the randomized scenarios count through.
 */
public final class TestNumbers {

    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000));

    private TestNumbers() {
    }

    /** {@code prefix} is the country and area code, e.g. {@code "+1312"}. */
    public static String unused(String prefix) {
        while (true) {
            long n = NEXT.getAndIncrement();
            int exchange = 300 + (int) ((n / 10_000) % 250);
            if (exchange % 100 != 11) {
                return prefix + exchange + String.format("%04d", n % 10_000);
            }
        }
    }
}
