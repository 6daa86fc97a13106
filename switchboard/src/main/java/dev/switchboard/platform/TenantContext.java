package dev.switchboard.platform;

import dev.switchboard.shared.CompanyId;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The company the current thread works for. Every transaction started while it is set tells
 * PostgreSQL (see {@link TenantTransactionManager}); with none set, row-level security shows no
 * tenant rows at all, so a forgotten context fails closed.
 */
public final class TenantContext {

    private static final ThreadLocal<CompanyId> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    public static Optional<CompanyId> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The current company, or an exception when code runs outside any company. */
    public static CompanyId require() {
        var id = CURRENT.get();
        if (id == null) {
            throw new IllegalStateException("no company set for this thread");
        }
        return id;
    }

    /** Runs {@code work} as {@code company}, restoring the previous company afterwards. */
    public static <T> T callAs(CompanyId company, Supplier<T> work) {
        var previous = CURRENT.get();
        CURRENT.set(company);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public static void runAs(CompanyId company, Runnable work) {
        callAs(company, () -> {
            work.run();
            return null;
        });
    }

    /** For the request filter that binds the signed-in user's company for one request; pair with {@link #clear()}. */
    public static void bind(CompanyId company) {
        CURRENT.set(company);
    }

    public static void clear() {
        CURRENT.remove();
    }
}
