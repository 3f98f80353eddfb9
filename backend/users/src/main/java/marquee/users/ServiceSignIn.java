package marquee.users;

import marquee.platform.ServiceModules;
import marquee.platform.auth.ServiceSecret;
import marquee.platform.errors.InvalidArgumentException;
import marquee.platform.errors.UnauthenticatedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SERVICE tokens for backend services that present the installation's service secret. */
final class ServiceSignIn {
    private static final Logger log = LoggerFactory.getLogger(ServiceSignIn.class);

    private final TokenIssuer issuer;
    private final String secret;

    ServiceSignIn(TokenIssuer issuer, String secret) {
        this.issuer = issuer;
        this.secret = secret;
    }

    TokenIssuer.Issued signIn(String serviceName, String presentedSecret) {
        if (serviceName == null || !ServiceModules.ALL.contains(serviceName)) {
            throw new InvalidArgumentException("service_name must be one of " + ServiceModules.ALL);
        }
        if (!ServiceSecret.matches(secret, presentedSecret)) {
            log.warn("Refused a service sign-in as {} with a wrong secret", serviceName);
            throw new UnauthenticatedException("Wrong service secret");
        }
        return issuer.issueService(serviceName);
    }
}
