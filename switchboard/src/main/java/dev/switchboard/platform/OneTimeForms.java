package dev.switchboard.platform;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The one-time tokens of forms that add something (a team member): each form shown carries a new token, and the first
 * send of it claims the token. The same form sent again (a double click, or the filled form sent again after going
 * back) finds its token claimed and adds nothing, while a new form may add a second thing of the same name. The token
 * is claimed before saving, so two sends at once cannot both save; a refused save releases it, so the corrected form
 * (which keeps its token) can be sent.
 *
 * <p>Claimed in the database (table {@code form_claims}), each claim committed at once, not in the session: sessions
 * are kept in PostgreSQL and each request works on its own copy of its session, so a set of claims in it was lost
 * unless set again, and two sends at once (on two nodes, or on two threads of one) each found the token free. The
 * table's key makes the first claim win wherever the sends go. A claim is kept for {@link #KEPT}: the same form sent
 * again later than that is saved again. A token is random and known only to the browser it was shown to.
 */
@Component
public class OneTimeForms {

    /** How long a claimed token is remembered. */
    static final Duration KEPT = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final Clock clock;

    OneTimeForms(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A token for a form about to be shown. */
    public static String newToken() {
        return UUID.randomUUID().toString();
    }

    /**
     * Claims {@code token} of the forms named {@code form}: true the first time (save), false when it was claimed
     * already (the same form again: save nothing). A form sent without a token, or with one no form was given (not a
     * UUID: a client that never showed it), is always saved.
     */
    public boolean claim(String form, String token) {
        var id = parse(token);
        if (id == null) {
            return true;
        }
        // Outside any transaction of the caller's: committed before the save begins, so a second send sees it.
        return jdbc.sql("insert into form_claims (form, token, claimed_at) values (:form, :token, :at) on conflict do nothing")
                .param("form", form).param("token", id).param("at", Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /** Gives {@code token} back after its save was refused: the corrected form may be sent with it. */
    public void release(String form, String token) {
        var id = parse(token);
        if (id != null) {
            jdbc.sql("delete from form_claims where form = :form and token = :token").param("form", form).param("token", id).update();
        }
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT7M")
    void forgetOldClaims() {
        jdbc.sql("delete from form_claims where claimed_at < :t").param("t", Timestamp.from(clock.instant().minus(KEPT))).update();
    }

    private static UUID parse(String token) {
        if (token == null || token.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
