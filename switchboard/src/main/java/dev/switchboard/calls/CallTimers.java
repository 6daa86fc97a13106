package dev.switchboard.calls;

import dev.switchboard.platform.TimerHandler;
import dev.switchboard.tenancy.ConfigurationChanged;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;

/** The engine's timers (a call's queue announcements and maximum wait, wrap-up ends, queue re-checks, leg ends sent again) and its event listeners. */
@Configuration
class CallTimers {

    @Bean
    TimerHandler callTimerHandler(CallEngine engine) {
        return handler(CallEngine.TIMER_CALL, (ref, name) -> engine.onCallTimer(ref, name));
    }

    @Bean
    TimerHandler memberTimerHandler(CallEngine engine) {
        return handler(CallEngine.TIMER_MEMBER, (ref, name) -> engine.onWrapUpEnded(ref));
    }

    /** A member's do-not-disturb ended or a vacation started or ended by the clock: queues look again. */
    @Bean
    TimerHandler availabilityTimerHandler(CallEngine engine) {
        return handler(dev.switchboard.directory.Members.TIMER_AVAILABILITY, (ref, name) -> engine.availabilityChanged());
    }

    @Bean
    TimerHandler queueTimerHandler(CallEngine engine) {
        return handler(CallEngine.TIMER_QUEUE, (ref, name) -> engine.dispatchQueue(ref));
    }

    @Bean
    TimerHandler commandTimerHandler(CallEngine engine) {
        return handler(CallEngine.TIMER_COMMAND, (ref, name, payload) -> engine.onCommandTimer(payload));
    }

    /** What a timer does when it fires: its reference, its name and its payload. */
    @FunctionalInterface
    private interface Action {
        void fire(UUID ref, String name, JsonNode payload);
    }

    private static TimerHandler handler(String kind, java.util.function.BiConsumer<UUID, String> action) {
        return handler(kind, (ref, name, payload) -> action.accept(ref, name));
    }

    private static TimerHandler handler(String kind, Action action) {
        return new TimerHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public void fire(UUID ref, String name, JsonNode payload) {
                action.fire(ref, name, payload);
            }
        };
    }

    /**
     * A member's availability changed (set available, DND or vacation ended early...), or they were added to a queue or
     * given a phone: queues look for them. Likewise
     * when the business may have opened (hours, an override, a holiday or the company's timezone changed): callbacks
     * waiting for the opening computed before are made now if it is open now, else their next look is computed again.
     */
    @Component
    static class AvailabilityListener {
        /**
         * What can make members free or the business open (callbacks are made in business hours only). A queue's members
         * and settings, and a member's own (a phone given, an extension enabled, a higher call limit), too: a free member
         * added to a queue while callers waited in it was offered none until the queue next looked (a caller's next
         * announcement; in a queue announcing only on joining, none: they waited out the maximum wait).
         */
        static final java.util.Set<String> CHANGES = java.util.Set.of("team_availability", "business_hours", "schedule_override",
                "holiday", "company", "call_queue", "team_member");

        private final CallEngine engine;

        AvailabilityListener(CallEngine engine) {
            this.engine = engine;
        }

        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
        void changed(ConfigurationChanged event) {
            if (CHANGES.contains(event.entityType())) {
                dev.switchboard.platform.TenantContext.runAs(event.companyId(), engine::availabilityChangedInRequest);
            }
        }
    }
}
