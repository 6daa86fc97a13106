package dev.switchboard.voicemail.web;

import dev.switchboard.directory.Members;
import dev.switchboard.media.Media;
import dev.switchboard.platform.FileField;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.PayloadTooLargeException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.voicemail.MailboxSettings;
import dev.switchboard.voicemail.Mailboxes;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Phone settings, Voicemail tab: a box's greeting (default, text to speech, or an uploaded file with a
 * player), email and SMS notification, transcription, retention and maximum message length; the general
 * box or any member's.
 */
@Controller
class VoicemailTab {

    static final String URL = "/settings/communications/phone/voicemail";

    private final Mailboxes mailboxes;
    private final Members members;
    private final Media media;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    VoicemailTab(Mailboxes mailboxes, Members members, Media media, org.springframework.transaction.support.TransactionTemplate tx) {
        this.tx = tx;
        this.mailboxes = mailboxes;
        this.members = members;
        this.media = media;
    }

    record Form(UUID box, String greetingType, @dev.switchboard.platform.Text.MultiLine String greetingText, String greetingVoice,
            String greetingLanguage, UUID greetingMediaId, Boolean emailEnabled,
            String emailAddresses, Boolean attachAudio, Boolean smsEnabled, String smsNumber, Boolean transcriptionEnabled,
            String retention, String maxMessageSeconds) {

        static Form of(MailboxSettings s) {
            return new Form(s.memberId(), s.greetingType().name(), s.greetingText(), s.greetingVoice(),
                    s.greetingLanguage(), s.greetingMediaId(), s.emailEnabled(),
                    String.join(", ", s.emailAddresses()), s.attachAudio(), s.smsEnabled(), s.smsNumber(),
                    s.transcriptionEnabled(), s.retentionDays() == null ? "forever" : s.retentionDays().toString(),
                    dev.switchboard.platform.WholeNumberField.text(s.maxMessageSeconds()));
        }

        /** The input for the service; the longest message, when no whole number or left empty, is refused here. */
        MailboxSettings.Input input(UUID mediaId) {
            var problems = new java.util.ArrayList<dev.switchboard.platform.FieldProblem>();
            var longest = dev.switchboard.platform.WholeNumberField.read("max_message_seconds", maxMessageSeconds,
                    "a whole number of seconds, 30 to 300", problems);
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            var emails = emailAddresses == null ? java.util.List.<String>of()
                    : Arrays.stream(emailAddresses.split("[,;\\s]+")).filter(e -> !e.isBlank()).toList();
            boolean forever = "forever".equals(retention);
            Integer days = null;
            if (!forever && retention != null && !retention.isBlank()) {
                try {
                    days = Integer.valueOf(retention);
                } catch (NumberFormatException e) {
                    days = -1;
                }
            }
            return new MailboxSettings.Input(greetingType, greetingText, greetingVoice, greetingLanguage, mediaId, Boolean.TRUE.equals(emailEnabled),
                    emails, Boolean.TRUE.equals(attachAudio), Boolean.TRUE.equals(smsEnabled), smsNumber,
                    Boolean.TRUE.equals(transcriptionEnabled), days, forever ? Boolean.TRUE : null, longest, null);
        }
    }

    @GetMapping(URL)
    String page(@RequestParam(required = false) UUID box, Model model) {
        return show(model, Form.of(mailboxes.settings(box)), Map.of());
    }

    @PostMapping(URL)
    String save(@ModelAttribute Form form, @RequestParam(name = "greetingFile", required = false) MultipartFile file,
            Model model, HttpServletResponse response, RedirectAttributes redirect) throws IOException {
        var actor = Actor.current().orElseThrow();
        var bytes = FileField.chosen(file) ? file.getBytes() : null;
        var warnings = new java.util.ArrayList<String>();
        try {
            // One transaction: a form refused after its upload keeps no file.
            tx.executeWithoutResult(s -> {
                var mediaId = form.greetingMediaId();
                if (bytes != null) {
                    mediaId = media.upload(actor, "greeting", file.getOriginalFilename(), bytes).id();
                }
                mailboxes.update(actor, form.box(), form.input(mediaId), Mailboxes.CHOOSE_A_FILE).warnings().forEach(w -> warnings.add(
                        Mailboxes.NO_EMAIL_SERVER.equals(w.message()) ? Mailboxes.NO_EMAIL_SERVER_WORDS : w.message()));
            });
        } catch (InvalidInputException e) {
            response.setStatus(422);
            var errors = new HashMap<>(e.byField());
            if (errors.containsKey("file") || errors.containsKey("bytes")) {
                errors.putIfAbsent("greeting_media_id", errors.getOrDefault("file", errors.get("bytes")));
            }
            return show(model, form, errors);
        } catch (PayloadTooLargeException e) {
            response.setStatus(422);
            return show(model, form, Map.of("greeting_media_id", e.getMessage()));
        }
        redirect.addFlashAttribute("saved", "Voicemail settings saved."
                + (warnings.isEmpty() ? "" : " Note: " + String.join("; ", warnings) + "."));
        return "redirect:" + URL + (form.box() == null ? "" : "?box=" + form.box());
    }

    private String show(Model model, Form form, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("members", members.list());
        model.addAttribute("noEmailServer", mailboxes.canSendEmail() ? null : Mailboxes.NO_EMAIL_SERVER_WORDS);
        model.addAttribute("noEmailServerForIt", Mailboxes.NO_EMAIL_SERVER_FOR_IT);
        model.addAttribute("greetingUrl", form.greetingMediaId() == null ? null : media.signedPath(form.greetingMediaId(), Duration.ofHours(1)));
        return "settings/voicemail";
    }
}
