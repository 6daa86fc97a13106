package dev.switchboard.tenancy;

import java.util.Optional;

/**
 * What else in the company dials a number, so a business number is not added where calls to it would come
 * straight back (a member's calls forwarded to it), or uses one, so it is not removed from under its users.
 * Implemented by the modules that dial or match numbers.
 */
public interface NumberUses {

    /** Why {@code e164} may not become one of the company's business numbers, or empty. */
    Optional<String> businessNumberConflict(String e164);

    /**
     * Why {@code e164} may not stop being one of the company's business numbers (a routing rule that matches calls to
     * it would never match again), or empty.
     */
    default Optional<String> businessNumberRemovalConflict(String e164) {
        return Optional.empty();
    }

    /**
     * Takes, for the rest of the transaction, the lock under which this module checks the numbers it uses. Called
     * before the company's row is changed, so every transaction takes them in that order (a removal's check under this
     * lock, then the row; a save of the General tab, the row and then the routing lock, deadlocked with it).
     */
    default void lockUses() {
    }
}
