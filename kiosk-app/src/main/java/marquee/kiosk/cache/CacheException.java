package marquee.kiosk.cache;

/** The local cache failed (disk full, file damaged); the kiosk carries on online and logs it. */
public class CacheException extends RuntimeException {
    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
