package dev.switchboard.tenancy;

import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.shared.PhoneNumber;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads and changes the current company's settings. Other modules use it for the timezone and region. */
@Service
public class Companies {

    /** Why a business number another company has cannot be this one's, said plainly. */
    private static final String ANOTHER_ACCOUNT = " is already in use: it belongs to another account";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final List<NumberUses> uses;

    Companies(JdbcClient jdbc, AuditLog audit, Clock clock, List<NumberUses> uses) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.uses = uses;
    }

    /**
     * The new settings of a company; every field is checked and a bad one is refused. A null default region or
     * list of business numbers leaves it as it is.
     */
    // The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"id", "setup_completed", "created_at"})
    public record Settings(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String timezone, String defaultRegion,
            List<String> businessNumbers,
            @Schema(description = "Whether calls to numbers in other countries may be made (click-to-call, transfers, forwarding, "
                    + "routing targets); left out, unchanged. Off for a new company") Boolean internationalCalls) {

        /** The settings with calls abroad left as they are. */
        public Settings(String name, String timezone, String defaultRegion, List<String> businessNumbers) {
            this(name, timezone, defaultRegion, businessNumbers, null);
        }
    }

    @Transactional(readOnly = true)
    public Company current() {
        var id = TenantContext.require();
        var company = jdbc.sql("""
                        select id, name, timezone, default_region, setup_completed, created_at, updated_at, international_calls
                        from companies where id = :id""")
                .param("id", id.value())
                .query((rs, n) -> new Company(new CompanyId(rs.getObject("id", UUID.class)), rs.getString("name"),
                        ZoneId.of(rs.getString("timezone")), rs.getString("default_region"), List.of(),
                        rs.getBoolean("setup_completed"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant(), rs.getBoolean("international_calls")))
                .optional()
                .orElseThrow(() -> new NotFoundException("company", id));
        var numbers = jdbc.sql("select number from company_numbers where company_id = :id order by position, number")
                .param("id", id.value())
                .query((rs, n) -> new PhoneNumber(rs.getString(1)))
                .list();
        return new Company(company.id(), company.name(), company.timezone(), company.defaultRegion(), numbers,
                company.setupCompleted(), company.createdAt(), company.updatedAt(), company.internationalCalls());
    }

    /**
     * The company's country once {@code timezone} is saved by a form that offers the timezone but not the country (the
     * wizard's first step, the Hours tab). Sign-up set the country from the timezone chosen there (America/Chicago unless
     * changed, so the US); an owner who chooses their timezone afterwards (Europe/London) moves the country with it, as
     * sign-up would have: kept a US company, their London number typed as dialled was refused with a US example, and every
     * UK mobile of the team was a call abroad. A country chosen otherwise (not the old timezone's) is kept, as is the
     * country when the timezone is no timezone (the save refuses it).
     */
    public static String countryAfter(Company company, String timezone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone == null ? "" : timezone.strip());
        } catch (java.time.DateTimeException e) {
            return company.defaultRegion();
        }
        if (zone.getId().equals(company.timezone().getId()) || !Signup.regionOf(company.timezone()).equals(company.defaultRegion())) {
            return company.defaultRegion();
        }
        return Signup.regionOf(zone);
    }

    /** What a form says when {@link #countryAfter} moved the company's country. */
    public static String countryMoved(String country) {
        return "Your country is now " + DisplayFormats.countryName(country) + ", the timezone's: numbers typed without + are read"
                + " as its numbers, and a number in another country is a call abroad (change it on Phone settings, General).";
    }

    /**
     * Why {@code e164} could not be added as a business number ("is where Kim's calls are forwarded: ..."), as {@link #update}
     * would refuse it; empty when it could. A form offering to keep a number says so before it is tried.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<String> businessNumberRefusal(String e164) {
        return uses.stream().map(u -> u.businessNumberConflict(e164)).flatMap(java.util.Optional::stream).findFirst();
    }

    @Transactional
    public Company update(Actor actor, Settings settings) {
        requireConfigure(actor);
        // Before the company's row: a number's removal is checked under the routing lock, and routing changes made in the
        // same transaction (the General tab saves the phone settings next) take it too; the row first would deadlock.
        uses.forEach(NumberUses::lockUses);
        var before = current();
        var problems = new ArrayList<FieldProblem>();
        var name = checkName(settings.name(), problems);
        var zone = checkTimezone(settings.timezone(), problems);
        var region = checkRegion(settings.defaultRegion() == null ? before.defaultRegion() : settings.defaultRegion(), problems);
        var numbers = new LinkedHashSet<PhoneNumber>();
        var typedAt = new java.util.HashMap<PhoneNumber, Integer>();
        // Left out, the numbers stay as they are (as the default region does); an empty list removes them all.
        var raw = settings.businessNumbers() == null
                ? before.businessNumbers().stream().map(PhoneNumber::e164).toList() : settings.businessNumbers();
        for (int i = 0; i < raw.size(); i++) {
            try {
                var number = PhoneNumber.parse(raw.get(i), region == null ? "US" : region);
                if (numbers.add(number)) {
                    typedAt.put(number, i);
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("business_numbers[" + i + "]", "e164", e.getMessage()));
            }
        }
        for (var number : numbers) {
            var at = "business_numbers[" + typedAt.get(number) + "]";
            if (!before.businessNumbers().contains(number)) {
                businessNumberRefusal(number.e164())
                        .ifPresent(why -> problems.add(new FieldProblem(at, "loop", number.e164() + " " + why)));
            }
        }
        if (problems.isEmpty()) {
            for (var number : before.businessNumbers()) {
                if (!numbers.contains(number)) {
                    uses.stream().map(u -> u.businessNumberRemovalConflict(number.e164())).flatMap(java.util.Optional::stream).findFirst()
                            .ifPresent(why -> problems.add(new FieldProblem("business_numbers", "in-use",
                                    "cannot remove " + number.e164() + ": " + why)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        lockNumbers(numbers.stream().filter(n -> !before.businessNumbers().contains(n)).map(PhoneNumber::e164).toList());
        for (var number : numbers) {
            var owner = jdbc.sql("select phone_number_owner(:n)").param("n", number.e164()).query(UUID.class).optional();
            boolean ownMemberDid = owner.isPresent() && owner.get().equals(before.id().value())
                    && !before.businessNumbers().contains(number);
            if (owner.isPresent() && (!owner.get().equals(before.id().value()) || ownMemberDid)) {
                // Another company's number is said as such, not only "in use" (whose it is is not this company's to know).
                throw new ConflictException("business_numbers", number + (ownMemberDid
                        ? " is already in use as a team member's direct number" : ANOTHER_ACCOUNT));
            }
        }
        jdbc.sql("""
                        update companies set name = :name, timezone = :tz, default_region = :region,
                          international_calls = coalesce(cast(:abroad as boolean), international_calls), updated_at = :now
                        where id = :id""")
                .param("name", name).param("tz", zone.getId()).param("region", region).param("abroad", settings.internationalCalls())
                .param("now", Timestamp.from(clock.instant())).param("id", before.id().value())
                .update();
        jdbc.sql("delete from company_numbers where company_id = :id").param("id", before.id().value()).update();
        int position = 0;
        for (var number : numbers) {
            try {
                jdbc.sql("insert into company_numbers (company_id, number, position) values (:id, :n, :p)")
                        .param("id", before.id().value()).param("n", number.e164()).param("p", position++).update();
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // Another company took it after the check above (both saving at once): refused as the check refuses it,
                // naming the field, not as a conflict of unknown data.
                throw new ConflictException("business_numbers", number + ANOTHER_ACCOUNT);
            }
        }
        var after = current();
        audit.record(actor, "company", after.id(), "update", before, after);
        return after;
    }

    /**
     * Takes, for the rest of the transaction, the lock of each of {@code e164s}, under which a number is checked and
     * taken as a business number or a member's direct number, in any company ({@code phone_number_owner}): two tables
     * with no constraint across them, so two saves at once (one company adding a business number, a member given it as
     * their direct number) both passed the check, and calls to the number had two owners. Taken in order, so two saves
     * of several numbers wait for each other, never deadlock.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void lockNumbers(java.util.Collection<String> e164s) {
        for (var e164 : new java.util.TreeSet<>(e164s)) {
            dev.switchboard.platform.TransactionLocks.hold(jdbc, "number:" + e164);
        }
    }

    /** Marks the setup wizard done (or not) for the company. */
    @Transactional
    public void setSetupCompleted(Actor actor, boolean completed) {
        requireConfigure(actor);
        jdbc.sql("update companies set setup_completed = :c where id = :id")
                .param("c", completed).param("id", TenantContext.require().value()).update();
        audit.record(actor, "company", TenantContext.require(), completed ? "setup-completed" : "setup-reopened", null, null);
    }

    /** Refuses (403) an actor who may not change settings. For other modules' services. */
    public static void requireConfigureOf(Actor actor) {
        requireConfigure(actor);
    }

    static void requireConfigure(Actor actor) {
        if (!actor.canConfigure()) {
            throw new dev.switchboard.platform.ForbiddenException("only an owner or admin can change settings");
        }
    }

    static String checkName(String name, List<FieldProblem> problems) {
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "required", "must not be blank"));
            return null;
        }
        if (name.strip().length() > 200) {
            problems.add(new FieldProblem("name", "length", "must be at most 200 characters"));
        }
        return name.strip();
    }

    static ZoneId checkTimezone(String timezone, List<FieldProblem> problems) {
        if (timezone == null || timezone.isBlank()) {
            problems.add(new FieldProblem("timezone", "required", "must be an IANA timezone such as America/Chicago"));
            return null;
        }
        try {
            if (!ZoneId.getAvailableZoneIds().contains(timezone)) {
                throw new DateTimeException(timezone);
            }
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            problems.add(new FieldProblem("timezone", "timezone", "'" + timezone + "' is not an IANA timezone such as America/Chicago"));
            return null;
        }
    }

    static String checkRegion(String region, List<FieldProblem> problems) {
        if (region == null || !region.matches("[A-Za-z]{2}")
                || !com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(region.toUpperCase(Locale.ROOT))) {
            problems.add(new FieldProblem("default_region", "region", "'" + region + "' is not a two-letter country code such as US"));
            return null;
        }
        return region.toUpperCase(Locale.ROOT);
    }
}
