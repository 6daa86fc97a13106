package dev.switchboard.platform;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Locks taken by name and held until the transaction ends, on every node (PostgreSQL's transaction-scoped advisory
 * locks): for what has no row to lock (a voicemail box never saved) or lies across tables no constraint joins (a number
 * held as a business number or a member's direct number). Names are prefixed by what they lock ({@code number:...}).
 */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /** Waits for, then holds until this transaction ends, the lock called {@code name}. */
    public static void hold(JdbcClient jdbc, String name) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:k, 0))").param("k", name).query().singleRow();
    }
}
