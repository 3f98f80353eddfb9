package marquee.kiosk.model;

public enum VerificationResult { ACCEPTED, ALREADY_USED, REVOKED, FORGED, WRONG_SHOW }
