/**
 * The Telnyx Call Control simulator: the REST subset the app uses, checked against Telnyx's OpenAPI,
 * call legs with their state, Ed25519-signed webhooks shaped like real deliveries, scripted callers and
 * phones, injected faults, all in virtual time.
 */
package dev.switchboard.simulator;
