package marquee.users;

import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import marquee.platform.auth.Principal;
import marquee.platform.db.ServiceDatabase;
import marquee.platform.errors.AlreadyExistsException;
import marquee.platform.errors.Check;
import marquee.platform.errors.FailedPreconditionException;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.NotFoundException;
import marquee.platform.errors.PermissionDeniedException;
import marquee.platform.errors.ResourceExhaustedException;
import marquee.platform.errors.UnauthenticatedException;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Registration, sign-in with throttling, and who may read which account. */
public final class Accounts {
    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final ServiceDatabase database;
    private final BCryptPasswordEncoder hasher;
    private final LoginThrottle throttle;
    private final TokenIssuer issuer;
    private final Clock clock;
    /** Compared against when the account does not exist, so a wrong e-mail takes as long as a wrong password. */
    private final String dummyHash;

    Accounts(ServiceDatabase database, int bcryptStrength, LoginThrottle throttle, TokenIssuer issuer, Clock clock) {
        this.database = database;
        this.hasher = new BCryptPasswordEncoder(bcryptStrength);
        this.throttle = throttle;
        this.issuer = issuer;
        this.clock = clock;
        this.dummyHash = hasher.encode("not-a-real-password-0");
    }

    public Account register(String rawEmail, String password, String rawName) {
        String email = CredentialPolicy.email(rawEmail);
        CredentialPolicy.password(password);
        String name = Check.text("display_name", rawName, 1, 100);
        String hash = hasher.encode(password);
        Account account = new Account(UUID.randomUUID(), email, hash, name, Role.CUSTOMER, null, clock.instant());
        return insert(account);
    }

    public record NewAccount(String email, String password, String displayName, Role role, String cinemaId,
                             String staffLogin, String pin, String deviceId) {}

    public Account create(Principal creator, NewAccount request) {
        if (!creator.is(Role.MANAGER)) throw new PermissionDeniedException("Only a manager can create accounts");
        Role role = request.role();
        if (role == null || role == Role.ROLE_UNSPECIFIED || role == Role.UNRECOGNIZED) {
            throw new InvalidArgumentException("role must be CUSTOMER, CASHIER, MANAGER, KIOSK or DOOR");
        }
        String email = CredentialPolicy.email(request.email());
        CredentialPolicy.password(request.password());
        String name = Check.text("display_name", request.displayName(), 1, 100);
        UUID cinema = null;
        if (role != Role.CUSTOMER) {
            if (request.cinemaId() == null || request.cinemaId().isBlank()) {
                if (role != Role.MANAGER) throw new InvalidArgumentException("cinema_id is required for " + role + " accounts");
            } else {
                cinema = Check.uuid("cinema_id", request.cinemaId());
            }
        }
        // A manager of one cinema may only staff that cinema.
        if (creator.cinema().isPresent() && (cinema == null || !cinema.toString().equals(creator.cinemaId()))) {
            throw new PermissionDeniedException("You can only create accounts for your own cinema");
        }
        Account account = new Account(UUID.randomUUID(), email, hasher.encode(request.password()), name, role, cinema, clock.instant());
        boolean hasStaffLogin = request.staffLogin() != null && !request.staffLogin().isBlank();
        if (hasStaffLogin) {
            if (role != Role.CASHIER && role != Role.MANAGER && role != Role.DOOR) {
                throw new InvalidArgumentException("staff_login is only for CASHIER, MANAGER and DOOR accounts");
            }
            account.staffCredentials(CredentialPolicy.staffLogin(request.staffLogin()), hasher.encode(CredentialPolicy.pin(request.pin())));
        } else if (request.pin() != null && !request.pin().isEmpty()) {
            throw new InvalidArgumentException("pin needs a staff_login");
        }
        if (role == Role.KIOSK) {
            account.device(CredentialPolicy.deviceId(request.deviceId()));
        } else if (request.deviceId() != null && !request.deviceId().isBlank()) {
            throw new InvalidArgumentException("device_id is only for KIOSK accounts");
        }
        return insert(account);
    }

    private Account insert(Account account) {
        try {
            database.run(session -> session.persist(account));
            log.info("Created {} account {}", account.role(), account.id());
            return account;
        } catch (org.hibernate.exception.ConstraintViolationException e) {
            String constraint = String.valueOf(e.getConstraintName());
            if (constraint.contains("staff_login")) throw new AlreadyExistsException("That staff login is already taken");
            if (constraint.contains("device")) throw new AlreadyExistsException("That device id is already registered");
            throw new AlreadyExistsException("An account with that e-mail already exists");
        }
    }

