package marquee.gateway;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/**
 * JsonFormat turns any JSON scalar into a string field ({@code "email": 5} becomes "5") and accepts
 * {@code "true"} for a bool. The gateway is stricter: after JsonFormat has accepted a body, each
 * field of our own messages must hold the JSON type the proto JSON mapping prints for it
 * (strings for strings and enums names, numbers or numeric strings for numbers, true/false for
 * bools, objects for messages, arrays for repeated fields); null means "not set".
 */
final class StrictTypes {
    private StrictTypes() {}

    static void check(Struct object, Descriptor type, String path) {
        for (var entry : object.getFieldsMap().entrySet()) {
            FieldDescriptor field = find(type, entry.getKey());
            if (field == null) continue; // JsonFormat has already refused unknown names
            Value value = entry.getValue();
            if (value.hasNullValue()) continue;
            String where = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
            if (field.isRepeated()) {
                if (!value.hasListValue()) throw wrong(where, "an array");
                ListValue list = value.getListValue();
                for (int i = 0; i < list.getValuesCount(); i++) single(field, list.getValues(i), where + "[" + i + "]");
            } else {
                single(field, value, where);
            }
        }
    }

    private static void single(FieldDescriptor field, Value value, String where) {
        switch (field.getJavaType()) {
            case STRING -> {
                if (!value.hasStringValue()) throw wrong(where, "a string");
            }
            case BOOLEAN -> {
                if (!value.hasBoolValue()) throw wrong(where, "true or false");
            }
            case INT, LONG, FLOAT, DOUBLE -> {
                if (!value.hasNumberValue() && !value.hasStringValue()) throw wrong(where, "a number");
            }
            case ENUM -> {
                if (!value.hasStringValue() && !value.hasNumberValue()) throw wrong(where, "a name of " + field.getEnumType().getName());
            }
            case BYTE_STRING -> {
                if (!value.hasStringValue()) throw wrong(where, "a base64 string");
            }
            case MESSAGE -> {
                Descriptor type = field.getMessageType();
                if (!type.getFullName().startsWith("marquee.")) return; // well-known types have their own JSON forms
                if (!value.hasStructValue()) throw wrong(where, "an object");
                check(value.getStructValue(), type, where);
            }
        }
    }

    private static FieldDescriptor find(Descriptor type, String name) {
        for (FieldDescriptor field : type.getFields()) {
            if (field.getName().equals(name) || field.getJsonName().equals(name)) return field;
        }
        return null;
    }

    private static HttpError wrong(String where, String expected) {
        return new HttpError(400, "INVALID_JSON", "The request is not valid: " + where + " must be " + expected);
    }
}
