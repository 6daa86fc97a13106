package dev.switchboard.tenancy;

import java.util.Optional;

/**
 * What else in the company dials a number, so a business number is not added where calls to it would come
 * straight back (a member's calls forwarded to it). Implemented by the modules that dial numbers.
 */
public interface NumberUses {

    /** Why {@code e164} may not become one of the company's business numbers, or empty. */
    Optional<String> businessNumberConflict(String e164);
}
