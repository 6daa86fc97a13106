package dev.switchboard.calls;

import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.shared.PhoneNumber;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Callers who do not want texts: a text a caller sends to one of a company's numbers that is, trimmed and in any case,
 * one of the CTIA opt-out keywords (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT) puts them on the company's list,
 * and one of the opt-in keywords (START, UNSTOP, YES) takes them off it; {@link TextBacks} texts nobody on it (US
 * carriers and the TCPA require a STOP to be honoured). Anything else a caller texts changes nothing. The company is
 * the owner of the number texted (a business number or a member's direct line); a text to a number nobody owns is
 * stored by the carrier adapter and otherwise ignored.
 *
 * <p>No reply is sent from here, on purpose: Telnyx's messaging profile answers STOP, START and HELP itself with the
 * carrier-mandated confirmation ("You have successfully been unsubscribed..."), and a second reply from us would be a
 * text to someone who has just said they want none.
 *
 * <p>The latest keyword wins by when the text was sent, not when its webhook arrived: a STOP and a START delivered out
 * of order end as they were meant. A STOP and a call ending at once are serialised on the caller's text-back lock, so
 * a call ending after the STOP is committed sees it.
 *
 * <p>The list is read-only to the company ({@link #list}): a business must not put back on its texts someone who texted
 * STOP, so only the person's own START takes them off.
 */
@Service
public class TextOptOuts implements dev.switchboard.routing.TextBackOptOuts {

    private static final Logger log = LoggerFactory.getLogger(TextOptOuts.class);

    /** The CTIA opt-out keywords. */
    static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
    /** The CTIA opt-in keywords. */
    static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");

    /**
     * A text a caller sent to one or more numbers (a group text names several: the first one a company owns counts).
     *
     * @param sentAt when the caller sent it (orders a STOP and a START); null for when it is handled
     */
    public record InboundText(String eventId, String from, List<String> to, String text, Instant sentAt) {
    }

    /** What a text did. */
    public enum Effect {
        /** The caller is now on the company's list. */
        OPTED_OUT,
        /** The caller is now off it. */
        OPTED_IN,
        /** Not a keyword, an older keyword than the one the list has, a redelivery, or from no phone number. */
        NONE,
        /** Sent to a number no company owns: stored, ignored. */
        NOT_OURS
    }

    /** The outcome of a delivered text: whether it was new (not a redelivery) and what it did. */
    public record Received(boolean fresh, Effect effect) {
    }

    /** A caller on a company's list: the keyword they texted and when. */
    public record OptOut(String keyword, Instant at) {
    }

    private final JdbcClient jdbc;
    private final NumberOwners owners;
    private final TransactionTemplate tx;
    private final Clock clock;

    TextOptOuts(JdbcClient jdbc, NumberOwners owners, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.owners = owners;
        this.tx = tx;
        this.clock = clock;
    }

    /** True for an opt-out keyword, false for an opt-in one, empty for any other text. */
    static Optional<Boolean> keyword(String text) {
        var word = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        if (STOP_WORDS.contains(word)) {
            return Optional.of(true);
        }
        if (START_WORDS.contains(word)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /**
     * Handles a text a caller sent, running {@code record} (the carrier stores the event in its inbox, returning false
     * for a redelivery) in the same transaction, so a text is acted on once: a redelivery changes nothing.
     */
    public Received received(InboundText text, BooleanSupplier record) {
        var company = owner(text.to());
        if (company.isEmpty()) {
            boolean fresh = record.getAsBoolean();
            if (fresh) {
                log.info("A text to {}, which no company owns: stored and ignored", text.to());
            }
            return new Received(fresh, Effect.NOT_OURS);
        }
        return TenantContext.callAs(company.get(), () -> tx.execute(s -> {
            if (!record.getAsBoolean()) {
                return new Received(false, Effect.NONE);
            }
            var optOut = keyword(text.text());
            if (optOut.isEmpty()) {
                return new Received(true, Effect.NONE);
            }
            PhoneNumber from;
            try {
                from = PhoneNumber.parse(text.from());
            } catch (IllegalArgumentException e) {
                log.info("A {} texted from {}, which is not a phone number a text-back could go to: ignored",
                        text.text().strip(), text.from());
                return new Received(true, Effect.NONE);
            }
            var changed = record(from, optOut.get(), text.text().strip().toUpperCase(Locale.ROOT),
                    text.sentAt() == null ? clock.instant() : text.sentAt(), text.eventId());
            return new Received(true, !changed ? Effect.NONE : optOut.get() ? Effect.OPTED_OUT : Effect.OPTED_IN);
        }));
    }

    private Optional<CompanyId> owner(List<String> numbers) {
        for (var number : numbers) {
            String e164;
            try {
                e164 = PhoneNumber.parse(number).e164();
            } catch (IllegalArgumentException e) {
                continue; // a short code, say: none of ours
            }
            var owner = owners.owner(e164);
            if (owner.isPresent()) {
                return owner;
            }
        }
        return Optional.empty();
    }

    /** Sets the caller's entry unless a later keyword already did; whether it changed. */
    private boolean record(PhoneNumber from, boolean optOut, String keyword, Instant at, String eventId) {
        var company = TenantContext.require().value();
        lockCaller(jdbc, company, from.e164());
        boolean changed = jdbc.sql("""
                insert into call_text_opt_outs (company_id, number, opted_out, keyword, changed_at, event_id)
                values (:c, :n, :out, :k, :at, :e)
                on conflict (company_id, number) do update
                  set opted_out = excluded.opted_out, keyword = excluded.keyword, changed_at = excluded.changed_at, event_id = excluded.event_id
                  where call_text_opt_outs.changed_at <= excluded.changed_at
                """).param("c", company).param("n", from.e164()).param("out", optOut).param("k", keyword)
                .param("at", Timestamp.from(at)).param("e", eventId).update() == 1;
        if (changed) {
            log.info("{} texted {}: {} texts from company {}", from.e164(), keyword, optOut ? "opted out of" : "opted back in to", company);
        }
        return changed;
    }

    /** A caller on the list as it is shown: their number (E.164), the keyword they texted and when they sent it. */
    public record OptedOutCaller(String number, String keyword, Instant optedOutAt) {
    }

    /** The largest page {@link #list} gives. */
    public static final int MAX_PAGE = 500;

    /**
     * A page of the list: {@code number} (E.164) alone or every caller; after the row ({@code beforeOptedOutAt},
     * {@code beforeNumber}) of the previous page, both or neither.
     */
    public record Filter(String number, Instant beforeOptedOutAt, String beforeNumber, int limit) {
    }

    /**
     * The current company's callers on the list, who texted STOP last first (keyset pages: the next starts after the last
     * row of this one). A caller who texted START since is not on it.
     */
    @Transactional(readOnly = true)
    public List<OptedOutCaller> list(Filter f) {
        InvalidInputException.requireInRange("limit", f.limit(), 1, MAX_PAGE);
        InvalidInputException.requireStorable("before_opted_out_at", f.beforeOptedOutAt());
        if ((f.beforeOptedOutAt() == null) != (f.beforeNumber() == null)) {
            throw new InvalidInputException("before_number", "pair", "before_opted_out_at and before_number go together");
        }
        var sql = new StringBuilder("select number, keyword, changed_at from call_text_opt_outs where company_id = :c and opted_out");
        var params = new java.util.HashMap<String, Object>();
        params.put("c", TenantContext.require().value());
        if (f.number() != null) {
            sql.append(" and number = :n");
            params.put("n", f.number());
        }
        if (f.beforeOptedOutAt() != null) {
            sql.append(" and (changed_at, number) < (:bt, :bn)");
            params.put("bt", Timestamp.from(f.beforeOptedOutAt()));
            params.put("bn", f.beforeNumber());
        }
        sql.append(" order by changed_at desc, number desc limit :limit");
        params.put("limit", f.limit());
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new OptedOutCaller(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant())).list();
    }

    @Override
    @Transactional(readOnly = true)
    public long optedOutCount() {
        return jdbc.sql("select count(*) from call_text_opt_outs where company_id = :c and opted_out")
                .param("c", TenantContext.require().value()).query(Long.class).single();
    }

    /** Whether {@code number} is on the current company's list, and since when. */
    Optional<OptOut> optedOut(String number) {
        return jdbc.sql("select keyword, changed_at from call_text_opt_outs where company_id = :c and number = :n and opted_out")
                .param("c", TenantContext.require().value()).param("n", number)
                .query((rs, n) -> new OptOut(rs.getString(1), rs.getTimestamp(2).toInstant())).optional();
    }

    /** The lock that serialises a caller's text-backs and keywords within a company (for the transaction). */
    static void lockCaller(JdbcClient jdbc, UUID company, String caller) {
        dev.switchboard.platform.TransactionLocks.hold(jdbc, "text-back:" + company + ":" + caller);
    }
}
