/**
 * Voicemail: the company's general mailbox and each member's, with their greetings, notifications,
 * transcription, retention and maximum message length (messages and delivery come with the call engine).
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "platform", "tenancy", "directory", "media"})
package dev.switchboard.voicemail;
