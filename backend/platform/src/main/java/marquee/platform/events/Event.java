package marquee.platform.events;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.time.Instant;
import java.util.UUID;

/**
 * One domain event as relayed: its stable id (given when it was written to the outbox, the same on
 * every redelivery), its type ({@link EventTypes}), the key that orders it (booking, showtime or hall
 * id), the service that wrote it, when, and the protobuf payload from {@code marquee.events.v1}.
 */
public record Event(UUID id, String type, String key, String source, Instant occurredAt, byte[] payload) {

    /** The payload as its message, e.g. {@code event.as(ShowtimeCancelled.parser())}. */
    public <T extends Message> T as(Parser<T> parser) {
        try {
            return parser.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("event " + id + " of type " + type + " does not hold that message", e);
        }
    }
}
