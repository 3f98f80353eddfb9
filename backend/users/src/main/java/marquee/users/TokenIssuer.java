package marquee.users;

import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import marquee.platform.auth.Ed25519Keys;
import marquee.platform.auth.TokenVerifier;
import marquee.users.v1.Role;

/** Signs access tokens with the installation's Ed25519 key; only the users service holds it. */
final class TokenIssuer {
    private final KeyPair keys;
    private final Duration customerTtl;
    private final Duration staffTtl;
    private final Clock clock;

    TokenIssuer(KeyPair keys, Duration customerTtl, Duration staffTtl, Clock clock) {
        this.keys = keys;
        this.customerTtl = customerTtl;
        this.staffTtl = staffTtl;
        this.clock = clock;
    }

    record Issued(String token, Instant expiresAt) {}

    Issued issue(Account account) {
        Instant now = clock.instant();
        // A token's iat has whole seconds, while revocations are exact: a sign-in in the same second
        // as the account's re-enabling or new device secret would look older than the revocation
        // and be refused until it expires. Such a sign-in waits for the next second (at most 1 s).
        Instant notBefore = account.tokensNotBefore();
        if (notBefore != null && now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).isBefore(notBefore)) {
            Instant nextSecond = notBefore.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
            try {
                Thread.sleep(Math.max(0, Duration.between(now, nextSecond).toMillis() + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now = clock.instant().isBefore(nextSecond) ? nextSecond : clock.instant();
        }
        // Staff and kiosks work whole shifts; customers get short-lived tokens.
        Instant expires = now.plus(account.role() == Role.CUSTOMER ? customerTtl : staffTtl);
        String token = Jwts.builder()
                .issuer(TokenVerifier.ISSUER)
                .subject(account.id().toString())
                .id(UUID.randomUUID().toString())
                .claim("role", account.role().name())
                .claim("cinema", account.cinemaId() == null ? "" : account.cinemaId().toString())
                .claim("name", account.displayName())
                .issuedAt(Date.from(now))
                .expiration(Date.from(expires))
                .signWith(keys.getPrivate(), Jwts.SIG.EdDSA)
                .compact();
        return new Issued(token, expires);
    }

    /** How long a SERVICE token lives; the service signs in again before it runs out. */
    static final Duration SERVICE_TTL = Duration.ofHours(1);

    /** A SERVICE token: subject "service:<name>", no cinema, short-lived. */
    Issued issueService(String serviceName) {
        Instant now = clock.instant();
        Instant expires = now.plus(SERVICE_TTL);
        String token = Jwts.builder()
                .issuer(TokenVerifier.ISSUER)
                .subject("service:" + serviceName)
                .id(UUID.randomUUID().toString())
                .claim("role", Role.SERVICE.name())
                .claim("cinema", "")
                .claim("name", serviceName + " service")
                .claim(marquee.platform.auth.ServiceScopes.CLAIM, marquee.platform.auth.ServiceScopes.claimOf(serviceName))
                .issuedAt(Date.from(now))
                .expiration(Date.from(expires))
                .signWith(keys.getPrivate(), Jwts.SIG.EdDSA)
                .compact();
        return new Issued(token, expires);
    }

    /** How long a manager's approval is good for: long enough to finish the action at the desk. */
    static final Duration APPROVAL_TTL = Duration.ofMinutes(2);

    /**
     * A manager's approval of one action on one subject, given to one staff member. Audience
     * {@link TokenVerifier#APPROVAL_AUDIENCE}: the verifier refuses it as an access token.
     */
    Issued issueApproval(Account manager, String action, String subject, String forUserId) {
        Instant now = clock.instant();
        Instant expires = now.plus(APPROVAL_TTL);
        String token = Jwts.builder()
                .issuer(TokenVerifier.ISSUER)
                .audience().add(TokenVerifier.APPROVAL_AUDIENCE).and()
                .subject(manager.id().toString())
                .id(UUID.randomUUID().toString())
                .claim("role", manager.role().name())
                .claim("cinema", manager.cinemaId() == null ? "" : manager.cinemaId().toString())
                .claim(marquee.platform.auth.Approvals.ACTION_CLAIM, action)
                .claim(marquee.platform.auth.Approvals.SUBJECT_CLAIM, subject)
                .claim(marquee.platform.auth.Approvals.FOR_CLAIM, forUserId)
                .issuedAt(Date.from(now))
                .expiration(Date.from(expires))
                .signWith(keys.getPrivate(), Jwts.SIG.EdDSA)
                .compact();
        return new Issued(token, expires);
    }

    String publicKeyBase64() {
        return Ed25519Keys.encode(keys.getPublic().getEncoded());
    }
}
