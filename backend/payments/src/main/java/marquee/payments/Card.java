package marquee.payments;

/**
 * Card data as entered, already validated by {@link CardCheck}. It lives only for the duration of
 * one Charge call and is handed to the gateway; {@link #toString()} masks it so that a stray log
 * statement or exception message can never reveal the number or the CVC.
 */
record Card(String number, int expiryMonth, int expiryYear, String cvc, String brand) {
    String last4() {
        return number.substring(number.length() - 4);
    }

    @Override
    public String toString() {
        return "Card[" + brand + " …" + last4() + "]";
    }
}
