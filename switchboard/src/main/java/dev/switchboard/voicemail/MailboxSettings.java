package dev.switchboard.voicemail;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * The settings of one mailbox: the company's general box ({@code memberId} null) or a member's.
 *
 * @param retentionDays 30, 60, 90 or 365: heard messages older than this are deleted (unheard ones are kept until
 *        someone listens); null keeps messages forever
 */
public record MailboxSettings(UUID memberId, GreetingType greetingType, String greetingText, String greetingVoice,
        String greetingLanguage, UUID greetingMediaId, boolean emailEnabled, List<String> emailAddresses,
        boolean attachAudio, boolean smsEnabled, String smsNumber, boolean transcriptionEnabled, Integer retentionDays,
        int maxMessageSeconds) {

    static MailboxSettings defaults(UUID memberId) {
        return new MailboxSettings(memberId, GreetingType.DEFAULT, null, null, null, null, false, List.of(), true, false,
                null, true, 90, 120);
    }

    /**
     * The settings as sent by the API or a form, checked by {@link Mailboxes}. The {@code settings} a GET answers can be
     * sent back as they are: their {@code member_id} (whose box it is, said by the address) is taken and ignored. So can the
     * whole answer of that GET, the settings in its {@code settings} object ({@link #unwrapped}), its
     * {@code greeting_audio_url} and {@code warnings} taken and ignored as what the GET adds.
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"member_id", "greeting_audio_url", "warnings"})
    public record Input(
            @Schema(description = "DEFAULT, TEXT_TO_SPEECH or AUDIO; left out, kept") String greetingType,
            @Schema(description = "Required when greeting_type is TEXT_TO_SPEECH (sent, or kept from before): the text read "
                    + "to callers, at most 1000 characters; left out, kept") @dev.switchboard.platform.Text.MultiLine String greetingText,
            String greetingVoice, String greetingLanguage,
            @Schema(description = "Required when greeting_type is AUDIO (sent, or kept from before): an uploaded prompt "
                    + "(POST /api/v1/media); left out, kept") UUID greetingMediaId,
            Boolean emailEnabled,
            @Schema(description = "Required (at least one) when email_enabled is true, sent or kept from before; at most 10; "
                    + "left out, kept") List<String> emailAddresses,
            Boolean attachAudio, Boolean smsEnabled,
            @Schema(description = "Required when sms_enabled is true, sent or kept from before: the number texted, E.164 or "
                    + "national in the company's region; left out, kept") String smsNumber,
            Boolean transcriptionEnabled,
            @Schema(description = "30, 60, 90 or 365: heard messages older than this are deleted. Required when keep_forever "
                    + "is false and the box keeps messages forever now; refused with keep_forever true; left out, kept") Integer retentionDays,
            Boolean keepForever,
            Integer maxMessageSeconds,
            @Schema(schemaResolution = Schema.SchemaResolution.ALL_OF_REF, description = "The settings as GET answers them, inside settings: the whole answer of GET sent back as it is "
                    + "(its greeting_audio_url and warnings are ignored). Either this object or its fields at the top level, "
                    + "not both") Input settings) {

        /**
         * The settings this body gives: those of its {@code settings} object when it has one (the whole answer of a GET
         * sent back), else its own fields.
         *
         * @throws dev.switchboard.platform.InvalidInputException when it has both, or a {@code settings} within
         *     {@code settings}, naming the field
         */
        public Input unwrapped() {
            if (settings == null) {
                return this;
            }
            if (settings.settings != null) {
                throw new dev.switchboard.platform.InvalidInputException("settings.settings", "unknown",
                        "the settings object holds the settings' fields, not another settings object");
            }
            var flat = new Input(greetingType, greetingText, greetingVoice, greetingLanguage, greetingMediaId, emailEnabled,
                    emailAddresses, attachAudio, smsEnabled, smsNumber, transcriptionEnabled, retentionDays, keepForever,
                    maxMessageSeconds, null);
            if (!flat.equals(EMPTY)) {
                throw new dev.switchboard.platform.InvalidInputException("settings", "conflict",
                        "send the settings either inside settings (as GET answers them) or as fields at the top level, not both");
            }
            return settings;
        }

        private static final Input EMPTY = new Input(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }
}
