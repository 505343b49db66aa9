package dev.flotilla.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.catalog.Tier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoliciesTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void bundled_hasBalancedCheapestAndQuality_balancedByDefault() {
        Policies p = Policies.bundled();

        assertThat(p.names()).containsExactly("balanced", "cheapest", "quality");
        assertThat(p.defaultPolicy().name()).isEqualTo("balanced");
        assertThat(p.require("balanced").rule(TaskKind.PLAN).downgradeTo()).containsExactly(Tier.MINI);
        assertThat(p.require("quality").rule(TaskKind.CLASSIFY).qualification())
                .isEqualTo(new Qualification.MinQuality(new BigDecimal("85")));
    }

    @Test
    void load_knownName_overridesOnlyTheKindsGiven() throws Exception {
        Policies p = Policies.load(write("""
                routing:
                  policies:
                    balanced:
                      coolDownSeconds: 5
                      kinds:
                        classify: { minQuality: 80 }
                """));

        Policy balanced = p.require("balanced");
        assertThat(balanced.coolDown()).isEqualTo(Duration.ofSeconds(5));
        assertThat(balanced.rule(TaskKind.CLASSIFY).qualification()).isInstanceOf(Qualification.MinQuality.class);
        assertThat(balanced.rule(TaskKind.PLAN).qualification())
                .isEqualTo(new Qualification.Tiers(java.util.List.of(Tier.FLAGSHIP)));
    }

    @Test
    void load_newPolicyWithoutEveryKind_namesTheMissingKinds() throws Exception {
        Path file = write("routing:\n  policies:\n    mine:\n      kinds:\n        plan: { tiers: [mini] }\n");

        assertThatThrownBy(() -> Policies.load(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("policy 'mine'")
                .hasMessageContaining("judge")
                .hasMessageContaining("extends");
    }

    @Test
    void load_ruleWithBothTiersAndMinQuality_isRefused() throws Exception {
        Path file = write(
                "routing:\n  policies:\n    balanced:\n      kinds:\n        plan: { tiers: [mini], minQuality: 50 }\n");

        assertThatThrownBy(() -> Policies.load(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("kinds.plan")
                .hasMessageContaining("exactly one of 'tiers'");
    }

    @Test
    void load_unknownKindOrField_namesTheAcceptedOnes() throws Exception {
        Path kind = write("routing:\n  policies:\n    balanced:\n      kinds:\n        summarize: { tiers: [mini] }\n");
        assertThatThrownBy(() -> Policies.load(kind))
                .hasMessageContaining("'summarize'")
                .hasMessageContaining("file_review");

        Path field = write("routing:\n  policies:\n    balanced:\n      coolDown: 5\n");
        assertThatThrownBy(() -> Policies.load(field))
                .hasMessageContaining("unknown field 'coolDown'")
                .hasMessageContaining("coolDownSeconds");
    }

    @Test
    void load_minQualityOutOfRange_isRefused() throws Exception {
        Path file = write("routing:\n  policies:\n    balanced:\n      kinds:\n        chat: { minQuality: 120 }\n");

        assertThatThrownBy(() -> Policies.load(file))
                .hasMessageContaining("0 to 100")
                .hasMessageContaining("120");
    }

    @Test
    void load_unknownDefault_namesTheAcceptedOnes() throws Exception {
        Path file = write("routing:\n  defaultPolicy: turbo\n");

        assertThatThrownBy(() -> Policies.load(file))
                .hasMessageContaining("'turbo'")
                .hasMessageContaining("balanced, cheapest, quality");
    }

    @Test
    void load_fileWithoutRoutingSection_keepsTheBundledPolicies() throws Exception {
        assertThat(Policies.load(write("budget: { daily: 5 }\n")).names())
                .containsExactly("balanced", "cheapest", "quality");
    }
}
