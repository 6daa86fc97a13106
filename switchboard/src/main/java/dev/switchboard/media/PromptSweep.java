package dev.switchboard.media;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes prompts (greetings, menu prompts, hold music) that nothing uses any more, row and bytes. A prompt replaced or
 * removed is deleted as its change commits ({@link Media#released}), but not one a call in progress was still playing
 * then, nor one whose clean-up a crash or a failure cut short: without this sweep those stayed for ever. Also an upload
 * never put to use. Only files stored before the grace period ({@code switchboard.media.sweep.grace}, a day by default):
 * a newer one may be an upload whose form is being saved, or that an API client is about to set as a greeting.
 *
 * <p>Never a caller's message or a call recording: those go with their message or call (retention). Runs on every node
 * ({@code MediaJobs}); each file is locked with {@code SKIP LOCKED} while it is checked and deleted, so two nodes
 * sweeping at once never handle the same one, and a save choosing a file at that moment is never undone.
 */
@Service
class PromptSweep {

    private static final Logger log = LoggerFactory.getLogger(PromptSweep.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final Media media;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration grace;

    PromptSweep(JdbcClient jdbc, Media media, TransactionTemplate tx, Clock clock,
            @Value("${switchboard.media.sweep.grace:P1D}") Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("switchboard.media.sweep.grace must not be negative (it is " + grace + ")");
        }
        this.jdbc = jdbc;
        this.media = media;
        this.tx = tx;
        this.clock = clock;
        this.grace = grace;
    }

    /** Sweeps every company's unused prompts stored before the grace period; returns how many were deleted. */
    int sweep() {
        var cutoff = clock.instant().minus(grace);
        var companies = tx.execute(s -> jdbc.sql("select media_companies_with_prompts_before(:cutoff)")
                .param("cutoff", Timestamp.from(cutoff)).query((rs, n) -> new CompanyId(rs.getObject(1, UUID.class))).list());
        int deleted = 0;
        for (var company : companies == null ? List.<CompanyId>of() : companies) {
            try {
                deleted += sweep(company, cutoff);
            } catch (RuntimeException e) {
                log.error("Sweeping the unused prompts of company {} failed", company, e);
            }
        }
        if (deleted > 0) {
            log.info("Deleted {} prompt files nothing used any more", deleted);
        }
        return deleted;
    }

    private int sweep(CompanyId company, Instant cutoff) {
        var unusedSince = "select m.id from media_files m where m.company_id = :c and m.purpose not in ('voicemail', 'recording')"
                + " and m.created_at < :cutoff and m.id > :after and " + PromptReferences.unusedBy("m") + " order by m.id limit :batch";
        int deleted = 0;
        var after = new UUID(0, 0); // pages by id: a file skipped (locked, or its delete failed) is not found again
        while (true) {
            var from = after;
            var unused = TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql(unusedSince)
                    .param("c", company.value()).param("cutoff", Timestamp.from(cutoff)).param("after", from)
                    .param("batch", BATCH).query(UUID.class).list()));
            if (unused == null || unused.isEmpty()) {
                return deleted;
            }
            for (var id : unused) {
                // Checked again under its lock: a save may have chosen it since, or another node deleted it.
                if (media.sweepIfUnused(company, id, cutoff)) {
                    deleted++;
                }
            }
            if (unused.size() < BATCH) {
                return deleted;
            }
            after = unused.getLast();
        }
    }
}
