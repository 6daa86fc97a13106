package dev.switchboard.calls;

import dev.switchboard.directory.Customer;
import java.text.Normalizer;
import java.util.List;
import java.util.UUID;

/**
 * Who a member's phone says is calling. A call rings our members from the company's own number (the carrier lets a call
 * out show only a number the company has), so without more a desk phone would show the company's number for every call;
 * the dial's caller id name ({@code from_display_name}) says who it is instead: the customer's name when the number is a
 * customer's, else the name the carrier gave the caller (CNAM), else their number. For a call out, the person it calls.
 *
 * <p>Telnyx takes a display name of at most 128 characters of letters, digits, spaces and {@code -_~!.+}: accents are taken
 * off (José → Jose), other characters dropped (O'Brien & Sons → OBrien Sons).
 */
public final class CallerDisplay {

    /** The most characters the carrier takes. */
    static final int MAX = 128;

    private CallerDisplay() {
    }

    /**
     * The name to show for a call with {@code number} on the other end: {@code customerId}'s name among {@code known} (the
     * customers with the number), else the first one's, else {@code carrierName}, else the number. Null when none of them
     * leaves anything to show.
     */
    static String of(List<Customer> known, UUID customerId, String carrierName, String number) {
        var customer = known.stream().filter(c -> c.id().equals(customerId)).findFirst().or(() -> known.stream().findFirst());
        var named = customer.map(Customer::name).map(CallerDisplay::clean).orElse(null);
        if (named == null && carrierName != null && !carrierName.equals(number)) {
            named = clean(carrierName);
        }
        return named != null ? named : clean(number);
    }

    /** {@code text} as the carrier takes a display name, or null when nothing of it is left. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        var plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        var kept = plain.replaceAll("[^A-Za-z0-9 \\-_~!.+]", "").replaceAll("\\s+", " ").strip();
        if (kept.length() > MAX) {
            kept = kept.substring(0, MAX).strip();
        }
        return kept.isEmpty() ? null : kept;
    }
}
