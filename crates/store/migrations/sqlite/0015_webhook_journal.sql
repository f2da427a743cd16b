-- How far the inbox has been written from the webhook journal (a database file of its
-- own, see crates/store/src/journal.rs). Advanced in the same transaction as the writes
-- it accounts for, so after a crash the journal's later deliveries, and only those, are
-- written again.
CREATE TABLE webhook_journal_state (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    projected_through  INTEGER NOT NULL
);
INSERT INTO webhook_journal_state (id, projected_through) VALUES (1, 0);
