package dev.switchboard.calls;

import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Companies;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * A click-to-call as a person asks for one (the API's {@code POST /api/v1/calls}, a page's "Call back"): the number as
 * typed, read in the company's region, called from the member's direct line, or the company's first business number when
 * they have none; refused with what is wrong, nothing placed.
 */
@Service
public class ClickToCalls {

    private final CallEngine engine;
    private final Companies companies;
    private final dev.switchboard.directory.Members members;

    ClickToCalls(CallEngine engine, Companies companies, dev.switchboard.directory.Members members) {
        this.engine = engine;
        this.companies = companies;
        this.members = members;
    }

    /**
     * {@code number} as a person typed it (read in the company's region) in E.164, else refused naming {@code number}: not a
     * phone number, or none, or a premium-rate number (the call would be billed to the company at its owner's price, as a
     * routing target's or a forwarding number's would). The number a click-to-call dials, or a transfer's.
     */
    public String e164(String number) {
        return e164(number, true);
    }

    /** As {@link #e164(String)}, for the number a click-to-call dials. */
    public String clickToCallNumber(String number) {
        return e164(number, false);
    }

    /**
     * As {@link #e164(String)}; {@code transfer}: the number is a transfer's, which a member's direct line is refused for
     * with "choose them as the member instead". A click-to-call's member is whose phone places the call: that advice, on a
     * call to a colleague's line, would have placed the call from the colleague's phone.
     */
    private String e164(String number, boolean transfer) {
        var company = companies.current(); // read once: each read is a query of the company and one of its numbers
        PhoneNumber parsed;
        try {
            parsed = PhoneNumber.parse(number, company.defaultRegion());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("number", "e164", e.getMessage());
        }
        // Premium-rate, one of the company's own numbers (it would come back in as a new call, billed both ways, ringing
        // whoever its routing says), or abroad while calls abroad are off (toll fraud's way); each found by a walk.
        var refusal = company.dialRefusal(parsed);
        if (refusal != null) {
            throw new InvalidInputException("number", refusal.rule(), refusal.message());
        }
        // A member's direct line got round their status (a transfer to Tom, away, refused; to Tom's number, "answered" by
        // nobody's phone).
        var owner = members.directLine(parsed);
        if (owner.isPresent()) {
            throw new InvalidInputException("number", "own", "is " + owner.get().name() + "'s direct line, one of the company's own "
                    + "numbers: " + (transfer ? "choose " + owner.get().name() + " as the member instead"
                            : "a call to it would come back in as a new call to them, billed both ways"));
        }
        return parsed.e164();
    }

    /**
     * Rings {@code memberId}'s phones, then dials {@code number} once they answer (see {@link CallEngine#clickToCall}); an
     * extension typed after it ({@code x12}) is dialled as tones once the number answers. {@code ownCall}: the member asks
     * for it themselves (their status does not stop it); else the member must be Available.
     * Whether the asker may place calls from that member is the caller's to check.
     *
     * @return the new call's id
     * @throws InvalidInputException naming {@code number}: not a phone number, or the company has none to call from
     * @throws ConflictException naming {@code member_id}: the member has no phone or cannot make a call now
     */
    public UUID place(UUID memberId, String number, boolean ownCall) {
        var company = companies.current();
        var e164 = e164(number, false);
        if (company.businessNumbers().isEmpty()) {
            throw new InvalidInputException("number", "caller-id", "the company has no business number to call from");
        }
        // An extension typed after the number ("x12") is dialled as tones once the number answers (see CallEngine.putThrough).
        var extension = PhoneNumber.extensionOf(number, company.defaultRegion());
        // From the member's own direct line when they have one, so that whoever they called calls them back, not the main
        // line (as RingCentral and Dialpad show a user's direct number); else from the company's first number.
        var line = members.find(memberId).map(dev.switchboard.directory.TeamMember::directInwardDial).orElse(null);
        var from = line != null ? line.e164() : company.businessNumbers().getFirst().e164();
        try {
            return engine.clickToCall(memberId, e164, from, extension, ownCall,
                    dev.switchboard.tenancy.Actor.current().orElse(null));
        } catch (CallEngine.Refused e) {
            throw new ConflictException(e.field(), e.rule(), e.getMessage());
        }
    }
}
