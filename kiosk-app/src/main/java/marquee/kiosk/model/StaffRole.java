package marquee.kiosk.model;

public enum StaffRole { CASHIER, MANAGER }
