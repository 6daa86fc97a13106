/**
 * The web app's shell: layout, navigation, login page, home page (with what waits for the person: new voicemail, missed
 * calls, counted by the voicemail inbox's and the call log's own rules), error pages and static assets.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "calls", "voicemail"})
package dev.switchboard.web;
