/**
 * Calls: the signals a carrier reports about call legs (this package's {@link dev.switchboard.calls.CallSignal}),
 * and, with the call engine, the live call state machine, the journey log and the call logs.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "platform", "tenancy", "directory", "schedule", "routing", "voicemail", "media", "queue"})
package dev.switchboard.calls;
