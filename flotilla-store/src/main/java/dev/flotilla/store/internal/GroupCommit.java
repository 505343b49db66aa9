package dev.flotilla.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Group commit: every write of a ledger goes through one writer thread that takes what is queued
 * and commits it in one transaction, so concurrent callers share a commit instead of queueing for
 * the connection one statement at a time. A caller still returns only when its own write is
 * committed (durable when its method returns), and writes commit in the order they were
 * submitted. When a batch fails, its writes are retried one per transaction, so one bad write
 * fails alone.
 */
public final class GroupCommit implements AutoCloseable {
    /** Binds a statement's parameters. */
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static final int MAX_BATCH = 512;

    private record Write(String sql, Binder binder, CompletableFuture<Integer> done) {}

    private static final Write STOP = new Write("", ps -> {}, new CompletableFuture<>());

    private final DataSource pool;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private boolean closed; // guarded by queue
    private final AtomicLong transactions = new AtomicLong();

    /** Starts the writer thread over connections from {@code pool}. */
    public GroupCommit(DataSource pool, String name) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.writer = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /**
     * Executes one statement and returns its update count once it is committed. Waits
     * uninterruptibly: a write that was submitted is committed whether or not its caller is
     * cancelled meanwhile, so its method's promise (durable on return) holds.
     *
     * @throws SQLException the statement's own failure
     * @throws IllegalStateException when the writer is closed
     */
    public int execute(String sql, Binder binder) throws SQLException {
        Write write = new Write(sql, binder, new CompletableFuture<>());
        synchronized (queue) { // so that nothing is queued behind the writer's stop
            if (closed) {
                throw new IllegalStateException("the ledger is closed");
            }
            queue.add(write);
        }
        try {
            return write.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql2) {
                throw sql2;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** How many transactions the writer has committed (fewer than the writes when they share). */
    public long transactions() {
        return transactions.get();
    }

    /** How many writes wait for the writer. */
    public int queued() {
        return queue.size();
    }

    /** Commits what is queued, then stops the writer. */
    @Override
    public void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() stops the writer, after the queue is drained
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            if (stop) {
                return; // STOP is the last write ever queued
            }
        }
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
                transactions.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                return false;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            return false; // no connection: each write will report it on its own
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
            // the connection is discarded by the pool if it is broken
        }
    }
}
