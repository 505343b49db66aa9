package dev.flotilla.store;

import dev.flotilla.budget.BudgetRace;
import dev.flotilla.budget.FakeClock;
import dev.flotilla.ledger.Ledger;
import dev.flotilla.ledger.LedgerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ledger contract and the escrow race on a real PostgreSQL server ({@code FLOTILLA_TEST_PG_URL}). */
class PostgresLedgerTest extends LedgerContract {
    private final TestDatabases databases = new TestDatabases();

    @Override
    protected Ledger newLedger() {
        // Acts for a dead process, so the contract can reconcile what it leaves open.
        return JdbcLedger.open(databases.postgresSchema(), new FakeClock(T0), TestDatabases.DEAD_OWNER);
    }

    @AfterEach
    void dropSchemas() {
        databases.close();
    }

    @Test
    void race_onPostgres_neverOverReserves_andSpentEqualsTheLedger() throws Exception {
        for (long seed = 0; seed < 3; seed++) {
            try (JdbcLedger fresh = JdbcLedger.open(databases.postgresSchema(), new FakeClock(T0))) {
                BudgetRace.runAndCheck(fresh, 0xB0D6E7L + seed);
            }
        }
    }
}
