package dev.flotilla.store;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's virtual keys, in the ledger's database. A key reads {@code fk-<id>-<secret>}; only
 * {@code SHA-256(salt || secret)} with a random per-key salt is stored, and a presented key is
 * checked by recomputing it (constant-time comparison). Every method reads or writes the database,
 * so a key created or revoked by another process counts at once. Thread-safe.
 */
public final class VirtualKeys {
    /** Every key starts with this. */
    public static final String PREFIX = "fk-";

    private static final String COLUMNS =
            "key_id, name, salt, secret_hash, budget_usd_per_day, rpm, tpm, models, created_at_ms, revoked_at_ms";
    private static final HexFormat HEX = HexFormat.of();

    private final DataSource pool;
    private final String describe;
    private final Clock clock;
    private final Random random;

    VirtualKeys(DataSource pool, String describe, Clock clock, Random random) {
        this.pool = pool;
        this.describe = describe;
        this.clock = clock;
        this.random = random;
    }

    /** Keys over the same database as {@code ledger}, with a {@link SecureRandom} for secrets. */
    public static VirtualKeys of(JdbcLedger ledger, Clock clock) {
        return of(ledger, clock, new SecureRandom());
    }

    /** Keys over the same database as {@code ledger}, drawing secrets and salts from {@code random}. */
    public static VirtualKeys of(JdbcLedger ledger, Clock clock, Random random) {
        return new VirtualKeys(
                ledger.dataSource(),
                ledger.config().describe(),
                Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(random, "random"));
    }

    /**
     * Creates a key and stores its hash.
     *
     * @return the stored key and the token to hand out (shown once; not recoverable)
     */
    public VirtualKey.Created create(VirtualKey.Spec spec) {
        String id = HEX.formatHex(bytes(6));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24));
        String salt = HEX.formatHex(bytes(16));
        Instant now = Instant.ofEpochMilli(clock.millis());
        VirtualKey key = new VirtualKey(
                id, spec.name(), spec.budgetUsdPerDay(), spec.rpm(), spec.tpm(), spec.models(), now, null);
        String sql = "INSERT INTO virtual_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.setString(2, spec.name());
            ps.setString(3, salt);
            ps.setString(4, hash(salt, secret));
            if (spec.budgetUsdPerDay() == null) {
                ps.setNull(5, Types.VARCHAR);
            } else {
                ps.setString(5, spec.budgetUsdPerDay().toPlainString());
            }
            setLong(ps, 6, spec.rpm());
            setLong(ps, 7, spec.tpm());
            ps.setString(8, String.join(",", new TreeSet<>(spec.models())));
            ps.setLong(9, now.toEpochMilli());
            ps.setNull(10, Types.BIGINT);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("create key '" + spec.name() + "'", e);
        }
        return new VirtualKey.Created(key, PREFIX + id + "-" + secret);
    }

    /** Every key, active and revoked, oldest first. */
    public List<VirtualKey> list() {
        return select("SELECT " + COLUMNS + " FROM virtual_keys ORDER BY created_at_ms, key_id", null).stream()
                .map(Row::key)
                .toList();
    }

    /** The key with this id, active or revoked. */
    public Optional<VirtualKey> find(String id) {
        return select("SELECT " + COLUMNS + " FROM virtual_keys WHERE key_id = ?", id).stream()
                .findFirst()
                .map(Row::key);
    }

    /**
     * Revokes a key: it stops authenticating.
     *
     * @return false when there is no active key with this id
     */
    public boolean revoke(String id) {
        String sql = "UPDATE virtual_keys SET revoked_at_ms = ? WHERE key_id = ? AND revoked_at_ms IS NULL";
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, clock.millis());
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("revoke key " + id, e);
        }
    }

    /** Whether any key is active (the gateway then requires a key on every request). */
    public boolean anyActive() {
        return list().stream().anyMatch(VirtualKey::active);
    }

    /**
     * The active key a presented token belongs to, or empty when the token is malformed, unknown,
     * revoked or its secret does not match.
     */
    public Optional<VirtualKey> authenticate(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dash = token.indexOf('-', PREFIX.length());
        if (dash < 0) {
            return Optional.empty();
        }
        String id = token.substring(PREFIX.length(), dash);
        String secret = token.substring(dash + 1);
        for (Row row : select("SELECT " + COLUMNS + " FROM virtual_keys WHERE key_id = ?", id)) {
            byte[] expected = row.hash().getBytes(StandardCharsets.US_ASCII);
            byte[] actual = hash(row.salt(), secret).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, actual) && row.key().active()) {
                return Optional.of(row.key());
            }
        }
        return Optional.empty();
    }

    private record Row(VirtualKey key, String salt, String hash) {}

    private List<Row> select(String sql, @Nullable String id) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                ps.setString(1, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw failure("read virtual keys", e);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        String budget = rs.getString("budget_usd_per_day");
        String models = rs.getString("models");
        Set<String> allowed = new LinkedHashSet<>();
        if (models != null && !models.isBlank()) {
            allowed.addAll(Arrays.asList(models.split(",")));
        }
        long revoked = rs.getLong("revoked_at_ms");
        Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
        VirtualKey key = new VirtualKey(
                rs.getString("key_id"),
                rs.getString("name"),
                budget == null ? null : new BigDecimal(budget),
                nullableLong(rs, "rpm"),
                nullableLong(rs, "tpm"),
                allowed,
                Instant.ofEpochMilli(rs.getLong("created_at_ms")),
                revokedAt);
        return new Row(key, rs.getString("salt"), rs.getString("secret_hash"));
    }

    private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setLong(PreparedStatement ps, int index, @Nullable Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private byte[] bytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    private static String hash(String salt, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HEX.parseHex(salt));
            sha.update(secret.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("could not " + what + " in " + describe + ": " + e.getMessage(), e);
    }
}
