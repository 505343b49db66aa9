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
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit writes = new GroupCommit(db);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = threads.submit(() -> writes.execute(INSERT, ps -> {
                writerBusy.countDown();
                awaitQuietly(release);
                ps.setInt(1, 0);
                ps.setString(2, "first");
            }));
            assertThat(writerBusy.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> queued = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                int id = i;
                queued.add(threads.submit(() -> writes.execute(INSERT, ps -> {
                    ps.setInt(1, id);
                    ps.setString(2, "v" + id);
                })));
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
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit writes = new GroupCommit(db);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = threads.submit(() -> writes.execute(INSERT, ps -> {
                writerBusy.countDown();
                awaitQuietly(release);
                ps.setInt(1, 100);
                ps.setString(2, "x");
            }));
            assertThat(writerBusy.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> good1 = threads.submit(() -> writes.execute(INSERT, ps -> {
                ps.setInt(1, 1);
                ps.setString(2, "a");
            }));
            Future<Integer> bad = threads.submit(() -> writes.execute(INSERT, ps -> {
                ps.setInt(1, 2);
                ps.setString(2, null); // NOT NULL violation
            }));
            Future<Integer> good2 = threads.submit(() -> writes.execute(INSERT, ps -> {
                ps.setInt(1, 3);
                ps.setString(2, "c");
            }));
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