    public record SignIn(Account account, TokenIssuer.Issued token) {
        /** A failed attempt is returned (so its counter commits) and only then reported. */
        SignIn orFail(String message) {
            if (token == null) throw new UnauthenticatedException(message);
            return this;
        }
    }

    public SignIn login(String rawEmail, String password) {
        if (rawEmail == null || rawEmail.isBlank()) throw new InvalidArgumentException("email is required");
        if (password == null || password.isEmpty()) throw new InvalidArgumentException("password is required");
        String email = rawEmail.strip().toLowerCase(java.util.Locale.ROOT);
        return signIn("lower(email) = :key", email, account -> account.passwordHash(), password,
                "Wrong e-mail or password");
    }

    public SignIn staffLogin(String login, String pin) {
        if (login == null || login.isBlank()) throw new InvalidArgumentException("staff_login is required");
        if (pin == null || pin.isEmpty()) throw new InvalidArgumentException("pin is required");
        return signIn("lower(staffLogin) = :key", login.strip().toLowerCase(java.util.Locale.ROOT),
                Account::pinHash, pin, "Wrong staff login or PIN");
    }

    public SignIn deviceLogin(String deviceId, String secret) {
        if (deviceId == null || deviceId.isBlank()) throw new InvalidArgumentException("device_id is required");
        if (secret == null || secret.isEmpty()) throw new InvalidArgumentException("device_secret is required");
        return signIn("deviceId = :key and role = marquee.users.v1.Role.KIOSK", deviceId.strip(),
                Account::passwordHash, secret, "Unknown device or wrong device secret");
    }

    /**
     * A manager at the caller's desk approves one action with their staff login and PIN. The PIN
     * is checked exactly like StaffLogin (same row lock, failure counter and lockout); the result
     * is an approval token for that action and subject, given to the caller, not an access token.
     */
    public SignIn approveOverride(Principal caller, String login, String pin, marquee.users.v1.OverrideAction action,
                                  String rawSubject) {
        if (login == null || login.isBlank()) throw new InvalidArgumentException("manager_staff_login is required");
        if (pin == null || pin.isEmpty()) throw new InvalidArgumentException("pin is required");
        if (action == null || action == marquee.users.v1.OverrideAction.OVERRIDE_ACTION_UNSPECIFIED
                || action == marquee.users.v1.OverrideAction.UNRECOGNIZED) {
            throw new InvalidArgumentException("action must be REFUND, VOID or REPRINT");
        }
        String subject = Check.text("subject", rawSubject, 1, 100).strip();
        String canonical = action == marquee.users.v1.OverrideAction.REPRINT ? subject.toUpperCase(java.util.Locale.ROOT) : subject;
        SignIn approved = signIn("lower(staffLogin) = :key", login.strip().toLowerCase(java.util.Locale.ROOT),
                Account::pinHash, pin, "Wrong staff login or PIN", manager -> {
                    if (manager.role() != Role.MANAGER) {
                        throw new PermissionDeniedException("Only a manager can approve this; " + manager.displayName()
                                + " is a " + manager.role());
                    }
                    if (manager.cinemaId() != null && !manager.cinemaId().toString().equals(caller.cinemaId())) {
                        throw new PermissionDeniedException("The approving manager belongs to another cinema");
                    }
                    return issuer.issueApproval(manager, action.name(), canonical, caller.userId());
                });
        log.info("Manager {} approved {} of {} for {}", approved.account().id(), action, canonical, caller.userId());
        return approved;
    }

    /** Key 1 of the two-key advisory lock of one account's sign-in check: "sgin". */
    static final int SIGN_IN_LOCK = 0x7367696e;

    private SignIn signIn(String where, String key, java.util.function.Function<Account, String> hashOf,
                          String secret, String failure) {
        return signIn(where, key, hashOf, secret, failure, issuer::issue);
    }

