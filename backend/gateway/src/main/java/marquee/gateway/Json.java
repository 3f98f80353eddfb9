package marquee.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Protobuf messages as JSON, by {@link JsonFormat} only: responses use lowerCamelCase names and
 * print every field (zero values included); requests accept lowerCamelCase or the proto names.
 * Unknown fields, wrong types and malformed JSON are refused (400).
 */
final class Json {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private Json() {}

    static String print(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Response could not be written as JSON", e);
        }
    }

    /** Merges JSON into {@code builder}; {@code strict} adds {@link StrictTypes} (bodies, not query strings). */
    static <B extends Message.Builder> B merge(String json, B builder, boolean strict) {
        try {
            PARSER.merge(json, builder);
            if (!strict) return builder;
            com.google.protobuf.Struct.Builder tree = com.google.protobuf.Struct.newBuilder();
            PARSER.merge(json, tree);
            StrictTypes.check(tree.build(), builder.getDescriptorForType(), "");
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw new HttpError(400, "INVALID_JSON", "The request is not valid: " + describe(e));
        } catch (HttpError e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new HttpError(400, "INVALID_JSON", "The request body is not valid JSON");
        }
    }

    /** The parser's reason without Java class names (they say nothing to an HTTP client). */
    private static String describe(InvalidProtocolBufferException e) {
        String message = String.valueOf(e.getMessage()).replaceAll("(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error):\\s*", "");
        if (message.isBlank() || message.contains("Exception") || message.contains("Error")) return "malformed JSON";
        return message;
    }

    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new HttpError(400, "INVALID_JSON", "The request body is not UTF-8");
        }
    }

    static String error(String code, String message) {
        return "{\"error\":" + quote(code) + ",\"message\":" + quote(message == null ? "" : message) + "}";
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
