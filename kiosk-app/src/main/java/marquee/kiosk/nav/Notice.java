package marquee.kiosk.nav;

import java.util.List;

/** What the customer should read on the current screen: a bundle key and its arguments. */
public record Notice(String key, List<Object> args) {
    public static Notice of(String key, Object... args) {
        return new Notice(key, List.of(args));
    }
}
