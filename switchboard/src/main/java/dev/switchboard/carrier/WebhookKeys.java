package dev.switchboard.carrier;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The keys webhooks are checked with: TELNYX_PUBLIC_KEY when configured, and in demo mode also the
 * in-process simulator's own key. A webhook must verify against one of them.
 */
@Component
public class WebhookKeys {

    private final List<WebhookSignature> verifiers = new CopyOnWriteArrayList<>();
    private final Clock clock;

    WebhookKeys(@Value("${telnyx.public-key:}") String publicKey, Clock clock) {
        this.clock = clock;
        if (publicKey != null && !publicKey.isBlank()) {
            verifiers.add(new WebhookSignature(publicKey, clock));
        }
    }

    /** Null when no key is configured (then every webhook is refused). */
    WebhookSignature verifier() {
        if (verifiers.isEmpty()) {
            return null;
        }
        if (verifiers.size() == 1) {
            return verifiers.getFirst();
        }
        return new WebhookSignature.AnyOf(verifiers);
    }

    /** Also trust webhooks signed with this key (the simulator's, in demo mode). */
    public void trust(String base64PublicKey) {
        verifiers.add(new WebhookSignature(base64PublicKey, clock));
    }
}
