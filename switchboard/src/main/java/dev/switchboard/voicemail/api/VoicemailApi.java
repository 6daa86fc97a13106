package dev.switchboard.voicemail.api;

import dev.switchboard.media.Media;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.Warning;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.voicemail.GreetingType;
import dev.switchboard.voicemail.MailboxSettings;
import dev.switchboard.voicemail.Mailboxes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

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
    @Operation(summary = "Change the general mailbox's greeting, notifications, transcription and retention; a field left out "
            + "keeps its value",
            description = SETTINGS_BODY)
    View updateGeneral(@RequestBody MailboxSettings.Input body) {
        return update(null, body);
    }

    /** What the PUTs of a mailbox's settings take, in their OpenAPI description. */
    private static final String SETTINGS_BODY = "The body is the settings' fields, as in the settings object GET answers, which "
            + "may be sent back as it is; or the whole answer of GET, the settings inside settings (its greeting_audio_url and "
            + "warnings are ignored, and a problem with a field inside it is named settings.<field>). Not both.";

    /**
     * Saves a PUT's settings, sent at the top level or as the whole answer of GET ({@link MailboxSettings.Input#unwrapped}):
     * the latter's problems are named by where they are in the body sent, {@code settings.<field>}.
     */
    private View update(UUID memberId, MailboxSettings.Input body) {
        var settings = body.unwrapped();
        try {
            var saved = mailboxes.update(actor(), memberId, settings);
            return view(saved.settings(), saved.warnings());
        } catch (InvalidInputException e) {
            if (settings == body) {
                throw e;
            }
            throw new InvalidInputException(e.problems().stream()
                    .map(p -> new FieldProblem("settings." + p.field(), p.rule(), p.message())).toList());
        }
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
    @Operation(summary = "Change a member's mailbox settings (greeting, notifications, transcription, retention); a field left "
            + "out keeps its value",
            description = SETTINGS_BODY)
    View updateMember(@PathVariable UUID id, @RequestBody MailboxSettings.Input body) {
        return update(id, body);
    }

    @PutMapping("/members/{id}/greeting")
    @Operation(summary = "Set a member's voicemail greeting (DEFAULT, TEXT_TO_SPEECH with its text, voice and language, or AUDIO "
            + "to keep the recording they have); agents and supervisors only their own",
            description = "Only the greeting: the box's notifications and retention stay as an owner or admin set them. A field left "
                    + "out keeps its value. Checked as PUT /members/{id}/voicemail (422 naming the field, nothing changed) and "
                    + "audited the same. A new recording is uploaded with POST /members/{id}/greeting/audio.")
    View setGreeting(@PathVariable UUID id, @RequestBody Mailboxes.Greeting body) {
        var saved = mailboxes.setGreeting(actor(), id, body, null, null);
        return view(saved.settings(), saved.warnings());
    }

    @PutMapping("/members/{id}/voicemail/notifications")
    @Operation(summary = "Set where a member's new voicemail is sent (email addresses and recording attached, a mobile number "
            + "texted); agents and supervisors only their own",
            description = "Only the notifications: the greeting, transcription, retention and longest message stay as they are. A "
                    + "field left out keeps its value. Checked as PUT /members/{id}/voicemail (422 naming the field, nothing "
                    + "changed) and audited the same.")
    View setNotifications(@PathVariable UUID id, @RequestBody Mailboxes.Notifications body) {
        var saved = mailboxes.setNotifications(actor(), id, body);
        return view(saved.settings(), saved.warnings());
    }

    @PostMapping(path = "/members/{id}/greeting/audio", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a WAV or MP3 file (part 'file', at most 5 MB) as a member's voicemail greeting; agents and "
            + "supervisors only their own",
            description = "Checked as POST /media (422 for a file that is not audio, is empty or too large; nothing kept) and set "
                    + "as the box's greeting (AUDIO) in the same step.")
    View uploadGreeting(@PathVariable UUID id, @RequestPart("file") MultipartFile file) throws IOException {
        var saved = mailboxes.setGreeting(actor(), id, new Mailboxes.Greeting("AUDIO", null, null, null), file.getOriginalFilename(),
                file.getBytes());
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
