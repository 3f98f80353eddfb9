package marquee.kiosk.backend;

/**
 * The backend refused because a manager must approve the action first. Its message is the
 * server's explanation ("a refund of €60.00 is above the cashier limit …").
 */
public final class ApprovalRequiredException extends RejectedException {
    public ApprovalRequiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
