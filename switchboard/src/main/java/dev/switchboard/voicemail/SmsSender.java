package dev.switchboard.voicemail;

/**
 * Sends a text message through the carrier. Implemented by the carrier module (Telnyx's messaging API,
 * or the simulator in demo mode); voicemail (new-message notifications) and calls (missed-call
 * text-backs) only know this port.
 */
public interface SmsSender {

    /**
     * Sends {@code text} from one of the company's numbers to {@code to} (both E.164).
     *
     * @param idempotencyKey the same for every try of one notification, for carriers that can use it
     */
    Result send(String from, String to, String text, String idempotencyKey);

    /**
     * As {@link #send} through {@code sender}, for an outbox that tries again later: no carrier configured
     * ({@code sender} null) or a sender that threw is a retryable failure, never an exception.
     */
    static Result attempt(SmsSender sender, String from, String to, String text, String idempotencyKey) {
        if (sender == null) {
            return new Result.Failed("no SMS carrier configured", true);
        }
        try {
            return sender.send(from, to, text, idempotencyKey);
        } catch (RuntimeException e) {
            var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Result.Failed(message.length() > 1000 ? message.substring(0, 1000) : message, true);
        }
    }

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
