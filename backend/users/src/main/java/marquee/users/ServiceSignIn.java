package marquee.users;

import marquee.platform.ServiceModules;
import marquee.platform.auth.ServiceSecret;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.UnauthenticatedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SERVICE tokens for backend services, each presenting its own secret; the token names the
 * service and carries its grants ({@link marquee.platform.auth.ServiceScopes}).
 */
final class ServiceSignIn {
    private static final Logger log = LoggerFactory.getLogger(ServiceSignIn.class);

    private final TokenIssuer issuer;
    private final java.util.Map<String, String> secrets;

    /** {@code secrets}: each service's own secret, by service name. */
    ServiceSignIn(TokenIssuer issuer, java.util.Map<String, String> secrets) {
        this.issuer = issuer;
        this.secrets = java.util.Map.copyOf(secrets);
    }

    TokenIssuer.Issued signIn(String serviceName, String presentedSecret) {
        if (serviceName == null || !ServiceModules.ALL.contains(serviceName)) {
            throw new InvalidArgumentException("service_name must be one of " + ServiceModules.ALL);
        }
        String secret = secrets.get(serviceName);
        if (secret == null || !ServiceSecret.matches(secret, presentedSecret)) {
            log.warn("Refused a service sign-in as {} with a wrong secret", serviceName);
            throw new UnauthenticatedException("Wrong service secret");
        }
        return issuer.issueService(serviceName);
    }
}
