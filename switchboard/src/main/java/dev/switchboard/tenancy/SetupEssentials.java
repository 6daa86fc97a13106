package dev.switchboard.tenancy;

import java.util.List;

/**
 * Whether the company has what it needs to take calls (implemented by the module that knows: routing). The home page
 * sends an owner who has not finished the setup wizard to it only while this is missing; once it is in place the wizard
 * is offered, not forced, since a company configured on the settings pages is not made to click through it.
 */
public interface SetupEssentials {

    /** True when the company has a business number, business hours and a routing rule. */
    boolean inPlace();

    /**
     * What still stops calls being answered as the owner expects, in the owner's words, empty when nothing does: the
     * wizard's last step and the home page after "Finish setup" say it rather than "ready" and "live" (they said so with
     * no number, nobody to ring and no rule). Finishing stays allowed.
     */
    List<Missing> missing();

    /**
     * One thing missing: the wizard step that sets it ({@code phone}, {@code hours}, {@code extensions}, {@code rule}),
     * what it means for calls ("No business number: calls cannot reach you.") and the words of a link to that step.
     */
    record Missing(String step, String words, String fix) {
    }
}
