package dev.switchboard.voicemail;

import dev.switchboard.directory.MemberGreetings;
import dev.switchboard.directory.Members;
import dev.switchboard.media.Media;
import dev.switchboard.tenancy.Actor;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A member's greeting for My status (the directory's port): read from and saved through {@link Mailboxes}. */
@Component
class MyGreeting implements MemberGreetings {

    private final Mailboxes mailboxes;
    private final Members members;
    private final Media media;
    private final MailboxAccess access;

    MyGreeting(Mailboxes mailboxes, Members members, Media media, MailboxAccess access) {
        this.access = access;
        this.mailboxes = mailboxes;
        this.members = members;
        this.media = media;
    }

    @Override
    @Transactional(readOnly = true)
    public Greeting of(UUID memberId) {
        var s = mailboxes.settings(memberId);
        var file = s.greetingType() == GreetingType.AUDIO && s.greetingMediaId() != null ? media.find(s.greetingMediaId()).orElse(null)
                : null;
        String hear;
        if (file != null) {
            hear = "Callers hear your recording" + (file.originalName() == null ? "" : " '" + file.originalName() + "'")
                    + ", then the tone.";
        } else if (s.greetingType() == GreetingType.TEXT_TO_SPEECH && s.greetingText() != null) {
            hear = "Callers hear your text, spoken" + (s.greetingVoice() == null ? "" : " by the voice " + dev.switchboard.shared.Speech.voiceName(s.greetingVoice()))
                    + (s.greetingLanguage() == null ? "" : " in " + dev.switchboard.shared.Speech.languageName(s.greetingLanguage())) + ": \"" + s.greetingText() + "\"";
        } else {
            // As the call engine says it: the standard greeting with the member's name.
            hear = "Callers hear the standard greeting: \"" + Mailboxes.defaultGreeting(members.get(memberId).name()) + "\"";
        }
        return new Greeting(s.greetingType().name(), s.greetingText(), s.greetingVoice(), s.greetingLanguage(),
                file == null ? null : file.originalName(), file == null ? null : media.signedPath(file.id(), Duration.ofHours(1)), hear);
    }

    @Override
    @Transactional(readOnly = true)
    public Notifications notificationsOf(UUID memberId) {
        var s = mailboxes.settings(memberId);
        return new Notifications(s.emailEnabled(), String.join(", ", s.emailAddresses()), s.attachAudio(), s.smsEnabled(),
                s.smsNumber(), mailboxes.canSendEmail() ? null : Mailboxes.NO_EMAIL_SERVER_WORDS);
    }

    @Override
    public java.util.List<String> setNotifications(Actor actor, UUID memberId, boolean emailEnabled, java.util.List<String> emailAddresses,
            boolean attachAudio, boolean smsEnabled, String smsNumber) {
        return mailboxes.setNotifications(actor, memberId, new Mailboxes.Notifications(emailEnabled, emailAddresses, attachAudio,
                smsEnabled, smsNumber)).warnings().stream()
                .map(w -> Mailboxes.NO_EMAIL_SERVER.equals(w.message()) ? Mailboxes.NO_EMAIL_SERVER_WORDS : w.message()).toList();
    }

    @Override
    public java.time.Instant phoneLockedUntil(UUID memberId) {
        return access.lockedUntil(memberId).orElse(null);
    }

    @Override
    public java.util.List<String> set(Actor actor, UUID memberId, String type, String text, String voice, String language, String fileName,
            byte[] file) {
        // My status, where the file is chosen on the page itself: said so, not the API's endpoint.
        return mailboxes.setGreeting(actor, memberId, new Mailboxes.Greeting(type, text, voice, language), fileName, file, Mailboxes.CHOOSE_A_FILE)
                .warnings().stream().map(dev.switchboard.platform.Warning::message).toList();
    }
}
