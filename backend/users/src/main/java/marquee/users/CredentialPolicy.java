package marquee.users;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import marquee.platform.errors.InvalidArgumentException;

/** What counts as a usable e-mail, password, staff login and PIN. Pure functions. */
public final class CredentialPolicy {
    // Deliberately simple: local@domain.tld with no spaces; deliverability is the mail server's job.
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$");
    private static final Pattern STAFF_LOGIN = Pattern.compile("^[A-Za-z0-9_-]{3,32}$");
    private static final Pattern PIN = Pattern.compile("^[0-9]{4,8}$");
    /** BCrypt reads at most 72 bytes; refuse longer rather than silently ignoring the rest. */
    static final int MAX_PASSWORD_BYTES = 72;

    private CredentialPolicy() {}

    public static String email(String raw) {
        String email = raw == null ? "" : raw.strip();
        if (email.isEmpty()) throw new InvalidArgumentException("email is required");
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new InvalidArgumentException("email is not a valid e-mail address");
        }
        return email.toLowerCase(Locale.ROOT);
    }

    public static String password(String password) {
        if (password == null || password.isEmpty()) throw new InvalidArgumentException("password is required");
        if (password.length() < 10) throw new InvalidArgumentException("password must have at least 10 characters");
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidArgumentException("password must be at most " + MAX_PASSWORD_BYTES + " bytes long");
        }
        if (password.chars().noneMatch(Character::isLetter) || password.chars().noneMatch(Character::isDigit)) {
            throw new InvalidArgumentException("password must contain at least one letter and one digit");
        }
        if (password.isBlank() || !password.equals(password.strip())) {
            throw new InvalidArgumentException("password must not start or end with spaces");
        }
        return password;
    }

    public static String staffLogin(String raw) {
        String login = raw == null ? "" : raw.strip();
        if (!STAFF_LOGIN.matcher(login).matches()) {
            throw new InvalidArgumentException("staff_login must be 3–32 letters, digits, '-' or '_'");
        }
        return login;
    }

    public static String pin(String pin) {
        if (pin == null || !PIN.matcher(pin).matches()) throw new InvalidArgumentException("pin must be 4–8 digits");
        return pin;
    }

    public static String deviceId(String raw) {
        String id = raw == null ? "" : raw.strip();
        if (!Pattern.matches("^[A-Za-z0-9._-]{3,64}$", id)) {
            throw new InvalidArgumentException("device_id must be 3–64 letters, digits, '.', '-' or '_'");
        }
        return id;
    }
}
