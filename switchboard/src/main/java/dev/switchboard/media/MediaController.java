package dev.switchboard.media;

import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.NextPageLink;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.tenancy.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Upload audio ({@code /api/v1/media}) and serve it by signed URL ({@code /media/...}, no login: the signature is the key). */
@RestController
@Tag(name = "Media")
class MediaController {

    static final Duration PREVIEW_TTL = Duration.ofMinutes(15);

    private final Media media;

    MediaController(Media media) {
        this.media = media;
    }

    record Uploaded(MediaFile file, String url) {
    }

    @PostMapping(path = "/api/v1/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @ResponseStatus(HttpStatus.CREATED) // what the document says: the answer's status is set below
    @Operation(summary = "Upload WAV or MP3 audio (at most 5 MB); returns its id and a URL valid for 15 minutes",
            description = "Set it as a greeting, menu prompt or hold music within a day: an upload nothing uses is then deleted.")
    ResponseEntity<Uploaded> upload(@RequestPart("file") MultipartFile file,
            @RequestParam(defaultValue = "greeting") String purpose) throws IOException {
        var actor = Actor.current().orElseThrow(() -> new ForbiddenException("not signed in"));
        var stored = media.upload(actor, purpose, file.getOriginalFilename(), file.getBytes());
        return ResponseEntity.status(HttpStatus.CREATED).body(new Uploaded(stored, media.signedPath(stored.id(), PREVIEW_TTL)));
    }

    /**
     * An uploaded prompt (greeting, menu prompt, hold music) with a URL to play it. A caller's message or a call
     * recording is not described here, to anyone: it is heard through the voicemail and call-log endpoints, which
     * check whose box or call it is (an agent knowing its id must not get a URL to another member's messages).
     */
    @GetMapping("/api/v1/media/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "An uploaded prompt and a URL to play it (15 minutes); messages and recordings are under voicemail and call logs")
    Uploaded describe(@PathVariable UUID id) {
        var file = media.findPrompt(id).orElseThrow(() -> new dev.switchboard.platform.NotFoundException("media file", id));
        return new Uploaded(file, media.signedPath(id, PREVIEW_TTL));
    }

    @GetMapping("/api/v1/media")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "The company's uploaded prompts (greetings, menu prompts, hold music), newest first; messages and recordings are under voicemail and call logs",
            description = "A full page (limit, 1 to 500, default 500) has a Link header (rel=\"next\") to the next one, which pages back "
                    + "with before_created_at and before_id of its last file.")
    @NextPageLink.Paged(maxLimit = Media.MAX_PAGE)
    ResponseEntity<java.util.List<MediaFile>> list(@RequestParam(name = "before_created_at", required = false) Instant beforeCreatedAt,
            @RequestParam(name = "before_id", required = false) UUID beforeId,
            @RequestParam(defaultValue = "" + Media.MAX_PAGE) int limit) {
        var page = media.prompts(beforeCreatedAt, beforeId, limit);
        return NextPageLink.ok(page, limit, last -> Map.of("before_created_at", last.createdAt().toString(), "before_id", last.id().toString()));
    }

    @DeleteMapping("/api/v1/media/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an uploaded prompt nothing uses (its file too)",
            description = "409 in_use naming each place that plays it (a mailbox's, holiday's or IVR menu's greeting, a queue's hold "
                    + "music, a call in progress): change those first. A caller's voicemail or a call recording is not deleted "
                    + "here (409 state): it goes with its message or call.")
    @ApiResponse(responseCode = "204", description = "Deleted, row and file")
    @ApiResponse(responseCode = "409", description = "Not deleted, nothing changed: in_use, the detail naming each place that "
            + "still plays the file (change those first); or state, for a caller's voicemail or a call recording (it goes "
            + "with its message or call)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    void delete(@PathVariable UUID id) {
        media.delete(Actor.current().orElseThrow(() -> new ForbiddenException("not signed in")), id);
    }

    @GetMapping("/media/{company}/{id}")
    ResponseEntity<Resource> serve(@PathVariable String company, @PathVariable UUID id,
            @RequestParam(defaultValue = "0") long expires, @RequestParam(required = false) String signature) {
        CompanyId companyId;
        try {
            companyId = CompanyId.of(company);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.notFound().build();
        }
        return media.open(companyId, id, expires, signature)
                .map(s -> ResponseEntity.ok().contentType(MediaType.parseMediaType(s.file().contentType()))
                        .contentLength(s.file().sizeBytes()).cacheControl(CacheControl.noStore())
                        .<Resource>body(new FileSystemResource(s.path())))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
