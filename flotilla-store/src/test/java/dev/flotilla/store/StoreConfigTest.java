package dev.flotilla.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
    private final Path home = Path.of("/data/flotilla-home");

    @Test
    void withoutDbUrl_theLedgerIsTheSqliteFileInFlotillaHome() {
        StoreConfig config = StoreConfig.fromEnvironment(Map.of(), home);
        assertThat(config.kind()).isEqualTo(StoreConfig.Kind.SQLITE);
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:/data/flotilla-home/flotilla.db");
        assertThat(config.maxConnections()).isEqualTo(1);
    }

    @Test
    void postgresUrl_selectsPostgres_andItsDescriptionHidesCredentials() {
        StoreConfig config = StoreConfig.fromEnvironment(
                Map.of("FLOTILLA_DB_URL", "jdbc:postgresql://db:5432/f?user=u&password=hunter2"), home);
        assertThat(config.kind()).isEqualTo(StoreConfig.Kind.POSTGRESQL);
        assertThat(config.describe()).isEqualTo("PostgreSQL").doesNotContain("hunter2");
    }

    @Test
    void otherUrl_isRefusedNamingTheSchemeAndTheAcceptedOnes_withoutTheRest() {
        assertThatThrownBy(() -> StoreConfig.fromEnvironment(
                        Map.of("FLOTILLA_DB_URL", "jdbc:mysql://db/f?password=hunter2"), home))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FLOTILLA_DB_URL must start with jdbc:postgresql: or jdbc:sqlite:, got 'jdbc:mysql:'");
    }
}
