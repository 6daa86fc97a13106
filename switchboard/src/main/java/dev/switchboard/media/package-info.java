/**
 * Uploaded audio: checked to really be WAV or MP3, kept in the media folder, and served to the carrier
 * only through signed URLs that expire.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy"})
package dev.switchboard.media;
