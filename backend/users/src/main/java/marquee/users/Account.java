package marquee.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import marquee.users.v1.Role;

/** An account row. Holds hashes only; the plain password or PIN never reaches this class. */
@Entity
@Table(name = "account")
public class Account {
    @Id
    private UUID id;
    @Column(nullable = false)
    private String email;
    @Column(name = "password_hash", nullable = false)
    private String passwordHash;
    @Column(name = "display_name", nullable = false)
    private String displayName;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;
    @Column(name = "cinema_id")
    private UUID cinemaId;
    @Column(name = "staff_login")
    private String staffLogin;
    @Column(name = "pin_hash")
    private String pinHash;
    @Column(name = "device_id")
    private String deviceId;
    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;
    @Column(name = "locked_until")
    private Instant lockedUntil;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "disabled_at")
    private Instant disabledAt;
    @Column(name = "tokens_not_before")
    private Instant tokensNotBefore;

    protected Account() {}

    Account(UUID id, String email, String passwordHash, String displayName, Role role, UUID cinemaId, Instant createdAt) {
        this.id = id;
        this.email = email;
        this.passwordHash = passwordHash;
        this.displayName = displayName;
        this.role = role;
        this.cinemaId = cinemaId;
        this.createdAt = createdAt;
    }

    public UUID id() { return id; }
    public String email() { return email; }
    public String passwordHash() { return passwordHash; }
    public String displayName() { return displayName; }
    public Role role() { return role; }
    public UUID cinemaId() { return cinemaId; }
    public String staffLogin() { return staffLogin; }
    public String pinHash() { return pinHash; }
    public String deviceId() { return deviceId; }
    public int failedLogins() { return failedLogins; }
    public Instant lockedUntil() { return lockedUntil; }
    public Instant createdAt() { return createdAt; }
    public Instant disabledAt() { return disabledAt; }
    public boolean disabled() { return disabledAt != null; }
    public Instant tokensNotBefore() { return tokensNotBefore; }

    /** Disables the account and revokes every token issued until now. */
    void disable(Instant now) {
        if (disabledAt == null) disabledAt = now;
        tokensNotBefore = now;
    }

    /** Lets the account sign in again; tokens from before stay revoked. */
    void enable() {
        disabledAt = null;
    }

    /** A new secret for a device: tokens signed in with the old one are revoked. */
    void newDeviceSecret(String hash, Instant now) {
        passwordHash = hash;
        tokensNotBefore = now;
        failedLogins = 0;
        lockedUntil = null;
    }

    void staffCredentials(String login, String pinHash) {
        this.staffLogin = login;
        this.pinHash = pinHash;
    }

    void device(String deviceId) {
        this.deviceId = deviceId;
    }

    void recordFailure(int failures, Instant lockedUntil) {
        this.failedLogins = failures;
        this.lockedUntil = lockedUntil;
    }

    void recordSuccess() {
        this.failedLogins = 0;
        this.lockedUntil = null;
    }
}
