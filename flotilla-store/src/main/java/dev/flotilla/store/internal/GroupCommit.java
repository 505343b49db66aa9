package dev.flotilla.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Group commit: concurrent writes share a transaction. Each write joins a queue; the caller that
 * gets the commit lock becomes the leader, takes everything queued and commits it in one
 * transaction, and the callers waiting behind it find their writes already committed. Alone, a
 * caller commits its own write on its own thread, with no hand-off. A caller returns only once its
 * write is committed (durable when its method returns), and writes commit in the order they were
 * queued. When a shared transaction fails, its writes are retried one per transaction, so one bad
 * write fails alone.
 */
public final class GroupCommit {
    /** Binds a statement's parameters. */
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private record Write(String sql, Binder binder, CompletableFuture<Integer> done) {}

    private final DataSource pool;
    private final Queue<Write> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();
    private final AtomicLong transactions = new AtomicLong();

    /** Writes through connections from {@code pool}. */
    public GroupCommit(DataSource pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * Executes one statement and returns its update count once it is committed. Waits
     * uninterruptibly: a write that was queued is committed whether or not its caller is cancelled
     * meanwhile, so its method's promise (durable on return) holds.
     *
     * @throws SQLException the statement's own failure
     */
    public int execute(String sql, Binder binder) throws SQLException {
        Write write = new Write(sql, binder, new CompletableFuture<>());
        queue.add(write);
        // Uninterruptible: a cancelled caller's write still commits (the pool would refuse an
        // interrupted thread a connection), and the interrupt is restored afterwards.
        boolean interrupted = Thread.interrupted();
        leader.lock();
        try {
            // Not done: no leader has taken it yet (leaders take and complete under this lock).
            if (!write.done().isDone()) {
                List<Write> batch = new ArrayList<>();
                for (Write next; (next = queue.poll()) != null; ) {
                    batch.add(next);
                }
                commit(batch);
            }
        } finally {
            leader.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            return write.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** How many transactions have committed (fewer than the writes when they share). */
    public long transactions() {
        return transactions.get();
    }

    /** How many writes wait for a leader. */
    public int queued() {
        return queue.size();
    }

    private void commit(List<Write> batch) {
        if (batch.size() > 1 && commitTogether(batch)) {
            return;
        }
        for (Write write : batch) {
            commitAlone(write);
        }
    }

    /** One transaction for the whole batch; false (rolled back, nobody completed) when it fails. */
    private boolean commitTogether(List<Write> batch) {
        int[] counts = new int[batch.size()];
        boolean committed = false;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Map<String, PreparedStatement> statements = new HashMap<>();
                try {
                    for (int i = 0; i < batch.size(); i++) {
                        Write write = batch.get(i);
                        PreparedStatement ps = statements.get(write.sql());
                        if (ps == null) {
                            ps = connection.prepareStatement(write.sql());
                            statements.put(write.sql(), ps);
                        }
                        write.binder().bind(ps);
                        counts[i] = ps.executeUpdate();
                    }
                } finally {
                    for (PreparedStatement ps : statements.values()) {
                        ps.close();
                    }
                }
                connection.commit();
                committed = true;
                transactions.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // no connection (each write will report it on its own), or it could not be reset
        }
        if (!committed) {
            return false;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(counts[i]);
        }
        return true;
    }

    private void commitAlone(Write write) {
        try (Connection connection = pool.getConnection();
                PreparedStatement ps = connection.prepareStatement(write.sql())) {
            write.binder().bind(ps);
            int count = ps.executeUpdate();
            transactions.incrementAndGet();
            write.done().complete(count);
        } catch (SQLException | RuntimeException e) {
            write.done().completeExceptionally(e);
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the pool discards a broken connection
        }
    }
}
