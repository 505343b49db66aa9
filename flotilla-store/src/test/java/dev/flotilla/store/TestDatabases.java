package dev.flotilla.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flotilla.store.internal.ProcessOwner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** Fresh databases for tests: an SQLite file in a temp directory, or a new PostgreSQL schema. */
final class TestDatabases implements AutoCloseable {
    static final String PG_URL_ENV = "FLOTILLA_TEST_PG_URL";

    /** An owner on this host whose process does not exist. */
    static final String DEAD_OWNER = ProcessOwner.of(Integer.MAX_VALUE, 1);

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final List<String> schemas = new ArrayList<>();

    static StoreConfig sqlite(Path dir) {
        return StoreConfig.sqlite(dir.resolve("ledger-" + UUID.randomUUID() + ".db"));
    }

    /** The PostgreSQL server's URL, or the test is skipped with a message saying how to run it. */
    static String requirePostgres() {
        String url = System.getenv(PG_URL_ENV);
        if (url == null || url.isBlank()) {
            String message = PG_URL_ENV + " is not set: skipping the PostgreSQL ledger tests (.ci/run starts a"
                    + " server and sets it, e.g. jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres)";
            if (WARNED.compareAndSet(false, true)) {
                System.err.println("SKIPPED: " + message);
            }
            assumeTrue(false, message);
        }
        return url;
    }

    /** A new, empty schema on the test server, dropped on close. */
    StoreConfig postgresSchema() {
        String url = requirePostgres();
        String schema = "flotilla_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(withUser(url));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not create a test schema on " + PG_URL_ENV + ": " + e.getMessage(), e);
        }
        schemas.add(schema);
        return StoreConfig.of(withUser(url) + "&currentSchema=" + schema);
    }

    private static String withUser(String url) {
        String joined = url.contains("?") ? url : url + "?";
        return joined.contains("user=") ? joined : joined + (joined.endsWith("?") ? "" : "&") + "user=postgres";
    }

    @Override
    public void close() {
        if (schemas.isEmpty()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(withUser(requirePostgres()));
                Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schemas: " + e.getMessage(), e);
        }
    }
}
