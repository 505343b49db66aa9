package dev.flotilla.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A load driver for an OpenAI-compatible endpoint on the JDK HttpClient (HTTP/1.1, one virtual
 * thread per connection or request).
 *
 * <pre>
 * LoadDriver URL closed CONNECTIONS SECONDS [stream] [--pids P1,P2]
 * LoadDriver URL open   RATE        SECONDS [stream] [--pids P1,P2]
 * </pre>
 *
 * Closed loop: CONNECTIONS workers each send the next request when the last one ends. Open loop:
 * requests are scheduled at RATE per second and latency is measured from the scheduled send time
 * (so a stalled server cannot hide its queue: no coordinated omission). Streaming requests also
 * record the time to the first body chunk. The first 20% of the run is warm-up and not counted.
 * Prints throughput, p50/p90/p99/max latency (and time to first chunk), errors, and the CPU
 * seconds each listed process used (from /proc).
 */
public final class LoadDriver {
    private LoadDriver() {}

    private record Sample(long latencyNanos, long firstChunkNanos, boolean ok) {}

    /** Runs one load test and prints one result line. */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: LoadDriver URL closed|open CONNECTIONS|RATE SECONDS [stream] [--pids a,b]");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        String mode = args[1];
        int level = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        boolean stream = Arrays.asList(args).contains("stream");
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--pids")) {
                for (String p : args[i + 1].split(",")) {
                    pids.add(Long.parseLong(p));
                }
            }
        }
        String body = "{\"model\":\"gpt-5.4-mini\",\"max_tokens\":64,"
                + (stream ? "\"stream\":true,\"stream_options\":{\"include_usage\":true}," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the load test\"}]}";
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + System.getenv().getOrDefault("LOAD_KEY", "sk-load"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long warmEnd = start + seconds * 200_000_000L;
        long end = start + seconds * 1_000_000_000L;
        double[] cpuBefore = cpu(pids);
        AtomicLong sent = new AtomicLong();
        if (mode.equals("closed")) {
            try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < level; c++) {
                    workers.submit(() -> {
                        while (System.nanoTime() < end) {
                            long t0 = System.nanoTime();
                            Sample s = send(client, request, t0);
                            sent.incrementAndGet();
                            if (t0 >= warmEnd) {
                                samples.add(s);
                            }
                        }
                        return null;
                    });
                }
            }
        } else {
            long interval = 1_000_000_000L / level;
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (long scheduled = start; scheduled < end; scheduled += interval) {
                    long now;
                    while ((now = System.nanoTime()) < scheduled) {
                        LockSupport.parkNanos(Math.min(scheduled - now, 200_000));
                    }
                    long at = scheduled;
                    senders.submit(() -> {
                        Sample s = send(client, request, at);
                        sent.incrementAndGet();
                        if (at >= warmEnd) {
                            samples.add(s);
                        }
                    });
                }
            }
        }
        double[] cpuAfter = cpu(pids);
        double measured = (end - warmEnd) / 1e9;
        long[] latency = samples.stream()
                .filter(Sample::ok)
                .mapToLong(Sample::latencyNanos)
                .sorted()
                .toArray();
        long[] first = samples.stream()
                .filter(Sample::ok)
                .mapToLong(Sample::firstChunkNanos)
                .sorted()
                .toArray();
        long errors = samples.stream().filter(s -> !s.ok()).count();
        StringBuilder cpuText = new StringBuilder();
        for (int i = 0; i < pids.size(); i++) {
            cpuText.append(String.format(Locale.ROOT, " cpu[%d]=%.1fs", pids.get(i), cpuAfter[i] - cpuBefore[i]));
        }
        System.out.printf(
                Locale.ROOT,
                "%s %s %d %s: %.0f req/s, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%s, errors %d,"
                        + " whole-run cpu over %ds:%s%n",
                url.getPath(),
                mode,
                level,
                stream ? "stream" : "plain",
                latency.length / measured,
                ms(latency, 0.50),
                ms(latency, 0.90),
                ms(latency, 0.99),
                ms(latency, 1.0),
                stream
                        ? String.format(
                                Locale.ROOT, ", first chunk p50 %.3f ms p99 %.3f ms", ms(first, 0.5), ms(first, 0.99))
                        : "",
                errors,
                seconds,
                cpuText);
        System.exit(0);
    }

    private static Sample send(HttpClient client, HttpRequest request, long t0) {
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long first = 0;
            try (InputStream in = response.body()) {
                byte[] buffer = new byte[16384];
                int n = in.read(buffer);
                first = System.nanoTime() - t0;
                while (n >= 0) {
                    n = in.read(buffer);
                }
            }
            return new Sample(System.nanoTime() - t0, first, response.statusCode() == 200);
        } catch (IOException e) {
            return new Sample(System.nanoTime() - t0, 0, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sample(0, 0, false);
        }
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** CPU seconds (user + system) of each process, from /proc/PID/stat (clock ticks of 1/100 s). */
    private static double[] cpu(List<Long> pids) throws IOException {
        double[] out = new double[pids.size()];
        for (int i = 0; i < pids.size(); i++) {
            String stat = Files.readString(Path.of("/proc", pids.get(i).toString(), "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            out[i] = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        }
        return out;
    }
}
