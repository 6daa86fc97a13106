package dev.switchboard.voicemail.api;

import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.voicemail.VoicemailMessage;
import dev.switchboard.voicemail.Voicemails;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Voicemail messages: list (by box, heard or not), play, mark heard or unheard, delete. Owners, admins
 * and supervisors see every box; an agent sees their own box and the general one.
 */
@RestController
@RequestMapping("/api/v1/voicemail/messages")
@Tag(name = "Voicemail")
class VoicemailMessagesApi {

    private final Voicemails voicemails;

    VoicemailMessagesApi(Voicemails voicemails) {
        this.voicemails = voicemails;
    }

    /**
     * A message as the API shows it.
     *
     * @param box {@code general} or the member's id
     * @param audioStatus STORED (play it at {@code audio_url}), FETCHING (still being copied from the
     *        carrier), FAILED (copying it was given up: {@code audio_error} says why) or NONE
     * @param audioError the last failure to copy the recording from the carrier, if any
     */
    record MessageView(UUID id, String box, UUID memberId, UUID callId, String fromNumber, Instant receivedAt,
            int durationSeconds, String transcription, boolean heard, VoicemailMessage.AudioStatus audioStatus, String audioUrl,
            String audioError) {

        static MessageView of(VoicemailMessage m) {
            return new MessageView(m.id(), m.memberId() == null ? "general" : m.memberId().toString(), m.memberId(), m.callId(),
                    m.fromNumber(), m.receivedAt(), m.durationSeconds(), m.transcription(), m.heard(), m.audioStatus(),
                    m.audioStatus() == VoicemailMessage.AudioStatus.STORED ? "/api/v1/voicemail/messages/" + m.id() + "/audio" : null,
                    m.mediaId() == null ? m.audioError() : null);
        }
    }

    /** The only change a message takes: heard or not. */
    record Change(Boolean heard) {
    }

    @GetMapping
    @Operation(summary = "Messages, newest first; box = general, mine or a member's id; heard = true or false")
    List<MessageView> list(@RequestParam(required = false) String box, @RequestParam(required = false) Boolean heard) {
        return voicemails.list(actor(), box, heard).stream().map(MessageView::of).toList();
    }

    @GetMapping("/{id}")
    MessageView get(@PathVariable UUID id) {
        return MessageView.of(voicemails.get(actor(), id));
    }

    @GetMapping("/{id}/audio")
    @Operation(summary = "The recording (audio/mpeg or audio/wav); 404 while it is still being copied from the carrier")
    ResponseEntity<byte[]> audio(@PathVariable UUID id) {
        var audio = voicemails.audio(actor(), id);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(audio.contentType()))
                .contentLength(audio.bytes().length).cacheControl(CacheControl.noStore()).body(audio.bytes());
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Mark heard ({\"heard\": true}) or unheard ({\"heard\": false})")
    MessageView change(@PathVariable UUID id, @RequestBody Change body) {
        if (body == null || body.heard() == null) {
            throw new InvalidInputException("heard", "required", "must be true or false");
        }
        return MessageView.of(voicemails.setHeard(actor(), id, body.heard()));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a message and its recording (owners and admins, or the box's own member)")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        voicemails.delete(actor(), id);
        return ResponseEntity.noContent().build();
    }

    private static Actor actor() {
        return Actor.current().orElseThrow(() -> new ForbiddenException("not signed in"));
    }
}
