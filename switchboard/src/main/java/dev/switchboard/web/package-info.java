/** The web app's shell: layout, navigation, login page, home page, error pages and static assets. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy"})
package dev.switchboard.web;
