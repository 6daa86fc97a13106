/**
 * The Telnyx carrier adapter: the signed webhook endpoint, its inbox, and the translation of Telnyx
 * events into {@link dev.switchboard.calls.CallSignal}s. The only module that knows Telnyx's types.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "calls"})
package dev.switchboard.carrier;
