package dev.flotilla.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    @TempDir
    Path dir;

    @Test
    void bundled_hasTheFourReferenceModelsWithTheirPrices() {
        Catalog catalog = Catalog.bundled();

        assertThat(catalog.ids()).containsExactly("gpt-5.4", "gpt-5.4-mini", "gpt-5.4-nano", "gpt-5-mini");
        ModelSpec flagship = catalog.require("gpt-5.4");
        assertThat(flagship.tier()).isEqualTo(Tier.FLAGSHIP);
        assertThat(flagship.prices().inputPerMillion()).isEqualByComparingTo("2.50");
        assertThat(flagship.prices().cachedInputPerMillion()).isEqualByComparingTo("0.25");
        assertThat(flagship.prices().outputPerMillion()).isEqualByComparingTo("15.00");
        assertThat(flagship.prices().longContextTier()).hasValueSatisfying(lc -> {
            assertThat(lc.aboveInputTokens()).isEqualTo(272_000);
            assertThat(lc.inputMultiplier()).isEqualByComparingTo("2");
            assertThat(lc.outputMultiplier()).isEqualByComparingTo("1.5");
        });
        assertThat(flagship.contextWindow()).isEqualTo(1_050_000);
        assertThat(catalog.rateLimit(flagship)).contains(new RateLimit(500, 30_000));

        ModelSpec mini = catalog.require("gpt-5.4-mini");
        assertThat(mini.quotaWeight()).isEqualByComparingTo("0.30");
        assertThat(mini.prices().cachedInputPerMillion()).isEqualByComparingTo("0.075");
        assertThat(mini.assumed()).contains("prices.cachedInput");
        assertThat(mini.qualityFor("coding"))
                .hasValueSatisfying(s -> assertThat(s).isEqualByComparingTo("54.4"));
        assertThat(mini.supports(java.util.Set.of(Capability.COMPUTER_USE, Capability.SKILLS)))
                .isTrue();

        ModelSpec nano = catalog.require("gpt-5.4-nano");
        assertThat(nano.prices().inputPerMillion()).isEqualByComparingTo("0.20");
        assertThat(nano.prices().outputPerMillion()).isEqualByComparingTo("1.25");
        assertThat(nano.supports(java.util.Set.of(Capability.COMPUTER_USE))).isFalse();
        assertThat(catalog.require("gpt-5-mini").autoRoute()).isFalse();
        assertThat(catalog.forTier(Tier.MINI)).map(ModelSpec::id).contains("gpt-5.4-mini");
        assertThat(catalog.flagship().id()).isEqualTo("gpt-5.4");
    }

    @Test
    void require_unknownModel_namesTheKnownOnes() {
        assertThatThrownBy(() -> Catalog.bundled().require("gpt-9"))
                .isInstanceOf(UnknownModelException.class)
                .hasMessage("unknown model 'gpt-9'; known models: gpt-5.4, gpt-5.4-mini, gpt-5.4-nano, gpt-5-mini");
    }

    @Test
    void load_userFile_overridesFieldsAndAddsModels() throws IOException {
        Path file = write("""
                rateLimitTier: 3
                models:
                  - id: gpt-5.4-mini
                    prices: { cachedInput: 0.08 }
                  - id: local-qwen
                    tier: nano
                    prices: { input: 0, output: 0 }
                    contextWindow: 32768
                    maxOutputTokens: 8192
                    endpoint: { baseUrl: "http://127.0.0.1:11434/v1", apiKeyEnv: OLLAMA_API_KEY }
                """);

        Catalog catalog = Catalog.load(file);

        ModelSpec mini = catalog.require("gpt-5.4-mini");
        assertThat(mini.prices().cachedInputPerMillion()).isEqualByComparingTo("0.08");
        assertThat(mini.prices().inputPerMillion()).isEqualByComparingTo("0.75"); // untouched fields kept
        assertThat(catalog.rateLimitTier()).isEqualTo(3);
        ModelSpec local = catalog.require("local-qwen");
        assertThat(local.endpoint().baseUrl()).hasToString("http://127.0.0.1:11434/v1");
        assertThat(local.endpoint().apiKeyEnv()).isEqualTo("OLLAMA_API_KEY");
        assertThat(local.endpoint().api()).isEqualTo(WireApi.CHAT_COMPLETIONS);
        assertThat(catalog.sources()).containsExactly("bundled catalog", file.toString());
    }

    @Test
    void resolve_prefersExplicitFileThenHomeFile() throws IOException {
        Files.writeString(dir.resolve("catalog.yaml"), "models:\n  - id: gpt-5.4\n    prices: { output: 16 }\n");

        assertThat(Catalog.resolve(null, dir).require("gpt-5.4").prices().outputPerMillion())
                .isEqualByComparingTo("16");
        assertThat(Catalog.resolve(null, dir.resolve("elsewhere"))
                        .require("gpt-5.4")
                        .prices()
                        .outputPerMillion())
                .isEqualByComparingTo("15");
        assertThatThrownBy(() -> Catalog.resolve(dir.resolve("missing.yaml"), dir))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("catalog file not found")
                .hasMessageContaining("missing.yaml");
    }

    @Test
    void load_unknownCapability_namesFileEntryFieldAndAccepted() throws IOException {
        Path file = write(newModel("capabilities: [tools, telepathy]"));

        assertThatThrownBy(() -> Catalog.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("model 'm1'")
                .hasMessageContaining("field 'capabilities'")
                .hasMessageContaining("'telepathy'")
                .hasMessageContaining("accepted: tools, function_calling");
    }

    @Test
    void load_negativePrice_isRefused() throws IOException {
        Path file = write("""
                models:
                  - id: gpt-5.4-nano
                    prices: { input: -0.20 }
                """);

        assertThatThrownBy(() -> Catalog.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessage(file + ": model 'gpt-5.4-nano': field 'prices.input': must not be negative, got -0.2");
    }

    @Test
    void load_missingContextWindow_isRefused() throws IOException {
        Path file = write("""
                models:
                  - id: m1
                    tier: mini
                    prices: { input: 1, output: 2 }
                    maxOutputTokens: 100
                """);

        assertThatThrownBy(() -> Catalog.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessage(file + ": model 'm1': field 'contextWindow': required but missing");
    }

    @Test
    void load_duplicateId_isRefused() throws IOException {
        Path file = write("""
                models:
                  - id: gpt-5.4
                    prices: { output: 16 }
                  - id: gpt-5.4
                    prices: { output: 17 }
                """);

        assertThatThrownBy(() -> Catalog.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessage(file + ": model 'gpt-5.4': duplicate id");
    }

    @Test
    void load_fallbackCycle_isRefusedWithTheCycle() throws IOException {
        Path file = write("""
                models:
                  - id: gpt-5.4-nano
                    fallbacks: [gpt-5.4]
                """);

        assertThatThrownBy(() -> Catalog.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("fallback cycle gpt-5.4 -> gpt-5.4-mini -> gpt-5.4-nano -> gpt-5.4");
    }

    @Test
    void load_unknownFallback_isRefused() throws IOException {
        Path file = write(newModel("fallbacks: [gpt-7]"));

        assertThatThrownBy(() -> Catalog.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("model 'm1': field 'fallbacks': unknown model 'gpt-7'");
    }

    @Test
    void load_cachedPriceAboveInput_isRefused() throws IOException {
        Path file = write("""
                models:
                  - id: gpt-5.4-nano
                    prices: { cachedInput: 0.5 }
                """);

        assertThatThrownBy(() -> Catalog.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("field 'prices.cachedInput': must not exceed prices.input 0.2, got 0.5");
    }

    @Test
    void load_unknownFieldOrBadYaml_isRefused() throws IOException {
        Path typo = write(newModel("contextWindo: 5"));
        assertThatThrownBy(() -> Catalog.load(typo)).hasMessageContaining("field 'contextWindo': unknown field");

        Path broken = write("models: [ {id: x\n");
        assertThatThrownBy(() -> Catalog.load(broken))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void prices_areExactDecimals() {
        ModelSpec mini = Catalog.bundled().require("gpt-5.4-mini");
        assertThat(mini.prices().cachedInputPerMillion()).isEqualTo(new BigDecimal("0.075"));
    }

    private static String newModel(String extraLine) {
        return """
                models:
                  - id: m1
                    tier: mini
                    prices: { input: 1, output: 2 }
                    contextWindow: 1000
                    maxOutputTokens: 100
                    %s
                """.formatted(extraLine);
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "catalog", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
