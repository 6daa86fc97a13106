/**
 * The Telnyx carrier adapter: the signed webhook endpoint, its inbox, and the translation of Telnyx
 * events into {@link dev.switchboard.calls.CallSignal}s; and text messages for voicemail's
 * {@link dev.switchboard.voicemail.SmsSender}. The only module that knows Telnyx's types.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "directory", "calls", "voicemail", "schedule"})
package dev.switchboard.carrier;
