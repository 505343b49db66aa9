package dev.flotilla.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class GroupCommitTest {
    private static final String INSERT = "INSERT INTO t (id, v) VALUES (?, ?)";

    @TempDir
    Path dir;

    private SQLiteDataSource db;

    @BeforeEach
    void createTable() throws SQLException {
        db = new SQLiteDataSource();
        db.setUrl("jdbc:sqlite:" + dir.resolve("g.db"));
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        }
    }

    @Test
    void writesQueuedWhileTheWriterIsBusy_shareOneTransaction_andEachCallerGetsItsOwnCount() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit writes = new GroupCommit(db);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = busyLeader(threads, writes, 0, release);
            List<Future<Integer>> queued = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                queued.add(insert(threads, writes, i, "v" + i));
            }
            // a duplicate id updates nothing but does not fail: INSERT OR IGNORE is what callers use
            // (id 0, the first write's, which commits before any of these: queue order is not fixed)
            Future<Integer> ignored = threads.submit(
                    () -> writes.execute("INSERT OR IGNORE INTO t (id, v) VALUES (0, 'again')", ps -> {}));
            waitUntilQueued(queued.size() + 1, writes);
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            for (Future<Integer> f : queued) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(ignored.get(10, TimeUnit.SECONDS)).isZero();
            // the first write alone, then the 51 queued behind it together, by one leader
            assertThat(writes.transactions()).isEqualTo(2);
        }
        assertThat(count()).isEqualTo(51);
    }

    @Test
    void aFailingWriteFailsAlone_theOthersInItsBatchAreCommitted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit writes = new GroupCommit(db);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = busyLeader(threads, writes, 100, release);
            Future<Integer> good1 = insert(threads, writes, 1, "a");
            Future<Integer> bad = insert(threads, writes, 2, null); // NOT NULL violation
            Future<Integer> good2 = insert(threads, writes, 3, "c");
            waitUntilQueued(3, writes);
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(good1.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(good2.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("NOT NULL");
        }
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void anInterruptedCaller_stillCommits_andKeepsItsInterrupt() throws Exception {
        GroupCommit writes = new GroupCommit(db);

        Thread.currentThread().interrupt();
        int count;
        try {
            count = writes.execute(INSERT, ps -> {
                ps.setInt(1, 7);
                ps.setString(2, "cancelled but paid");
            });
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }

        assertThat(count).isEqualTo(1);
        assertThat(count()).isEqualTo(1);
    }

    /** A write that holds the commit lock (binding inside it) until {@code release}; returns once it does. */
    private static Future<Integer> busyLeader(
            ExecutorService threads, GroupCommit writes, int id, CountDownLatch release) throws InterruptedException {
        CountDownLatch leading = new CountDownLatch(1);
        Future<Integer> first = threads.submit(() -> writes.execute(INSERT, ps -> {
            leading.countDown();
            awaitQuietly(release);
            ps.setInt(1, id);
            ps.setString(2, "first");
        }));
        assertThat(leading.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private static Future<Integer> insert(ExecutorService threads, GroupCommit writes, int id, @Nullable String v) {
        return threads.submit(() -> writes.execute(INSERT, ps -> {
            ps.setInt(1, id);
            ps.setString(2, v);
        }));
    }

    private long count() throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits (bounded) until the writes are queued behind the busy writer. */
    private static void waitUntilQueued(int writes, GroupCommit commit) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (commit.queued() < writes && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(commit.queued()).isEqualTo(writes);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
