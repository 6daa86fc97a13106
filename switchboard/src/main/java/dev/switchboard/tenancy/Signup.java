package dev.switchboard.tenancy;

import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.platform.TooManyRequestsException;
import dev.switchboard.shared.CompanyId;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** A new company signs itself up: the company and its owner, and nothing else (no demo data). */
@Service
public class Signup {

    private final JdbcClient jdbc;
    private final Users users;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SignupThrottle throttle;

    Signup(JdbcClient jdbc, Users users, AuditLog audit, TransactionTemplate tx, Clock clock, SignupThrottle throttle) {
        this.throttle = throttle;
        this.jdbc = jdbc;
        this.users = users;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** @param ownerName the owner's name as people read it; null (an API client not giving it) takes the email's local part */
    public record Request(String companyName, String timezone, String ownerEmail, String ownerPassword, String ownerName) {
    }

    public record Result(CompanyId companyId, UUID ownerId) {
    }

    /**
     * A sign-up from a client at {@code address} (the web page, the API): as {@link #signUp(Request)}, refused with
     * {@link TooManyRequestsException} when that address has signed up its share of companies lately.
     */
    public Result signUp(Request request, String address) {
        return signUp(request, java.util.Objects.requireNonNull(address, "address"), true);
    }

    /** Creates the company and its owner in one transaction, or changes nothing and names what is wrong. Not limited:
     * for the app's own sign-ups (the demo company); a client's go through {@link #signUp(Request, String)}. */
    public Result signUp(Request request) {
        return signUp(request, null, false);
    }

    private Result signUp(Request request, String address, boolean limited) {
        var problems = new ArrayList<FieldProblem>();
        var name = Companies.checkName(request.companyName(), problems);
        var zone = Companies.checkTimezone(request.timezone(), problems);
        var email = Users.checkEmail(request.ownerEmail(), problems);
        Users.checkPassword(request.ownerPassword(), problems);
        var ownerName = Users.checkDisplayName("owner_name", request.ownerName(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream().map(Signup::signupField).toList());
        }
        // The country its numbers are national in, and calls abroad are counted from: the timezone's (a plumber in
        // Europe/London forwards to 07700 900123, a UK mobile, not abroad); the US where it names none (UTC, an alias).
        var region = regionOf(zone);
        var company = CompanyId.random();
        var owner = UUID.randomUUID();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(status -> {
            if (limited) {
                throttle.take(address).ifPresent(until -> {
                    var wait = java.time.Duration.between(clock.instant(), until);
                    long minutes = Math.max(1, wait.toMinutes() + (wait.toSecondsPart() > 0 ? 1 : 0));
                    throw new TooManyRequestsException("too many sign-ups from your address; try again in " + minutes
                            + " minute" + (minutes == 1 ? "" : "s"), wait);
                });
            }
            var now = Timestamp.from(clock.instant());
            jdbc.sql("""
                            insert into companies (id, name, timezone, default_region, created_at, updated_at)
                            values (:id, :name, :tz, :region, :now, :now)""")
                    .param("id", company.value()).param("name", name).param("tz", zone.getId()).param("region", region)
                    .param("now", now)
                    .update();
            try {
                users.insert(company.value(), owner, email, request.ownerPassword(), Role.OWNER,
                        ownerName == null ? Users.defaultName(email) : ownerName, null, true);
            } catch (dev.switchboard.platform.ConflictException e) {
                throw new dev.switchboard.platform.ConflictException("owner_email", "a user with this email already exists");
            }
            var actor = new Actor(company, owner, email, Role.OWNER, null);
            audit.record(actor, "company", company, "signup", null,
                    java.util.Map.of("name", name, "timezone", zone.getId(), "default_region", region, "owner_email", email));
        }));
        return new Result(company, owner);
    }

    /** The country a company signing up in {@code zone} is in, as its default region: the zone's, else the US. */
    static String regionOf(java.time.ZoneId zone) {
        return Timezones.country(zone.getId())
                .filter(c -> com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(c))
                .orElse("US");
    }

    private static FieldProblem signupField(FieldProblem p) {
        return switch (p.field()) {
            case "name" -> new FieldProblem("company_name", p.rule(), p.message());
            case "email" -> new FieldProblem("owner_email", p.rule(), p.message());
            case "password" -> new FieldProblem("owner_password", p.rule(), p.message());
            default -> p;
        };
    }
}
