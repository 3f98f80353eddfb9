package marquee.platform.db;

import java.util.regex.Pattern;

/** Where a service's database is: a JDBC URL and the credentials to use (user may be empty). */
public record DatabaseLocation(String jdbcUrl, String user, String password) {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    /** For logs: the URL without a password given in it ({@code ?user=x&password=y} is allowed). */
    @Override
    public String toString() {
        return redact(jdbcUrl) + (user == null || user.isEmpty() ? "" : " as " + user);
    }

    /** The URL with the value of any {@code password} parameter replaced by {@code ***}. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl == null ? null : PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
    }
}
