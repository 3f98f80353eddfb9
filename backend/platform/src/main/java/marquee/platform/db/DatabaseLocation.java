package marquee.platform.db;

/** Where a service's database is: a JDBC URL and the credentials to use (user may be empty). */
public record DatabaseLocation(String jdbcUrl, String user, String password) {
    @Override
    public String toString() {
        return jdbcUrl + (user == null || user.isEmpty() ? "" : " as " + user);
    }
}
