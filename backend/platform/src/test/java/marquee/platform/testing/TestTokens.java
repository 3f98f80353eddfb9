package marquee.platform.testing;

import io.jsonwebtoken.Jwts;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import marquee.platform.auth.Ed25519Keys;
import marquee.platform.auth.TokenVerifier;
import marquee.users.v1.Role;

/** Mints access tokens with the test installation's signing key, the way the users service does. */
public final class TestTokens {
    private final KeyPair keys;

    public TestTokens(Path keysDir) {
        this.keys = Ed25519Keys.loadOrCreate(keysDir, TokenVerifier.SIGNING_KEY_NAME);
    }

    public String token(Role role, String userId, String cinemaId) {
        return token(role, userId, cinemaId, Duration.ofHours(1));
    }

    public String token(Role role, String userId, String cinemaId, Duration validFor) {
        Instant now = Instant.now();
        return Jwts.builder()
                .issuer(TokenVerifier.ISSUER)
                .subject(userId)
                .id(UUID.randomUUID().toString())
                .claim("role", role.name())
                .claim("cinema", cinemaId == null ? "" : cinemaId)
                .claim("name", role.name().toLowerCase() + " (test)")
                // A service's token carries what users grants that service, as ServiceLogin issues it.
                .claim(marquee.platform.auth.ServiceScopes.CLAIM, role == Role.SERVICE && userId.startsWith("service:")
                        ? marquee.platform.auth.ServiceScopes.claimOf(userId.substring("service:".length())) : null)
                .issuedAt(Date.from(now.minusSeconds(5)))
                .expiration(Date.from(now.plus(validFor)))
                .signWith(keys.getPrivate(), Jwts.SIG.EdDSA)
                .compact();
    }

    /** A manager's approval token as UsersService/ApproveOverride signs it. */
    public String approval(String approverId, String cinemaId, String action, String subject, String forUserId,
                           Duration validFor) {
        Instant now = Instant.now();
        return Jwts.builder()
                .issuer(TokenVerifier.ISSUER)
                .audience().add(TokenVerifier.APPROVAL_AUDIENCE).and()
                .subject(approverId)
                .id(UUID.randomUUID().toString())
                .claim("role", Role.MANAGER.name())
                .claim("cinema", cinemaId == null ? "" : cinemaId)
                .claim(marquee.platform.auth.Approvals.ACTION_CLAIM, action)
                .claim(marquee.platform.auth.Approvals.SUBJECT_CLAIM, subject)
                .claim(marquee.platform.auth.Approvals.FOR_CLAIM, forUserId)
                .issuedAt(Date.from(now.minusSeconds(5)))
                .expiration(Date.from(now.plus(validFor)))
                .signWith(keys.getPrivate(), Jwts.SIG.EdDSA)
                .compact();
    }

    /** A correctly signed token that never expires (refused: such a token could never be taken back). */
    public String withoutExpiry(Role role, String userId, String cinemaId) {
        return Jwts.builder().issuer(TokenVerifier.ISSUER).subject(userId).id(UUID.randomUUID().toString())
                .claim("role", role.name()).claim("cinema", cinemaId == null ? "" : cinemaId).claim("name", "forever")
                .issuedAt(Date.from(Instant.now().minusSeconds(5)))
                .signWith(keys.getPrivate(), Jwts.SIG.EdDSA).compact();
    }

    public String customer() {
        return token(Role.CUSTOMER, UUID.randomUUID().toString(), "");
    }

    public String manager() {
        return token(Role.MANAGER, UUID.randomUUID().toString(), "");
    }

    public String expired(Role role) {
        return token(role, UUID.randomUUID().toString(), "", Duration.ofSeconds(-60));
    }

    /** A token signed with a key the installation does not trust. */
    public static String signedByStranger(Role role) {
        KeyPair stranger = Ed25519Keys.loadOrCreate(tempDir(), "stranger");
        return Jwts.builder().issuer(TokenVerifier.ISSUER).subject(UUID.randomUUID().toString())
                .claim("role", role.name()).expiration(Date.from(Instant.now().plusSeconds(600)))
                .signWith(stranger.getPrivate(), Jwts.SIG.EdDSA).compact();
    }

    /** An unsigned token ({@code alg=none}) claiming the given role. */
    public static String unsigned(Role role) {
        return Jwts.builder().issuer(TokenVerifier.ISSUER).subject(UUID.randomUUID().toString())
                .claim("role", role.name()).expiration(Date.from(Instant.now().plusSeconds(600)))
                .compact();
    }

    /** The same token with one claim character changed in the payload (signature now wrong). */
    public static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"CUSTOMER\"", "\"MANAGER\"").replace("\"CASHIER\"", "\"MANAGER\"");
        parts[1] = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.join(".", parts);
    }

    private static Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("stranger-keys");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
