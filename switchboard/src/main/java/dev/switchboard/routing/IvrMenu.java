package dev.switchboard.routing;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An IVR menu: a greeting (text spoken, or an uploaded file, which wins when set), the keys 0-9, * and # each to a target, optional dial-by-extension (with a
 * prefix key when an option's key could start an extension), and what happens when the caller presses
 * nothing ({@code timeoutTarget}, after {@code maxRetries} with {@code timeoutPrompt}) or a key with no
 * option ({@code invalidTarget}, after {@code maxRetries} with {@code invalidPrompt}).
 */
public record IvrMenu(UUID id, String name, String greetingText, String greetingVoice, String greetingLanguage,
        UUID greetingMediaId, Map<String, Target> options, boolean dialByExtension, String extensionPrefix, int timeoutSeconds, int maxRetries,
        String invalidPrompt, String timeoutPrompt, Target invalidTarget, Target timeoutTarget, Instant createdAt,
        Instant updatedAt) {

    /**
     * The key that ends a caller's entry before its longest length (the carrier ends a gather on one, {@code #}
     * unless told another): {@code #}, or {@code *} when {@code #} is an option or the extension prefix, so that
     * key reaches its option; null when both are taken (a menu {@link IvrMenus} does not save).
     */
    public String terminatingKey() {
        for (var key : new String[] {"#", "*"}) {
            if (!options.containsKey(key) && !key.equals(extensionPrefix)) {
                return key;
            }
        }
        return null;
    }
}
