package marquee.kiosk.model;

public enum OverrideAction { REFUND, VOID, REPRINT }
