package dev.flotilla.sim.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The prompt cache: remembers recent prompts per model and finds the longest prefix a new prompt
 * shares with one of them. As OpenAI's, entries expire after a while unused. Thread-safe.
 */
public final class PrefixCache {
    /** OpenAI caches no prompt shorter than this. */
    public static final int MIN_CACHED_TOKENS = 1024;

    /** Past the first 1024, cache hits grow in blocks of this many tokens. */
    public static final int BLOCK_TOKENS = 128;

    private final int entriesPerModel;
    private final long ttlNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Deque<Entry>> byModel = new HashMap<>();

    /** A cache keeping {@code entriesPerModel} prompts per model, each for {@code ttl} after last use. */
    public PrefixCache(int entriesPerModel, Duration ttl) {
        if (entriesPerModel < 1) {
            throw new IllegalArgumentException("entriesPerModel must be positive, got " + entriesPerModel);
        }
        this.entriesPerModel = entriesPerModel;
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * Returns how many leading characters of {@code prompt} an earlier live prompt of this model
     * shares, then remembers {@code prompt}.
     */
    public int lookupAndStore(String model, String prompt, long nowNanos) {
        lock.lock();
        try {
            Deque<Entry> entries = byModel.computeIfAbsent(model, unused -> new ArrayDeque<>());
            int best = 0;
            Entry bestEntry = null;
            for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
                Entry entry = it.next();
                if (nowNanos - entry.lastUsedNanos > ttlNanos) {
                    it.remove();
                    continue;
                }
                int shared = sharedPrefix(entry.prompt, prompt);
                if (shared > best) {
                    best = shared;
                    bestEntry = entry;
                }
            }
            if (bestEntry != null) {
                bestEntry.lastUsedNanos = nowNanos;
            }
            if (bestEntry == null || !bestEntry.prompt.equals(prompt)) {
                entries.addFirst(new Entry(prompt, nowNanos));
                while (entries.size() > entriesPerModel) {
                    entries.removeLast();
                }
            }
            return best;
        } finally {
            lock.unlock();
        }
    }

    /** The cached tokens OpenAI would report for a shared prefix of {@code sharedTokens} tokens. */
    public static long cachedTokens(long sharedTokens) {
        if (sharedTokens < MIN_CACHED_TOKENS) {
            return 0;
        }
        return MIN_CACHED_TOKENS + (sharedTokens - MIN_CACHED_TOKENS) / BLOCK_TOKENS * BLOCK_TOKENS;
    }

    private static int sharedPrefix(String a, String b) {
        int limit = Math.min(a.length(), b.length());
        int i = 0;
        while (i < limit && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static final class Entry {
        final String prompt;
        long lastUsedNanos;

        Entry(String prompt, long lastUsedNanos) {
            this.prompt = prompt;
            this.lastUsedNanos = lastUsedNanos;
        }
    }
}
