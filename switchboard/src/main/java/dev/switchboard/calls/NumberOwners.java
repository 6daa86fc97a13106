package dev.switchboard.calls;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.tenancy.ConfigurationChanged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Which company a dialled number belongs to (a business number, or a member's direct line), asked for
 * every incoming call: remembered briefly, like the routing configuration. A change made on this node
 * (every one is audited) forgets everything at once, another node's as soon as this node hears of it
 * ({@link dev.switchboard.tenancy.ConfigurationChangedOnAnyNode}, milliseconds); {@link #TTL} bounds it when that is lost.
 */
@Component
class NumberOwners {

    static final Duration TTL = Duration.ofSeconds(2);
    /** More numbers than this (calls to numbers nobody owns, say) and the memory starts afresh. */
    private static final int MAX = 10_000;

    private record Owner(CompanyId company, Instant expires) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ConcurrentHashMap<String, Owner> owners = new ConcurrentHashMap<>();
    /** Changes heard so far: an answer read while one arrived is not kept (its drop may have come before the keeping). */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    NumberOwners(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The company that owns {@code number}, if any. */
    Optional<CompanyId> owner(String number) {
        if (number == null) {
            return Optional.empty();
        }
        var now = clock.instant();
        var known = owners.get(number);
        if (known == null || !now.isBefore(known.expires())) {
            long seen = generation.get();
            var company = jdbc.sql("select phone_number_owner(:n)").param("n", number).query(UUID.class).optional()
                    .map(CompanyId::new).orElse(null);
            if (owners.size() >= MAX) {
                owners.clear();
            }
            known = new Owner(company, now.plus(TTL));
            owners.put(number, known);
            if (generation.get() != seen) {
                owners.remove(number, known); // a change was heard meanwhile: the answer is not kept
            }
        }
        return Optional.ofNullable(known.company());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void changed(ConfigurationChanged event) {
        generation.incrementAndGet();
        owners.clear();
    }

    /** A change committed on another node (or this one), heard over the database: a number added there is found here at once. */
    @org.springframework.context.event.EventListener
    void changedOnAnyNode(dev.switchboard.tenancy.ConfigurationChangedOnAnyNode event) {
        generation.incrementAndGet();
        owners.clear();
    }
}
