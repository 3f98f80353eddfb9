package marquee.kiosk.nav;

/** The screens of the customer's way through the kiosk. */
public enum Screen { ATTRACT, FILMS, SHOWTIMES, SEATS, TICKETS, PAYMENT, SUCCESS, PICKUP, OUT_OF_ORDER, OFFLINE_SALE }
