package marquee.users;

import java.util.Locale;
import marquee.platform.config.Config;
import marquee.platform.limits.ClientAddress;
import marquee.platform.limits.RateLimit;
import marquee.platform.limits.RateLimiter;

/**
 * Abuse limits on the doors of the users service: sign-in attempts (password, staff PIN, device
 * secret, a manager's PIN for an override) per client address and per account, and registrations
 * per client address. Per address stops spraying one PIN or password over many accounts; per
 * account stops many addresses guessing one account faster than the lockout counts. Checked
 * before the password hash is computed, so a flood costs the service almost nothing.
 */
final class SignInLimits {
    static final RateLimit SIGN_IN_PER_ADDRESS = RateLimit.of(30, java.time.Duration.ofMinutes(1));
    static final RateLimit SIGN_IN_PER_ACCOUNT = RateLimit.of(20, java.time.Duration.ofMinutes(1));
    static final RateLimit REGISTER_PER_ADDRESS = RateLimit.of(10, java.time.Duration.ofHours(1));

    private final ClientAddress clients;
    private final RateLimiter signInPerAddress;
    private final RateLimiter signInPerAccount;
    private final RateLimiter registerPerAddress;

    SignInLimits(ClientAddress clients, RateLimit signInPerAddress, RateLimit signInPerAccount, RateLimit registerPerAddress) {
        this.clients = clients;
        this.signInPerAddress = new RateLimiter("sign-in attempts from this address", signInPerAddress);
        this.signInPerAccount = new RateLimiter("sign-in attempts for this account", signInPerAccount);
        this.registerPerAddress = new RateLimiter("registrations from this address", registerPerAddress);
    }

    static SignInLimits fromConfig(Config config) {
        return new SignInLimits(ClientAddress.fromConfig(config),
                RateLimit.fromConfig(config, "marquee.limits.signin.per.address", SIGN_IN_PER_ADDRESS),
                RateLimit.fromConfig(config, "marquee.limits.signin.per.account", SIGN_IN_PER_ACCOUNT),
                RateLimit.fromConfig(config, "marquee.limits.register.per.address", REGISTER_PER_ADDRESS));
    }

    /** One sign-in attempt for {@code kind} ("email", "staff", "device") and the account key the caller typed. */
    void signIn(String kind, String accountKey) {
        String address = clients.current();
        if (!clients.exempt(address)) signInPerAddress.acquire(address);
        if (accountKey != null && !accountKey.isBlank()) {
            signInPerAccount.acquire(kind + ":" + accountKey.strip().toLowerCase(Locale.ROOT));
        }
    }

    void register() {
        String address = clients.current();
        if (!clients.exempt(address)) registerPerAddress.acquire(address);
    }
}
