/** The demo company ("Demo Plumbing") created in an empty database when the carrier is simulated. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "directory", "schedule", "routing", "queue", "voicemail"})
package dev.switchboard.demo;
