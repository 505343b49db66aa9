package dev.flotilla.catalog;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a model is served: an OpenAI-compatible base URL, the environment variable that holds its
 * API key (never the key itself), and the API to speak.
 *
 * @param baseUrl for example {@code https://api.openai.com/v1} or {@code http://127.0.0.1:11434/v1}
 * @param apiKeyEnv the environment variable holding the key, or null for endpoints without auth
 * @param api Responses or Chat Completions
 */
public record Endpoint(URI baseUrl, @Nullable String apiKeyEnv, WireApi api) {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** OpenAI's public endpoint, keyed by {@code OPENAI_API_KEY}. */
    public static final Endpoint OPENAI =
            new Endpoint(URI.create("https://api.openai.com/v1"), "OPENAI_API_KEY", WireApi.RESPONSES);

    public Endpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(api, "api");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, got '" + baseUrl + "'");
        }
        if (apiKeyEnv != null && !ENV_NAME.matcher(apiKeyEnv).matches()) {
            throw new IllegalArgumentException(
                    "apiKeyEnv must name an environment variable (letters, digits, _)," + " got '" + apiKeyEnv + "'");
        }
    }
}
