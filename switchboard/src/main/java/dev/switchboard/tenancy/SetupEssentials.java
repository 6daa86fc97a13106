package dev.switchboard.tenancy;

/**
 * Whether the company has what it needs to take calls (implemented by the module that knows: routing). The home page
 * sends an owner who has not finished the setup wizard to it only while this is missing; once it is in place the wizard
 * is offered, not forced, since a company configured on the settings pages is not made to click through it.
 */
public interface SetupEssentials {

    /** True when the company has a business number, business hours and a routing rule. */
    boolean inPlace();
}
