-- Parley's first schema. Instants are UTC milliseconds (INTEGER). SQL stays within what
-- PostgreSQL also accepts where that costs nothing; a PostgreSQL backend gets its own
-- migrations directory next to this one.

CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY,
    wa_id         TEXT    NOT NULL UNIQUE,
    profile_name  TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE conversations (
    id                INTEGER PRIMARY KEY,
    contact_id        INTEGER NOT NULL UNIQUE REFERENCES contacts (id),
    -- The newest message, for the list preview; NULL until the first message.
    last_message_id   INTEGER,
    last_activity_at  INTEGER NOT NULL,
    -- Opens the 24-hour service window.
    last_inbound_at   INTEGER,
    unread_count      INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);

CREATE INDEX conversations_by_activity ON conversations (last_activity_at DESC, id DESC);

CREATE TABLE messages (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id),
    -- Meta's id. Inbound messages always have one (the deduplication key); outbound
    -- messages get theirs when the Cloud API accepts them.
    wamid            TEXT UNIQUE,
    direction        TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    kind             TEXT    NOT NULL,
    body             TEXT,
    -- The message object as Meta sent it (inbound) or as Parley built it (outbound).
    payload          TEXT,
    -- Outbound only: pending, accepted, sent, delivered, read, played, failed, deleted.
    status           TEXT,
    status_at        INTEGER,
    -- A serialised SendFailure when the message failed.
    failure          TEXT,
    sent_at          INTEGER NOT NULL,
    created_at       INTEGER NOT NULL
);

CREATE INDEX messages_by_thread ON messages (conversation_id, sent_at DESC, id DESC);

-- Every status delivery Meta made, once per (message, status). It deduplicates retried
-- webhooks and holds statuses that arrive before the send's answer recorded the wamid.
CREATE TABLE message_statuses (
    wamid         TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    occurred_at   INTEGER NOT NULL,
    recipient_id  TEXT,
    failure       TEXT,
    payload       TEXT    NOT NULL,
    received_at   INTEGER NOT NULL,
    PRIMARY KEY (wamid, status)
);

-- Outbound messages waiting for (or done with) the Cloud API.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    message_id       INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    -- pending -> in_flight -> done | failed | unknown; in_flight -> pending to retry.
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'in_flight', 'done', 'failed', 'unknown')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Webhook content Parley does not act on yet (other fields, entries without ids),
-- kept as received so nothing Meta sent is lost.
CREATE TABLE webhook_events (
    id           INTEGER PRIMARY KEY,
    field        TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    received_at  INTEGER NOT NULL
);

-- Non-secret settings only. Secrets live in the OS keyring.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);
