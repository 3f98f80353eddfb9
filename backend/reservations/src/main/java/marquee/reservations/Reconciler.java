package marquee.reservations;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes what a crashed or disconnected caller left half done: checkouts that charged but did
 * not sell or issue, and cancellations whose refund or revocation did not go through. Runs on
 * every instance; leases make sure each piece of work is picked up by one at a time.
 */
final class Reconciler implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final CheckoutStore store;
    private final Checkout checkout;
    private final Cancellations cancellations;
    private final Duration idle;

    Reconciler(CheckoutStore store, Checkout checkout, Cancellations cancellations, Duration idle) {
        this.store = store;
        this.checkout = checkout;
        this.cancellations = cancellations;
        this.idle = idle;
    }

    @Override
    public void run() {
        // Any exception would end the schedule, so each failure is logged and retried next round.
        try {
            for (int i = 0; i < 100; i++) {
                var stale = store.leaseStale(idle);
                if (stale.isEmpty()) break;
                try {
                    checkout.resume(stale.get());
                } catch (RuntimeException e) {
                    log.warn("Could not finish checkout {} yet; will retry", stale.get().id(), e);
                }
            }
            for (int i = 0; i < 100; i++) {
                var pending = store.leaseCancellation(idle);
                if (pending.isEmpty()) break;
                try {
                    cancellations.resume(pending.get());
                } catch (RuntimeException e) {
                    log.warn("Could not finish cancelling booking {} yet; will retry", pending.get().bookingId(), e);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Reconciliation round failed; will retry", e);
        }
    }
}
