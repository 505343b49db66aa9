package dev.flotilla.routing;

import dev.flotilla.routing.internal.PolicyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The routing policies by name and the default one: the bundled {@code policies.yaml}, extended and
 * overridden by the user's config file. Immutable.
 */
public final class Policies {
    /** The bundled policies, a classpath resource. */
    public static final String BUNDLED_RESOURCE = "/dev/flotilla/routing/policies.yaml";

    private final Map<String, Policy> byName;
    private final String defaultName;

    /**
     * Creates a set of policies.
     *
     * @throws PolicyException when there are none or the default is not among them
     */
    public Policies(List<Policy> policies, String defaultName) {
        Map<String, Policy> map = new LinkedHashMap<>();
        for (Policy policy : policies) {
            if (map.putIfAbsent(policy.name(), policy) != null) {
                throw new PolicyException("duplicate policy name '" + policy.name() + "'");
            }
        }
        if (map.isEmpty()) {
            throw new PolicyException("no routing policies defined");
        }
        if (!map.containsKey(defaultName)) {
            throw new PolicyException("defaultPolicy '" + defaultName + "' is not a policy; accepted: "
                    + String.join(", ", map.keySet()));
        }
        this.byName = java.util.Collections.unmodifiableMap(map);
        this.defaultName = defaultName;
    }

    /** The bundled policies: {@code balanced} (the default), {@code cheapest} and {@code quality}. */
    public static Policies bundled() {
        return PolicyParser.load(null);
    }

    /**
     * Loads the bundled policies with a user config file on top (its {@code routing:} section; other
     * top-level keys belong to other features and are left alone).
     *
     * @throws PolicyException naming the file, policy and field of the first invalid value
     */
    public static Policies load(@Nullable Path configFile) {
        return PolicyParser.load(configFile);
    }

    /**
     * The policies a command should use: {@code explicitFile} when given (it must exist), else
     * {@code flotillaHome/config.yaml} when it exists, else the bundled ones.
     *
     * @throws PolicyException when the explicit file is missing or any file is invalid
     */
    public static Policies resolve(@Nullable Path explicitFile, Path flotillaHome) {
        if (explicitFile != null) {
            if (!Files.isRegularFile(explicitFile)) {
                throw new PolicyException("config file not found: " + explicitFile);
            }
            return load(explicitFile);
        }
        Path homeFile = flotillaHome.resolve("config.yaml");
        return load(Files.isRegularFile(homeFile) ? homeFile : null);
    }

    /** Every policy, bundled ones first. */
    public List<Policy> all() {
        return List.copyOf(byName.values());
    }

    /** The names of every policy. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The default policy. */
    public Policy defaultPolicy() {
        return byName.get(defaultName);
    }

    /** The policy with this name, if any. */
    public Optional<Policy> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The policy with this name.
     *
     * @throws PolicyException naming the unknown name and the accepted ones
     */
    public Policy require(String name) {
        Policy policy = byName.get(name);
        if (policy == null) {
            throw new PolicyException("unknown policy '" + name + "'; accepted: " + String.join(", ", byName.keySet()));
        }
        return policy;
    }
}
