package dev.switchboard.platform;

import jakarta.servlet.http.HttpSession;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-time tokens of forms that add something (a team member): each form shown carries a new token, and the first
 * send of it claims the token. The same form sent again (a double click, or the filled form sent again after going
 * back) finds its token claimed and adds nothing, while a new form may add a second thing of the same name. The token
 * is claimed before saving, so two sends at once cannot both save; a refused save releases it, so the corrected form
 * (which keeps its token) can be sent. Kept in the session: a token is only ever sent back by the browser it was shown to.
 */
public final class OneTimeForms {

    private OneTimeForms() {
    }

    /** A token for a form about to be shown. */
    public static String newToken() {
        return UUID.randomUUID().toString();
    }

    /**
     * Claims {@code token} of the forms named {@code form}: true the first time (save), false when it was claimed
     * already (the same form again: save nothing). A form sent without a token (a client that never showed it) is
     * always saved.
     */
    public static boolean claim(HttpSession session, String form, String token) {
        return token == null || token.isBlank() || claimed(session, form).add(token);
    }

    /** Gives {@code token} back after its save was refused: the corrected form may be sent with it. */
    public static void release(HttpSession session, String form, String token) {
        if (token != null) {
            claimed(session, form).remove(token);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> claimed(HttpSession session, String form) {
        var key = OneTimeForms.class.getName() + "." + form;
        synchronized (org.springframework.web.util.WebUtils.getSessionMutex(session)) {
            var claimed = (Set<String>) session.getAttribute(key);
            if (claimed == null) {
                claimed = ConcurrentHashMap.newKeySet();
                session.setAttribute(key, claimed);
            }
            return claimed;
        }
    }
}
