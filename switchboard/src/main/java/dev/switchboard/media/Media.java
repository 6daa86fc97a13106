package dev.switchboard.media;

import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The company's audio files. Uploads are checked to really be WAV or MP3 (not just named so) and at
 * most 5 MB; the bytes are kept under {@code SWITCHBOARD_DATA_DIR/media}. The carrier gets a file only
 * through a URL signed with HMAC-SHA256 that expires ({@link #signedPath}); the key comes from
 * {@code SWITCHBOARD_MEDIA_SECRET} (set the same one on every node) or is made once and kept in the
 * media folder.
 */
@Service
public class Media {

    static final long MAX_BYTES = 5L * 1024 * 1024;
    /**
     * The most a recording the system fetched may be: a recorded call lasts as long as it lasts (a record_start runs
     * up to 4 hours, 230 MB as 8 kHz 16-bit WAV), and one refused for its size would be lost for good (the carrier's
     * URL expires). The upload limit is for what people upload to be played to callers.
     */
    static final long MAX_FETCHED_BYTES = 256L * 1024 * 1024;
    static final Set<String> PURPOSES = Set.of("greeting", "ivr", "hold-music", "announcement");
    static final Set<String> SYSTEM_PURPOSES = Set.of("voicemail", "recording", "greeting");
    /**
     * What a call leaves (a caller's message, a call's recording), stored from the carrier: no change of anyone's settings,
     * so not in the Activity, which every voicemail filled with "The system uploaded voicemail recording" (found by a walk
     * of the demo). The message and the call log keep it. A greeting recorded by phone is a change, and is there.
     */
    static final Set<String> CALLS_OWN = Set.of("voicemail", "recording");

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final Path root;
    private final byte[] key;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    /** Its own transaction, for the clean-up that runs after the caller's has committed ({@link #released}). */
    private final org.springframework.transaction.support.TransactionTemplate afterwards;

    Media(JdbcClient jdbc, AuditLog audit, Clock clock, org.springframework.transaction.support.TransactionTemplate tx,
            @Value("${switchboard.data-dir:data}") String dataDir, @Value("${switchboard.media.secret:}") String secret) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.afterwards = new org.springframework.transaction.support.TransactionTemplate(tx.getTransactionManager());
        this.afterwards.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.audit = audit;
        this.clock = clock;
        this.root = Path.of(dataDir.isBlank() ? "data" : dataDir, "media").toAbsolutePath();
        this.key = secret.isBlank() ? storedKey(root) : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Stores an upload after checking it; nothing is kept when it is refused. */
    @Transactional
    public MediaFile upload(Actor actor, String purpose, String originalName, byte[] bytes) {
        Companies.requireConfigureOf(actor);
        return store(actor, purpose, PURPOSES, originalName, bytes);
    }

    /**
     * Stores a team member's voicemail greeting uploaded for their own box (My status, the API): checked as every upload
     * is, by anyone linked to a team member or who configures. Whose box it goes to, and whether this actor may set it, is
     * the voicemail's service's to check first.
     */
    @Transactional
    public MediaFile uploadGreeting(Actor actor, String originalName, byte[] bytes) {
        if (!actor.canConfigure() && actor.memberId() == null) {
            throw new dev.switchboard.platform.ForbiddenException("your login is not linked to a team member, so it has no greeting to upload");
        }
        return store(actor, "greeting", PURPOSES, originalName, bytes);
    }

    /** Stores audio the system itself fetched (a voicemail, a call recording), checked like an upload but up to {@link #MAX_FETCHED_BYTES}. */
    @Transactional
    public MediaFile storeFetched(String purpose, String originalName, byte[] bytes) {
        return store(Actor.system(TenantContext.require()), purpose, SYSTEM_PURPOSES, originalName, bytes, MAX_FETCHED_BYTES, true);
    }

    private MediaFile store(Actor actor, String purpose, Set<String> allowed, String originalName, byte[] bytes) {
        return store(actor, purpose, allowed, originalName, bytes, MAX_BYTES, false);
    }

    private MediaFile store(Actor actor, String purpose, Set<String> allowed, String originalName, byte[] bytes, long maxBytes,
            boolean keepCutShort) {
        if (purpose == null || !allowed.contains(purpose)) {
            throw new InvalidInputException("purpose", "enum", "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInputException("file", "required", "the file is empty");
        }
        if (bytes.length > maxBytes) {
            throw new InvalidInputException("file", "size", "must be at most " + maxBytes / (1024 * 1024) + " MB (it is "
                    + bytes.length / 1024 + " KB)");
        }
        var checked = AudioCheck.check(bytes);
        var named = originalName == null ? "" : " ('" + originalName + "')";
        if (checked.audio() == null) {
            throw new InvalidInputException("file", "audio", checked.problem() + named);
        }
        var audio = checked.audio();
        if (audio.cutShort() != null && !keepCutShort) {
            // An upload to be played to callers: refused, since it would stop short or play nothing. A recording the
            // carrier sent is kept with what it holds (refused, it would be lost for good).
            throw new InvalidInputException("file", "audio", audio.cutShort() + named);
        }
        var company = TenantContext.require();
        var id = UUID.randomUUID();
        var file = path(company, id);
        try {
            Files.createDirectories(file.getParent());
            var temp = Files.createTempFile(file.getParent(), id.toString(), ".part");
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the upload", e);
        }
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            // Stored in a transaction that then fails (a form refused after its upload): no file is left behind its row.
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            if (status == STATUS_ROLLED_BACK) {
                                try {
                                    Files.deleteIfExists(file);
                                } catch (IOException e) {
                                    org.slf4j.LoggerFactory.getLogger(Media.class).warn("Could not delete media file {}: {}", file, e.getMessage());
                                }
                            }
                        }
                    });
        }
        var name = originalName == null ? null : originalName.replaceAll("[\\r\\n]", "").strip();
        jdbc.sql("""
                insert into media_files (company_id, id, purpose, content_type, size_bytes, sha256, duration_ms, original_name, created_by, created_at)
                values (:c, :id, :p, :type, :size, :sha, :dur, :name, :by, :now)
                """)
                .param("c", company.value()).param("id", id).param("p", purpose).param("type", audio.contentType())
                .param("size", (long) bytes.length).param("sha", sha256(bytes)).param("dur", audio.durationMillis())
                .param("name", name == null || name.length() > 200 ? null : name).param("by", actor.label())
                .param("now", Timestamp.from(clock.instant())).update();
        var stored = get(id);
        if (!CALLS_OWN.contains(purpose)) {
            audit.record(actor, "media", id, "upload", null, stored);
        }
        return stored;
    }

    @Transactional(readOnly = true)
    public MediaFile get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("media file", id));
    }

    /**
     * An uploaded or recorded file that may be played to callers (a greeting, a menu prompt, hold music): not a
     * caller's message or a call recording, which belong to whoever they were left for and go when their retention
     * ends (set as a greeting, one could neither be deleted nor purged).
     */
    @Transactional(readOnly = true)
    public Optional<MediaFile> findPrompt(UUID id) {
        return find(id).filter(m -> !m.purpose().equals("voicemail") && !m.purpose().equals("recording"));
    }

    /** What a file of {@code purpose} is for, as pages say it: "greeting", "menu recording", "hold music". */
    public static String purposeInWords(String purpose) {
        return MediaAuditedThings.PURPOSES.getOrDefault(purpose, purpose);
    }

    /** What to say of an id {@link #findPrompt} does not find. */
    public static String notAPrompt(UUID id) {
        return "no uploaded audio " + id + " in this company to play to callers (a caller's message or a call recording cannot be one)";
    }

    @Transactional(readOnly = true)
    public Optional<MediaFile> find(UUID id) {
        return jdbc.sql("select * from media_files where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id)
                .query((rs, n) -> new MediaFile(rs.getObject("id", UUID.class), rs.getString("purpose"), rs.getString("content_type"),
                        rs.getLong("size_bytes"), rs.getString("sha256"), (Long) rs.getObject("duration_ms"),
                        rs.getString("original_name"), rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    /**
     * A path (to put after the app's public base URL) that serves the file until {@code ttl} has
     * passed. Without the signature, or after it expires, the file is not served.
     */
    public String signedPath(UUID id, Duration ttl) {
        var company = TenantContext.require();
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return "/media/" + company + "/" + id + "?expires=" + expires + "&signature=" + sign(company, id, expires);
    }

    /** The bytes behind a signed path, when the signature is right and has not expired. */
    Optional<Stored> open(CompanyId company, UUID id, long expires, String signature) {
        if (signature == null || expires < clock.instant().getEpochSecond()) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(sign(company, id, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        // Called without a signed-in user: the signature names the company, so read the file as that company.
        var stored = TenantContext.callAs(company, () -> tx.execute(status -> find(id))).map(f -> new Stored(f, path(company, id)));
        if (stored.isPresent() && !Files.isRegularFile(stored.get().path())) {
            // Its row is there but not its bytes: answered 200 with the file's length and no body, the carrier played
            // nothing. Not found, and said: on several nodes, a folder that is not the same one on every node is the cause.
            org.slf4j.LoggerFactory.getLogger(Media.class).error("Media file {} of company {} is not in this node's media folder {}: "
                    + "answered 404. Every node must use the same media folder (SWITCHBOARD_DATA_DIR on shared storage)", id, company, root);
            return Optional.empty();
        }
        return stored;
    }

    record Stored(MediaFile file, Path path) {
    }

    /** The bytes of a stored file (at most 5 MB), for attaching or streaming it to a signed-in user. */
    @Transactional(readOnly = true)
    public byte[] bytes(UUID id) {
        get(id);
        try {
            return Files.readAllBytes(path(TenantContext.require(), id));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NotFoundException("media file", id);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read media file " + id, e);
        }
    }

    /**
     * Deletes a file the system stored (a voicemail, a recording) whose owner is being deleted. The row
     * goes with the caller's transaction; the bytes are removed only after it commits, so a rollback
     * never leaves a row without its file.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void deleteStored(UUID id) {
        var company = TenantContext.require();
        int deleted = jdbc.sql("delete from media_files where company_id = :c and id = :id and purpose in ('voicemail', 'recording')")
                .param("c", company.value()).param("id", id).update();
        if (deleted == 0) {
            return;
        }
        deleteBytesAfterCommit(company, id);
    }

    /** Removes the bytes once the caller's transaction commits: a rollback never leaves a row without its file. */
    private void deleteBytesAfterCommit(CompanyId company, UUID id) {
        var file = path(company, id);
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException e) {
                            org.slf4j.LoggerFactory.getLogger(Media.class).warn("Could not delete media file {}: {}", file, e.getMessage());
                        }
                    }
                });
    }

    /** The most prompts one page of {@link #prompts(Instant, UUID, int)} holds. */
    public static final int MAX_PAGE = 500;

    /**
     * One page of the company's prompts (greetings, menu prompts, hold music: what may be played to callers; not callers'
     * messages nor call recordings, which are listed with their voicemail and calls): at most {@code limit} (1 to
     * {@link #MAX_PAGE}) prompts that come after the prompt ({@code beforeCreatedAt}, {@code beforeId}) in its order (newest first, then by id, so files uploaded at the same
     * instant are each listed once), or from the newest when both are null; the last prompt of a full page is where the
     * next one starts.
     */
    @Transactional(readOnly = true)
    public java.util.List<MediaFile> prompts(Instant beforeCreatedAt, UUID beforeId, int limit) {
        InvalidInputException.requireInRange("limit", limit, 1, MAX_PAGE);
        // An instant PostgreSQL cannot hold is refused naming the field, as the call log's cursor is.
        InvalidInputException.requireStorable("before_created_at", beforeCreatedAt);
        if ((beforeCreatedAt == null) != (beforeId == null)) {
            throw new InvalidInputException("before_id", "pair", "before_created_at and before_id go together");
        }
        var sql = new StringBuilder("select * from media_files where company_id = :c and purpose not in ('voicemail', 'recording')");
        var params = new java.util.HashMap<String, Object>();
        params.put("c", TenantContext.require().value());
        if (beforeCreatedAt != null) {
            sql.append(" and (created_at, id) < (:bt, :bi)");
            params.put("bt", Timestamp.from(beforeCreatedAt));
            params.put("bi", beforeId);
        }
        sql.append(" order by created_at desc, id desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new MediaFile(rs.getObject("id", UUID.class), rs.getString("purpose"), rs.getString("content_type"),
                        rs.getLong("size_bytes"), rs.getString("sha256"), (Long) rs.getObject("duration_ms"),
                        rs.getString("original_name"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** The places that play the prompt {@code id} (empty: none, it may be deleted). */
    @Transactional(readOnly = true)
    public java.util.List<MediaUse> usesOf(UUID id) {
        return PromptReferences.uses(jdbc, TenantContext.require(), id);
    }

    /**
     * Deletes an uploaded prompt that nothing plays, row and (once the delete has committed) bytes, with an Activity
     * entry. Refused while anything uses it, naming each place ({@link #usesOf}: a mailbox's greeting, a holiday's, a
     * menu's, a queue's hold music, a call playing it now), so that an admin tidying up cannot silence a greeting. A
     * caller's message or a call recording is refused too: it belongs to its message or call and goes with it.
     *
     * <p>The file's row is locked first: a save choosing this very file at this moment waits for the delete (its
     * foreign key check) and then fails on that key, and one that committed first is seen by the check.
     */
    @Transactional
    public void delete(Actor actor, UUID id) {
        Companies.requireConfigureOf(actor);
        var company = TenantContext.require();
        var purpose = jdbc.sql("select purpose from media_files where company_id = :c and id = :id for update")
                .param("c", company.value()).param("id", id).query(String.class).optional()
                .orElseThrow(() -> new NotFoundException("media file", id));
        if (purpose.equals("voicemail")) {
            throw new dev.switchboard.platform.ConflictException("id", "state", "this is a caller's voicemail message, not an"
                    + " uploaded audio file: it is deleted with its message (in the voicemail inbox, or by its mailbox's retention)");
        }
        if (purpose.equals("recording")) {
            throw new dev.switchboard.platform.ConflictException("id", "state", "this is a call recording, not an uploaded audio"
                    + " file: it is kept with its call in the call log");
        }
        var before = get(id);
        var uses = PromptReferences.uses(jdbc, company, id);
        if (!uses.isEmpty()) {
            throw new dev.switchboard.platform.ConflictException("id", "in_use", "the audio file is used by "
                    + String.join(", ", uses.stream().map(MediaUse::description).toList()) + "; change those first");
        }
        jdbc.sql("delete from media_files where company_id = :c and id = :id").param("c", company.value()).param("id", id).update();
        deleteBytesAfterCommit(company, id);
        audit.record(actor, "media", id, "delete", before, null);
    }

    /**
     * A prompt (a mailbox's greeting, a holiday's, a menu's, a queue's hold music) that the caller's change stopped
     * using: replaced by another, or its owner removed. Once that change has committed, the file is deleted if nothing
     * refers to it any more ({@link PromptReferences}: the same upload can be a greeting in several places, and a call
     * in progress may be about to play it); otherwise it is kept, and {@link PromptSweep} deletes it once nothing uses
     * it (the call has ended). So a change that rolls back never loses a file still in use, and an upload nobody uses
     * no longer stays in the media folder for ever.
     *
     * <p>Only prompts: a caller's message or a call recording is never deleted this way, whatever the id (they go with
     * their message or call, {@link #deleteStored}). The clean-up never fails the caller's save: it runs after the
     * commit, and whatever goes wrong in it is logged and leaves the file where it was.
     *
     * @param id the file no longer used by the caller's change; null (there was none) does nothing
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void released(UUID id) {
        if (id == null) {
            return;
        }
        var company = TenantContext.require();
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        deleteIfUnused(company, id);
                    }
                });
    }

    /** The clean-up of {@link #released}, in a transaction of its own; whatever fails is logged, never thrown. */
    private void deleteIfUnused(CompanyId company, UUID id) {
        deleteUnused(company, id, null);
    }

    /**
     * For {@link PromptSweep}: deletes the prompt {@code id} if nothing uses it and it was stored before {@code cutoff}
     * (a newer one may be an upload whose form is being saved). A file another node is sweeping, or a save is choosing
     * at this moment, is locked: it is skipped, never waited for nor deleted twice. Whatever fails is logged, never thrown.
     *
     * @return whether it was deleted (its row; its bytes too unless deleting them failed, which is logged)
     */
    boolean sweepIfUnused(CompanyId company, UUID id, Instant cutoff) {
        return deleteUnused(company, id, cutoff);
    }

    /**
     * Deletes a prompt nothing uses, row then bytes. With a {@code cutoff} (the sweep) only one stored before it, and a
     * locked row is skipped; without (just released by a change) the lock is waited for.
     */
    private boolean deleteUnused(CompanyId company, UUID id, Instant cutoff) {
        var log = org.slf4j.LoggerFactory.getLogger(Media.class);
        boolean deleted;
        try {
            deleted = Boolean.TRUE.equals(TenantContext.callAs(company, () -> afterwards.execute(status -> {
                // The row is locked first: a save choosing this very file at this moment waits for us (its foreign key
                // check), then fails on that key rather than pointing at a file deleted under it.
                var row = cutoff == null
                        ? jdbc.sql("select purpose from media_files where company_id = :c and id = :id for update")
                        : jdbc.sql("select purpose from media_files where company_id = :c and id = :id and created_at < :cutoff"
                                + " for update skip locked").param("cutoff", Timestamp.from(cutoff));
                var purpose = row.param("c", company.value()).param("id", id).query(String.class).optional();
                if (purpose.isEmpty() || purpose.get().equals("voicemail") || purpose.get().equals("recording")) {
                    return false;
                }
                var uses = PromptReferences.of(jdbc, company, id);
                if (!uses.isEmpty()) {
                    log.debug("Media file {} of company {} kept: still {}", id, company, String.join(", ", uses));
                    return false;
                }
                // A table referring to media files that PromptReferences does not know of still refuses this (its
                // foreign key): the clean-up then fails here, is logged and keeps the file.
                jdbc.sql("delete from media_files where company_id = :c and id = :id").param("c", company.value()).param("id", id).update();
                return true;
            })));
        } catch (RuntimeException e) {
            log.warn("Media file {} of company {} no longer used was kept: {}", id, company, e.toString());
            return false;
        }
        if (deleted) {
            var file = path(company, id);
            try {
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException e) {
                log.warn("Could not delete media file {} (no longer used; its row is gone): {}", file, e.toString());
            }
        }
        return deleted;
    }

    /** Where a file's bytes are kept (for tests that check a file is gone or still there). */
    Path fileOf(UUID id) {
        return path(TenantContext.require(), id);
    }

    private Path path(CompanyId company, UUID id) {
        return root.resolve(company.toString()).resolve(id.toString());
    }

    private String sign(CompanyId company, UUID id, long expires) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            var digest = mac.doFinal((company + "/" + id + "/" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] storedKey(Path root) {
        var file = root.resolve(".signing-key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            Files.createDirectories(root);
            var bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            var temp = Files.createTempFile(root, ".signing-key", ".part");
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(temp, Base64.getEncoder().encodeToString(bytes));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                Files.deleteIfExists(temp);
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the media signing key in " + root, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
