package marquee.kiosk.model;

/**
 * How this device is, for the chain's monitoring: {@code state} one of IN_SERVICE,
 * OUT_OF_ORDER, OFFLINE_SYNCING, STARTING, SHUTTING_DOWN; {@code printer} one of READY,
 * PAPER_LOW, PAPER_OUT, FAULT, UNKNOWN.
 */
public record DeviceReport(String state, String printer, String errorCode, String message, String appVersion) {}
