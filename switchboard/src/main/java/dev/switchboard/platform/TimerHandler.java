package dev.switchboard.platform;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Fires the {@link Timers} of one kind. Called within the timer's company; a timer fires at least
 * once (again after a crash), so handlers check the state they act on.
 */
public interface TimerHandler {

    String kind();

    void fire(UUID ref, String name, JsonNode payload);
}
