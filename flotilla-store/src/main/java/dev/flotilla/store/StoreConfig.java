package dev.flotilla.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Which database holds the ledger.
 *
 * @param jdbcUrl a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL (credentials, if any, in
 *     the URL's parameters)
 * @param kind SQLite or PostgreSQL
 * @param maxConnections the pool size (SQLite: 1, one writer at a time in this process)
 */
public record StoreConfig(String jdbcUrl, Kind kind, int maxConnections) {
    /** The environment variable that points the ledger at a database. */
    public static final String DB_URL_ENV = "FLOTILLA_DB_URL";

    /** The ledger's file under {@code $FLOTILLA_HOME} when no URL is given. */
    public static final String DEFAULT_FILE = "flotilla.db";

    /** The database kinds the store speaks. */
    public enum Kind {
        SQLITE,
        POSTGRESQL
    }

    public StoreConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(kind, "kind");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (kind == Kind.SQLITE && maxConnections != 1) {
            throw new IllegalArgumentException(
                    "SQLite takes exactly one connection per process, got " + maxConnections);
        }
    }

    /** An SQLite file. */
    public static StoreConfig sqlite(Path file) {
        return new StoreConfig("jdbc:sqlite:" + file.toAbsolutePath(), Kind.SQLITE, 1);
    }

    /**
     * A JDBC URL: {@code jdbc:postgresql:...} or {@code jdbc:sqlite:...}.
     *
     * @throws IllegalArgumentException naming the URL's scheme and the accepted ones
     */
    public static StoreConfig of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new StoreConfig(jdbcUrl, Kind.POSTGRESQL, 16);
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return new StoreConfig(jdbcUrl, Kind.SQLITE, 1);
        }
        int colon = jdbcUrl.indexOf(':', "jdbc:".length());
        String scheme = jdbcUrl.startsWith("jdbc:") && colon > 0 ? jdbcUrl.substring(0, colon + 1) : jdbcUrl;
        throw new IllegalArgumentException(DB_URL_ENV + " must start with jdbc:postgresql: or jdbc:sqlite:, got '"
                + (scheme.length() > 40 ? scheme.substring(0, 40) + "..." : scheme) + "'");
    }

    /**
     * The ledger a command or server should use: {@code FLOTILLA_DB_URL} when set, else the SQLite
     * file {@code flotillaHome/flotilla.db}.
     *
     * @throws IllegalArgumentException when {@code FLOTILLA_DB_URL} is not an accepted URL
     */
    public static StoreConfig fromEnvironment(Map<String, String> env, Path flotillaHome) {
        String url = env.get(DB_URL_ENV);
        if (url != null && !url.isBlank()) {
            return of(url.strip());
        }
        return sqlite(flotillaHome.resolve(DEFAULT_FILE));
    }

    /** A description safe for logs and errors: the kind, and the file for SQLite (never credentials). */
    public String describe() {
        return switch (kind) {
            case SQLITE -> "SQLite " + jdbcUrl.substring("jdbc:sqlite:".length());
            case POSTGRESQL -> "PostgreSQL";
        };
    }
}
