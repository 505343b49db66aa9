package dev.flotilla.ledger;

class InMemoryLedgerTest extends LedgerContract {
    @Override
    protected Ledger newLedger() {
        return new InMemoryLedger();
    }
}
