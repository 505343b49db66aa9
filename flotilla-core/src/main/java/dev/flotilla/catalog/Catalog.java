package dev.flotilla.catalog;

import dev.flotilla.catalog.internal.CatalogParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The models Flotilla may call: the bundled defaults, overridden and extended by a user file.
 * Immutable once loaded.
 */
public final class Catalog {
    /** The bundled default catalog, a classpath resource. */
    public static final String BUNDLED_RESOURCE = "/dev/flotilla/catalog/default-catalog.yaml";

    private final Map<String, ModelSpec> models;
    private final int rateLimitTier;
    private final List<String> sources;

    /**
     * Creates a catalog from validated models.
     *
     * @throws CatalogException when ids repeat, a fallback is unknown or fallbacks form a cycle
     */
    public Catalog(List<ModelSpec> models, int rateLimitTier, List<String> sources) {
        if (models.isEmpty()) {
            throw new CatalogException("the catalog has no models (" + String.join(" + ", sources) + ")");
        }
        Map<String, ModelSpec> byId = new LinkedHashMap<>();
        for (ModelSpec model : models) {
            if (byId.putIfAbsent(model.id(), model) != null) {
                throw new CatalogException("duplicate model id '" + model.id() + "'");
            }
        }
        if (rateLimitTier < 1 || rateLimitTier > 5) {
            throw new CatalogException("rateLimitTier must be 1 to 5, got " + rateLimitTier);
        }
        CatalogParser.checkFallbacks(byId, String.join(" + ", sources));
        this.models = Collections.unmodifiableMap(byId);
        this.rateLimitTier = rateLimitTier;
        this.sources = List.copyOf(sources);
    }

    /**
     * Loads the bundled catalog only.
     *
     * @throws CatalogException when the bundled file is invalid (a build error)
     */
    public static Catalog bundled() {
        return CatalogParser.load(null);
    }

    /**
     * Loads the bundled catalog with a user file on top: entries with a known id override the fields
     * they give, new ids add models.
     *
     * @param userFile the user's catalog, or null for the bundled one alone
     * @throws CatalogException naming the file, entry and field of the first invalid value
     */
    public static Catalog load(@Nullable Path userFile) {
        return CatalogParser.load(userFile);
    }

    /**
     * Loads the catalog a command should use: {@code explicitFile} when given (it must exist), else
     * {@code flotillaHome/catalog.yaml} when it exists, else the bundled catalog.
     *
     * @throws CatalogException when the explicit file is missing or any file is invalid
     */
    public static Catalog resolve(@Nullable Path explicitFile, Path flotillaHome) {
        if (explicitFile != null) {
            if (!Files.isRegularFile(explicitFile)) {
                throw new CatalogException("catalog file not found: " + explicitFile);
            }
            return load(explicitFile);
        }
        Path homeFile = flotillaHome.resolve("catalog.yaml");
        return load(Files.isRegularFile(homeFile) ? homeFile : null);
    }

    /** Every model, in catalog order. */
    public List<ModelSpec> models() {
        return List.copyOf(models.values());
    }

    /** The ids of every model, in catalog order. */
    public List<String> ids() {
        return List.copyOf(models.keySet());
    }

    /** The model with this id, if any. */
    public Optional<ModelSpec> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /**
     * The model with this id.
     *
     * @throws UnknownModelException naming the id and the known ones
     */
    public ModelSpec require(String id) {
        ModelSpec model = models.get(id);
        if (model == null) {
            throw new UnknownModelException(id, models.keySet());
        }
        return model;
    }

    /**
     * The model a tier alias ({@code flagship}, {@code mini}, {@code nano}) stands for: the first
     * automatically routable model of that tier in catalog order.
     */
    public Optional<ModelSpec> forTier(Tier tier) {
        return models.values().stream()
                .filter(m -> m.tier() == tier && m.autoRoute())
                .findFirst();
    }

    /** The flagship: the first routable flagship-tier model, or else the most capable model. */
    public ModelSpec flagship() {
        return forTier(Tier.FLAGSHIP)
                .orElseGet(() -> models.values().stream()
                        .max(Comparator.comparingInt((ModelSpec m) -> m.tier().rank()))
                        .orElseThrow());
    }

    /** The account tier (1 to 5) whose rate limits seed the limiters. */
    public int rateLimitTier() {
        return rateLimitTier;
    }

    /** The rate limit of a model at this catalog's account tier. */
    public Optional<RateLimit> rateLimit(ModelSpec model) {
        return model.rateLimitFor(rateLimitTier);
    }

    /** Where this catalog came from: the bundled resource and the user file, if any. */
    public List<String> sources() {
        return sources;
    }

    /** A catalog with the same settings and these models instead (for tests and tools). */
    public Catalog withModels(List<ModelSpec> replacement) {
        return new Catalog(new ArrayList<>(replacement), rateLimitTier, sources);
    }
}
