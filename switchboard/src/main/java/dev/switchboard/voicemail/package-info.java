/**
 * Voicemail: the company's general mailbox and each member's (greetings, transcription, retention,
 * maximum length), the messages callers leave, their email and SMS notifications (an outbox sent by a
 * worker, SMS through the {@link dev.switchboard.voicemail.SmsSender} port), PIN checks for phone access,
 * and retention.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "platform", "tenancy", "directory", "media"})
package dev.switchboard.voicemail;