    private SignIn signIn(String where, String key, java.util.function.Function<Account, String> hashOf,
                          String secret, String failure, java.util.function.Function<Account, TokenIssuer.Issued> onSuccess) {
        // The check and the failure counter update happen under the account's lock, so parallel
        // guesses against one account all count, on any instance. An advisory lock, not a row lock:
        // a row lock gives the transaction an id for the whole BCrypt check, and an open transaction
        // with an id holds back every seat map and ticket feed on the server (V10 watermarks).
        return database.inTransaction(session -> {
            Optional<Account> found = session.createSelectionQuery("from Account where " + where, Account.class)
                    .setParameter("key", key)
                    .uniqueResultOptional();
            if (found.isEmpty()) {
                hasher.matches(secret, dummyHash);
                throw new UnauthenticatedException(failure);
            }
            Account account = found.get();
            session.doWork(c -> {
                try (java.sql.PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                    lock.setInt(1, SIGN_IN_LOCK);
                    lock.setString(2, account.id().toString());
                    lock.execute();
                }
            });
            session.refresh(account); // what the sign-in before this one committed
            Instant now = clock.instant();
            if (account.lockedUntil() != null && account.lockedUntil().isAfter(now)) {
                long seconds = Math.max(1, Duration.between(now, account.lockedUntil()).toSeconds());
                throw new ResourceExhaustedException("Too many failed sign-ins; try again in " + seconds + " seconds",
                        Duration.ofSeconds(seconds));
            }
            String hash = hashOf.apply(account);
            if (hash == null || !hasher.matches(secret, hash)) {
                int failures = account.failedLogins() + 1;
                account.recordFailure(failures, throttle.lockedUntil(failures, now));
                session.flush();
                log.info("Failed sign-in for account {} ({} in a row)", account.id(), failures);
                // Commit the counter, then tell the caller; the exception must not roll it back.
                return new SignIn(account, null);
            }
            if (account.disabled()) {
                // Only after the right secret: a wrong guess must not learn that the account exists.
                log.info("Refused a sign-in of disabled account {}", account.id());
                throw new UnauthenticatedException("This account is disabled; ask a manager");
            }
            TokenIssuer.Issued issued = onSuccess.apply(account);
            account.recordSuccess();
            return new SignIn(account, issued);
        }).orFail(failure);
    }

    public Account get(Principal caller, String rawId) {
        UUID id = Check.uuid("user_id", rawId);
        Account account = database.inTransaction(session -> session.find(Account.class, id));
        boolean self = caller.userId().equals(id.toString());
        if (!self) {
            switch (caller.role()) {
                case MANAGER -> {
                    if (account != null && caller.cinema().isPresent() && account.role() != Role.CUSTOMER
                            && !caller.cinemaId().equals(String.valueOf(account.cinemaId()))) {
                        throw new PermissionDeniedException("You can only read accounts of your own cinema");
                    }
                }
                case CASHIER -> {
                    if (account == null || account.cinemaId() == null || !caller.cinemaId().equals(account.cinemaId().toString())) {
                        throw new PermissionDeniedException("You can only read accounts of your own cinema");
                    }
                }
                case SERVICE -> marquee.platform.auth.ServiceScopes.require(caller, marquee.platform.auth.ServiceScopes.USERS_READ);
                default -> throw new PermissionDeniedException("You can only read your own account");
            }
        }
        if (account == null) throw new NotFoundException("No account with id " + id);
        return account;
    }

    /** Who may disable an account or rotate a device's secret: a chain manager any, a cinema's manager that cinema's. */
    private static void requireManagerOf(Principal caller, Account account) {
        if (!caller.is(Role.MANAGER)) throw new PermissionDeniedException("Only a manager can disable accounts or rotate device secrets");
        if (caller.cinema().isPresent()
                && (account.cinemaId() == null || !caller.cinemaId().equals(account.cinemaId().toString()))) {
            throw new PermissionDeniedException("You can only manage the staff and devices of your own cinema");
        }
    }

