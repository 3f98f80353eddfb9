package marquee.platform.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import marquee.platform.config.Config;
import marquee.platform.errors.UnauthenticatedException;
import marquee.users.v1.Role;

/**
 * Verifies access tokens with the users service's public key. Only EdDSA-signed tokens from
 * our issuer pass; unsigned ({@code alg=none}), expired or altered tokens are refused.
 */
public final class TokenVerifier {
    public static final String ISSUER = "marquee-users";
    public static final String SIGNING_KEY_NAME = "jwt-signing";
    /** Audience of a manager's approval token (see {@link Approvals}); such a token is never an access token. */
    public static final String APPROVAL_AUDIENCE = "marquee-approval";

    /** Bound on remembered tokens; the cache is simply emptied when it is reached. */
    private static final int CACHE_LIMIT = 20_000;

    private final Supplier<PublicKey> publicKey;
    /**
     * Tokens already verified, until they expire. Ed25519 verification costs about a millisecond
     * in the JDK and one purchase passes a token through several services; the token text
     * includes its signature, so an altered token is never found here.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Principal principal, Instant issuedAt, Instant expiresAt) {}

    /**
     * Subjects whose tokens issued before the given moment are refused (disabled accounts, rotated
     * device secrets), as last fetched from the users service by {@link RevocationPoller}.
     */
    private volatile Map<String, Instant> revoked = Map.of();

    /** Replaces the revocation list (the poller calls this after every successful fetch). */
    public void revocations(Map<String, Instant> notBefore) {
        this.revoked = Map.copyOf(notBefore);
    }

    private void refuseIfRevoked(String subject, Instant issuedAt) {
        Instant notBefore = revoked.get(subject);
        if (notBefore != null && issuedAt.isBefore(notBefore)) {
            throw new UnauthenticatedException("This sign-in was revoked (account disabled or device secret changed); sign in again");
        }
    }

    public TokenVerifier(Supplier<PublicKey> publicKey) {
        this.publicKey = publicKey;
    }

    /**
     * The key comes from {@code MARQUEE_JWT_PUBLIC_KEY} (base64) when set, otherwise from
     * {@code <keys dir>/jwt-signing.pub}, which the users service writes on first start. It is read
     * lazily so that a service may start before users has generated it.
     */
    public static TokenVerifier fromConfig(Config config) {
        Path file = config.keysDir().resolve(SIGNING_KEY_NAME + ".pub");
        var inline = config.find("marquee.jwt.public.key");
        Supplier<PublicKey> supplier = inline.isPresent()
                ? memoize(() -> Ed25519Keys.publicFromBase64(inline.get()))
                : memoize(() -> {
                    try {
                        if (!Files.exists(file)) return null;
                        return Ed25519Keys.readPublic(file);
                    } catch (java.io.IOException e) {
                        return null;
                    }
                });
        return new TokenVerifier(supplier);
    }

    public Principal verify(String token) {
        Verified known = verified.get(token);
        if (known != null) {
            if (Instant.now().isBefore(known.expiresAt())) {
                refuseIfRevoked(known.principal().userId(), known.issuedAt());
                return known.principal();
            }
            verified.remove(token);
        }
        PublicKey key = publicKey.get();
        if (key == null) {
            throw new UnauthenticatedException("Token verification key is not available yet; is the users service running?");
        }
        try {
            Claims claims = Jwts.parser()
                    .verifyWith(key)
                    .requireIssuer(ISSUER)
                    .build()
                    .parseSignedClaims(token)
                    .getPayload();
            // An approval token is signed with the same key but grants nothing as an access token.
            if (claims.get(Approvals.ACTION_CLAIM) != null
                    || (claims.getAudience() != null && claims.getAudience().contains(APPROVAL_AUDIENCE))) {
                throw new IllegalArgumentException();
            }
            // A token that never expires could never be taken back: refuse it, and one without its issue time.
            if (claims.getExpiration() == null || claims.getIssuedAt() == null) {
                throw new UnauthenticatedException("The access token has no expiry or issue time; sign in again");
            }
            Role role = Role.valueOf(claims.get("role", String.class));
            // SERVICE tokens are only valid with a "service:" subject, so a person's account can never pose as one.
            if ((role == Role.SERVICE) != claims.getSubject().startsWith("service:")) throw new IllegalArgumentException();
            if (role == Role.ROLE_UNSPECIFIED || role == Role.UNRECOGNIZED) throw new IllegalArgumentException();
            String cinema = claims.get("cinema", String.class);
            String name = claims.get("name", String.class);
            // A service's scopes are what users granted it at sign-in (ServiceScopes), never more than its own.
            java.util.Set<String> scopes = role == Role.SERVICE
                    ? ServiceScopes.parse(claims.get(ServiceScopes.CLAIM, String.class)) : java.util.Set.of();
            Principal principal = new Principal(claims.getSubject(), role, cinema == null ? "" : cinema, name == null ? "" : name,
                    token, scopes);
            Instant issuedAt = claims.getIssuedAt().toInstant();
            refuseIfRevoked(principal.userId(), issuedAt);
            if (verified.size() >= CACHE_LIMIT) verified.clear();
            verified.put(token, new Verified(principal, issuedAt, claims.getExpiration().toInstant()));
            return principal;
        } catch (io.jsonwebtoken.ExpiredJwtException e) {
            throw new UnauthenticatedException("The access token has expired; sign in again");
        } catch (UnauthenticatedException e) {
            throw e;
        } catch (JwtException | IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw new UnauthenticatedException("The access token is not valid");
        }
    }

    /** The claims of a signed approval token (signature, issuer, audience and expiry checked). */
    Claims approvalClaims(String token) {
        PublicKey key = publicKey.get();
        if (key == null) throw new UnauthenticatedException("Token verification key is not available yet; is the users service running?");
        try {
            Claims claims = Jwts.parser().verifyWith(key).requireIssuer(ISSUER).requireAudience(APPROVAL_AUDIENCE).build()
                    .parseSignedClaims(token).getPayload();
            if (claims.getExpiration() == null || claims.getIssuedAt() == null) throw new IllegalArgumentException();
            // A manager disabled after approving: the approval goes with the account.
            refuseIfRevoked(claims.getSubject(), claims.getIssuedAt().toInstant());
            return claims;
        } catch (io.jsonwebtoken.ExpiredJwtException e) {
            throw new UnauthenticatedException("the approval has expired; ask the manager to approve again");
        } catch (UnauthenticatedException e) {
            throw new UnauthenticatedException("the approval was revoked: the approving manager's account is disabled");
        } catch (JwtException | IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw new UnauthenticatedException("the approval token is not valid");
        }
    }

    private static Supplier<PublicKey> memoize(Supplier<PublicKey> loader) {
        return new Supplier<>() {
            private volatile PublicKey value;

            @Override
            public PublicKey get() {
                PublicKey current = value;
                if (current == null) {
                    current = loader.get();
                    value = current;
                }
                return current;
            }
        };
    }
}
