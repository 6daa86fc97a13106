/**
 * The web app's shell: layout, navigation, login page, home page (with whether calls reach the team member now, as My
 * status says it, and what waits for the person: new voicemail, missed calls, counted by the voicemail inbox's and the
 * call log's own rules), error pages and static assets.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "directory", "calls", "voicemail"})
package dev.switchboard.web;
