package dev.switchboard.voicemail.api;

import dev.switchboard.media.Media;
import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.Warning;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.voicemail.GreetingType;
import dev.switchboard.voicemail.MailboxSettings;
import dev.switchboard.voicemail.Mailboxes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Voicemail settings of the general box and of each member's box. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Voicemail")
class VoicemailApi {

    private final Mailboxes mailboxes;
    private final Media media;

    VoicemailApi(Mailboxes mailboxes, Media media) {
        this.mailboxes = mailboxes;
        this.media = media;
    }

    /** Settings, a short-lived URL to play the uploaded greeting, and warnings from saving. */
    record View(MailboxSettings settings, String greetingAudioUrl, List<Warning> warnings) {
    }

    @GetMapping("/voicemail/settings")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "The general mailbox's settings")
    View general() {
        return view(mailboxes.settings(null), List.of());
    }

    @PutMapping("/voicemail/settings")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    View updateGeneral(@RequestBody MailboxSettings.Input body) {
        var saved = mailboxes.update(actor(), null, body);
        return view(saved.settings(), saved.warnings());
    }

    @GetMapping("/members/{id}/voicemail")
    @Operation(summary = "A member's mailbox settings (an agent: their own only)")
    View member(@PathVariable UUID id) {
        var actor = actor();
        if (actor.role() == dev.switchboard.tenancy.Role.AGENT && !actor.isMember(id)) {
            // A colleague's box shows where their messages are sent (email addresses, a mobile number).
            throw new ForbiddenException("an agent sees only their own mailbox's settings");
        }
        return view(mailboxes.settings(id), List.of());
    }

    @PutMapping("/members/{id}/voicemail")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    View updateMember(@PathVariable UUID id, @RequestBody MailboxSettings.Input body) {
        var saved = mailboxes.update(actor(), id, body);
        return view(saved.settings(), saved.warnings());
    }

    private View view(MailboxSettings s, List<Warning> warnings) {
        var url = s.greetingType() == GreetingType.AUDIO && s.greetingMediaId() != null
                ? media.signedPath(s.greetingMediaId(), Duration.ofMinutes(15)) : null;
        return new View(s, url, warnings);
    }

    private static Actor actor() {
        return Actor.current().orElseThrow(() -> new ForbiddenException("not signed in"));
    }
}
