package dev.flotilla.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway listens and what it accepts.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1}
 * @param port the port, 0 for any free one
 * @param maxBodyBytes the largest request body accepted (larger: 413 before any upstream call)
 * @param maxMessages the most messages (Chat) or input items (Responses) in a request (more: 400)
 * @param defaultMaxOutputTokens the output cap of a request that sets none (never above the served
 *     model's maximum); it is what the budget reserves for such a request
 * @param keyCacheTtl how long an authenticated key is trusted before it is read again (so a
 *     revocation counts within this time; a new key counts at once)
 */
public record GatewayConfig(
        String host, int port, long maxBodyBytes, int maxMessages, long defaultMaxOutputTokens, Duration keyCacheTtl) {

    /** 127.0.0.1 on any port, 4 MiB bodies, 2,048 messages, 4,096 output tokens, keys cached 2 s. */
    public static final GatewayConfig DEFAULT =
            new GatewayConfig("127.0.0.1", 0, 4L * 1024 * 1024, 2048, 4096, Duration.ofSeconds(2));

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(keyCacheTtl, "keyCacheTtl");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
        }
        if (maxMessages <= 0) {
            throw new IllegalArgumentException("maxMessages must be positive, got " + maxMessages);
        }
        if (defaultMaxOutputTokens <= 0) {
            throw new IllegalArgumentException(
                    "defaultMaxOutputTokens must be positive, got " + defaultMaxOutputTokens);
        }
        if (keyCacheTtl.isNegative()) {
            throw new IllegalArgumentException("keyCacheTtl must not be negative, got " + keyCacheTtl);
        }
    }

    /** This configuration on another host and port. */
    public GatewayConfig withAddress(String otherHost, int otherPort) {
        return new GatewayConfig(otherHost, otherPort, maxBodyBytes, maxMessages, defaultMaxOutputTokens, keyCacheTtl);
    }

    /** This configuration with another body cap. */
    public GatewayConfig withMaxBodyBytes(long bytes) {
        return new GatewayConfig(host, port, bytes, maxMessages, defaultMaxOutputTokens, keyCacheTtl);
    }

    /** This configuration with another message cap. */
    public GatewayConfig withMaxMessages(int count) {
        return new GatewayConfig(host, port, maxBodyBytes, count, defaultMaxOutputTokens, keyCacheTtl);
    }

    /** This configuration with another default output cap. */
    public GatewayConfig withDefaultMaxOutputTokens(long tokens) {
        return new GatewayConfig(host, port, maxBodyBytes, maxMessages, tokens, keyCacheTtl);
    }
}
