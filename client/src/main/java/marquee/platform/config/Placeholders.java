package marquee.platform.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses the values the deployment files ship as placeholders ({@code REPLACE-WITH-…},
 * {@code changeme}), so an installation cannot start with a secret anyone can read in the repository.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)^(replace[-_ ]?with.*|changeme|change[-_]me|placeholder|secret|password)$");

    private Placeholders() {}

    public static boolean isPlaceholder(String value) {
        return value != null && PLACEHOLDER.matcher(value.strip()).matches();
    }

    /** Throws when {@code value} of {@code where} (a setting or file) is a placeholder. */
    public static void refuse(String where, String value) {
        if (isPlaceholder(value)) {
            throw new IllegalStateException(where + " still holds the placeholder \"" + abbreviate(value) + "\"; generate a real"
                    + " value (scripts/make-secrets.sh, or the commands in deploy/kubernetes/secret.yaml) before starting");
        }
    }

    private static String abbreviate(String value) {
        String v = value.strip();
        return (v.length() > 24 ? v.substring(0, 24) + "…" : v).toLowerCase(Locale.ROOT).startsWith("replace")
                ? (v.length() > 24 ? v.substring(0, 24) + "…" : v) : "***";
    }
}
