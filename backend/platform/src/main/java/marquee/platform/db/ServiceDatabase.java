package marquee.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's database: a connection pool bound to the service's own schema, its Flyway
 * migrations ({@code classpath:db/<service>}) and a Hibernate session factory for its entities.
 */
public final class ServiceDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceDatabase.class);

    private final String schema;
    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;

    private ServiceDatabase(String schema, HikariDataSource dataSource, SessionFactory sessionFactory) {
        this.schema = schema;
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
    }

    public static ServiceDatabase open(String service, DatabaseLocation location, int poolSize, List<Class<?>> entities) {
        return open(service, location, poolSize, entities, null);
    }

    /** As above, reporting pool metrics (pool name {@code <service>-db}) to {@code poolMetrics} if not null. */
    public static ServiceDatabase open(String service, DatabaseLocation location, int poolSize, List<Class<?>> entities,
                                       MetricsTrackerFactory poolMetrics) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName(service + "-db");
        if (poolMetrics != null) pool.setMetricsTrackerFactory(poolMetrics);
        pool.setJdbcUrl(location.jdbcUrl());
        if (location.user() != null && !location.user().isEmpty()) pool.setUsername(location.user());
        if (location.password() != null && !location.password().isEmpty()) pool.setPassword(location.password());
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(Math.min(2, poolSize));
        pool.setConnectionTimeout(10_000);
        pool.setSchema(service);
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        pool.addDataSourceProperty("ApplicationName", "marquee-" + service);
        // The schema may not exist before the first migration, so validate connections without it.
        pool.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            migrate(service, dataSource);
            SessionFactory sessionFactory = entities.isEmpty() ? null : buildSessionFactory(service, dataSource, entities);
            return new ServiceDatabase(service, dataSource, sessionFactory);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    static void migrate(String service, DataSource dataSource) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .schemas(service)
                .defaultSchema(service)
                .createSchemas(true)
                .locations("classpath:db/" + service)
                .load()
                .migrate();
        log.info("Schema {}: {} migration(s) applied, now at version {}", service,
                result.migrationsExecuted, result.targetSchemaVersion);
    }

    private static SessionFactory buildSessionFactory(String schema, DataSource dataSource, List<Class<?>> entities) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting("hibernate.connection.datasource", dataSource)
                .applySetting("hibernate.default_schema", schema)
                .applySetting("hibernate.hbm2ddl.auto", "none")
                .applySetting("hibernate.jdbc.batch_size", "50")
                .applySetting("hibernate.order_inserts", "true")
                .applySetting("hibernate.order_updates", "true")
                .applySetting("hibernate.jdbc.time_zone", "UTC")
                .build();
        MetadataSources sources = new MetadataSources(registry);
        entities.forEach(sources::addAnnotatedClass);
        return sources.buildMetadata().buildSessionFactory();
    }

    public <T> T inTransaction(Function<Session, T> work) {
        return sessionFactory.fromTransaction(session -> {
            T result;
            try {
                result = work.apply(session);
            } catch (marquee.platform.errors.NotFoundException e) {
                refuseSwallowedFailure(session);
                throw e;
            }
            refuseSwallowedFailure(session);
            return result;
        });
    }

    public void run(Consumer<Session> work) {
        inTransaction(session -> {
            work.accept(session);
            return null;
        });
    }

    /**
     * Hibernate's {@code find} returns null instead of throwing when a JDBC error has marked the
     * transaction rollback-only (HHH-12472: "JDBC exception executing SQL; transaction rolled
     * back") — so a database that went away mid-call looked like a row that is not there and was
     * answered NOT_FOUND. Work that ends with its transaction rollback-only, or that found "no such
     * row" on such a transaction, failed in the database.
     */
    private static void refuseSwallowedFailure(Session session) {
        if (session.getTransaction().getRollbackOnly()) {
            throw new marquee.platform.errors.UnavailableException("the database could not answer; try again");
        }
    }

    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String schema() {
        return schema;
    }

    @Override
    public void close() {
        if (sessionFactory != null) sessionFactory.close();
        dataSource.close();
    }
}