    /**
     * Disables or enables the account named by exactly one of id, staff login or device id. Disabling
     * also revokes the account's tokens (every service refuses them within the revocation bound).
     */
    public Account setDisabled(Principal caller, String rawId, String rawStaffLogin, String rawDeviceId, boolean disabled,
                               String rawReason) {
        boolean byId = rawId != null && !rawId.isBlank();
        boolean byLogin = rawStaffLogin != null && !rawStaffLogin.isBlank();
        boolean byDevice = rawDeviceId != null && !rawDeviceId.isBlank();
        if ((byId ? 1 : 0) + (byLogin ? 1 : 0) + (byDevice ? 1 : 0) != 1) {
            throw new InvalidArgumentException("name the account by exactly one of user_id, staff_login or device_id");
        }
        String reason = rawReason == null ? "" : rawReason.strip();
        if (reason.length() > 200) throw new InvalidArgumentException("reason must have at most 200 characters");
        if (!caller.is(Role.MANAGER)) throw new PermissionDeniedException("Only a manager can disable accounts");
        UUID id = byId ? Check.uuid("user_id", rawId) : null;
        return database.inTransaction(session -> {
            var query = byId ? session.createSelectionQuery("from Account where id = :key", Account.class).setParameter("key", id)
                    : byLogin ? session.createSelectionQuery("from Account where lower(staffLogin) = :key", Account.class)
                            .setParameter("key", rawStaffLogin.strip().toLowerCase(java.util.Locale.ROOT))
                    : session.createSelectionQuery("from Account where deviceId = :key", Account.class)
                            .setParameter("key", rawDeviceId.strip());
            Account account = query.setLockMode(LockModeType.PESSIMISTIC_WRITE).uniqueResultOptional()
                    .orElseThrow(() -> new NotFoundException("No such account"));
            requireManagerOf(caller, account);
            if (account.id().toString().equals(caller.userId())) {
                throw new FailedPreconditionException("You cannot disable your own account; ask another manager");
            }
            if (disabled) account.disable(clock.instant());
            else account.enable();
            log.info("Account {} ({}) {} by {}{}", account.id(), account.role(), disabled ? "disabled" : "enabled",
                    caller.userId(), reason.isEmpty() ? "" : ": " + reason);
            return account;
        });
    }

    /** A new random secret for a kiosk device, returned once; the old one and its tokens stop working. */
    public record RotatedSecret(Account account, String secret) {}

    public RotatedSecret rotateDeviceSecret(Principal caller, String rawDeviceId) {
        String deviceId = CredentialPolicy.deviceId(rawDeviceId);
        if (!caller.is(Role.MANAGER)) throw new PermissionDeniedException("Only a manager can rotate device secrets");
        String secret = newDeviceSecret();
        String hash = hasher.encode(secret);
        Account account = database.inTransaction(session -> {
            Account device = session.createSelectionQuery("from Account where deviceId = :key and role = :role", Account.class)
                    .setParameter("key", deviceId).setParameter("role", Role.KIOSK)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).uniqueResultOptional()
                    .orElseThrow(() -> new NotFoundException("No kiosk device " + deviceId));
            requireManagerOf(caller, device);
            device.newDeviceSecret(hash, clock.instant());
            return device;
        });
        log.info("Device {} got a new secret from {}; its old tokens are revoked", deviceId, caller.userId());
        return new RotatedSecret(account, secret);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** 24 random URL-safe characters (144 bits), with a letter and a digit so it also meets the password policy. */
    static String newDeviceSecret() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String random = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return "k" + random + RANDOM.nextInt(10);
    }

    /** Subjects whose tokens issued before a moment are refused, for tokens that could still be unexpired. */
    public java.util.Map<String, Instant> revokedSince(Instant since) {
        return database.inTransaction(session -> {
            java.util.Map<String, Instant> out = new java.util.HashMap<>();
            for (Account account : session.createSelectionQuery(
                    "from Account where tokensNotBefore is not null and (tokensNotBefore > :since or disabledAt is not null)",
                    Account.class).setParameter("since", since).getResultList()) {
                // A disabled account: everything it holds is refused, however old.
                out.put(account.id().toString(), account.disabled() ? Instant.now().plusSeconds(3600 * 24 * 365L)
                        : account.tokensNotBefore());
            }
            return out;
        });
    }

    /** Only for the very first manager of an installation, which no manager can create. */
    void promoteToChainManager(UUID id) {
        database.run(session -> session.createMutationQuery("update Account set role = :role where id = :id")
                .setParameter("role", Role.MANAGER).setParameter("id", id).executeUpdate());
    }

    String publicKeyBase64() {
        return issuer.publicKeyBase64();
    }

    public boolean isEmpty() {
        return database.inTransaction(session -> session.createSelectionQuery("select count(*) from Account", Long.class)
                .getSingleResult()) == 0;
    }
}
