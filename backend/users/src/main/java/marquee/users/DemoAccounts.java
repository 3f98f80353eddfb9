package marquee.users;

import marquee.platform.errors.AlreadyExistsException;
import marquee.users.v1.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo chain manager and demo customer, created on first start of a demo installation.
 * Cinema staff and the kiosk device are created by the demo data loader once the demo cinema
 * exists, through CreateUser like any manager would. Credentials are listed in the README.
 */
final class DemoAccounts {
    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

    static final String MANAGER_EMAIL = "manager@marquee.demo";
    static final String MANAGER_PASSWORD = "Manager2026!";
    static final String CUSTOMER_EMAIL = "customer@marquee.demo";
    static final String CUSTOMER_PASSWORD = "Customer2026!";

    private DemoAccounts() {}

    static void ensure(Accounts accounts) {
        if (!accounts.isEmpty()) return;
        try {
            var manager = accounts.register(MANAGER_EMAIL, MANAGER_PASSWORD, "Demo Manager");
            accounts.promoteToChainManager(manager.id());
            accounts.register(CUSTOMER_EMAIL, CUSTOMER_PASSWORD, "Demo Customer");
            log.info("Demo accounts created: {} and {}", MANAGER_EMAIL, CUSTOMER_EMAIL);
        } catch (AlreadyExistsException e) {
            log.debug("Demo accounts already exist (another instance created them)");
        }
    }
}
