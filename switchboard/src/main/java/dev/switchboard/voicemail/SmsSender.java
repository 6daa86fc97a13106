package dev.switchboard.voicemail;

/**
 * Sends a text message through the carrier. Implemented by the carrier module (Telnyx's messaging API,
 * or the simulator in demo mode); voicemail only knows this port.
 */
public interface SmsSender {

    /**
     * Sends {@code text} from one of the company's numbers to {@code to} (both E.164).
     *
     * @param idempotencyKey the same for every try of one notification, for carriers that can use it
     */
    Result send(String from, String to, String text, String idempotencyKey);

    /** What became of one send. */
    sealed interface Result {

        /** The carrier accepted the message. */
        record Sent(String carrierId) implements Result {
        }

        /**
         * The carrier did not take it. {@code retryable} when trying again later may work (carrier
         * down, timeout, rate limit); false when it never will (an invalid number).
         */
        record Failed(String error, boolean retryable) implements Result {
        }
    }
}
