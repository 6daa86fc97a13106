package dev.switchboard.simulator;

import java.time.Duration;
import java.util.List;

/** A scripted person on an incoming call: presses keys, talks, hangs up, and remembers what they heard. */
public final class Caller {

    private final TelnyxSimulator simulator;
    private final Leg leg;

    Caller(TelnyxSimulator simulator, Leg leg) {
        this.simulator = simulator;
        this.leg = leg;
    }

    public String callControlId() {
        return leg.callControlId;
    }

    public Leg leg() {
        return leg;
    }

    /** Presses keys now (into a running gather, or as lone DTMF). */
    public void press(String digits) {
        synchronized (simulator) {
            simulator.press(leg, digits);
        }
        simulator.flush();
    }

    /**
     * Presses {@code digits} when asked, as a person does: once the next gather's prompt has been heard
     * (at once if a gather already waits for keys and its prompt is over). Keys pressed with
     * {@link #press(String)} while nothing gathers are lone DTMF the app never collects; these wait for
     * the question. Each call answers one gather, in order: {@code pressWhenPrompted("1")} then
     * {@code pressWhenPrompted("4321#")} answer the menu, then the PIN prompt. A gather that ends before
     * its prompt does leaves the answer for the next one.
     */
    public void pressWhenPrompted(String digits) {
        synchronized (simulator) {
            simulator.pressWhenPrompted(leg, digits);
        }
        simulator.flush();
    }

    /** Hangs up now. */
    public void hangUp() {
        synchronized (simulator) {
            simulator.hangUpAsCaller(leg);
        }
        simulator.flush();
    }

    /** Talks (leaves a message) for {@code duration} of virtual time, then hangs up. */
    public void talkThenHangUp(Duration duration) {
        simulator.advance(duration);
        hangUp();
    }

    /**
     * Leaves a message: says {@code transcript} for {@code duration} of virtual time, then hangs up. A
     * recording started with transcription has {@code transcript} as its transcription text.
     */
    public void leaveMessage(Duration duration, String transcript) {
        synchronized (simulator) {
            leg.saying = transcript;
        }
        talkThenHangUp(duration);
    }

    /**
     * Says {@code transcript} from now on, without waiting: a recording of this caller started with transcription (a
     * voicemail message) has it as its transcription text (empty: a silent message). Unlike
     * {@link #leaveMessage(Duration, String)}, time does not move, so a scenario's other events go on meanwhile.
     */
    public void say(String transcript) {
        synchronized (simulator) {
            leg.saying = transcript;
        }
    }

    /** Hangs up after {@code delay} of the simulator's time, without waiting for it. */
    public void hangUpAfter(Duration delay) {
        simulator.after(delay, () -> simulator.hangUpAsCaller(leg));
    }

    public List<String> heard() {
        synchronized (simulator) {
            return leg.heard();
        }
    }

    public Leg.State state() {
        synchronized (simulator) {
            return leg.state;
        }
    }
}
