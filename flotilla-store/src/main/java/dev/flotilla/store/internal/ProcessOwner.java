package dev.flotilla.store.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * Names the process that holds a reservation, {@code host/pid/startMillis}, so that reconciliation
 * touches only reservations whose process is dead: another live process on the same ledger (a
 * gateway while {@code flotilla spend} runs) keeps its open reservations.
 */
public final class ProcessOwner {
    private ProcessOwner() {}

    /** This process. */
    public static String current() {
        ProcessHandle self = ProcessHandle.current();
        return of(
                self.pid(),
                self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
    }

    /** A process on this host. */
    public static String of(long pid, long startMillis) {
        return host() + "/" + pid + "/" + startMillis;
    }

    /**
     * Whether the owner is certainly dead: on this host, and no process with its pid and start time
     * is alive. Owners on other hosts, or unreadable ones, are never judged dead here.
     */
    public static boolean isDead(String owner) {
        String[] parts = owner.split("/");
        if (parts.length != 3 || !parts[0].equals(host())) {
            return false;
        }
        long pid;
        long start;
        try {
            pid = Long.parseLong(parts[1]);
            start = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        // A reused pid belongs to another process when its start time differs.
        Optional<Instant> started = process.get().info().startInstant();
        return start != 0 && started.isPresent() && started.get().toEpochMilli() != start;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
