-- Every kind of message, media files, reactions, account notices, templates, polling.

-- The structured content (a serialised MessageContent) and what a message refers to.
ALTER TABLE messages ADD COLUMN content TEXT;
ALTER TABLE messages ADD COLUMN quoted_wamid TEXT;
ALTER TABLE messages ADD COLUMN context TEXT;
ALTER TABLE messages ADD COLUMN referral TEXT;
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN revoked_at INTEGER;
-- Reactions, edits and deletions change another message; they are kept (for
-- deduplication and history) but not shown in the thread.
ALTER TABLE messages ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;

DROP INDEX messages_by_thread;
CREATE INDEX messages_by_thread ON messages (conversation_id, hidden, sent_at DESC, id DESC);

-- At most one reaction per side on a message; an empty emoji removes it.
CREATE TABLE reactions (
    target_wamid  TEXT    NOT NULL,
    actor         TEXT    NOT NULL CHECK (actor IN ('inbound', 'outbound')),
    emoji         TEXT    NOT NULL,
    reacted_at    INTEGER NOT NULL,
    PRIMARY KEY (target_wamid, actor)
);

-- The file behind a media message: downloaded (inbound) or to upload (outbound).
CREATE TABLE media (
    message_id       INTEGER PRIMARY KEY REFERENCES messages (id),
    media_id         TEXT,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'ready', 'failed')),
    path             TEXT,
    mime_type        TEXT,
    size             INTEGER,
    expected_sha256  TEXT,
    error            TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

CREATE INDEX media_due ON media (state, next_attempt_at);

-- Customers' marketing preference (user_preferences webhooks, opt-out keywords).
ALTER TABLE contacts ADD COLUMN marketing_opt_out INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN opt_out_changed_at INTEGER;
ALTER TABLE contacts ADD COLUMN user_id TEXT;

-- Notices about the account: template reviews, quality, account updates, preferences.
CREATE TABLE account_events (
    id           INTEGER PRIMARY KEY,
    field        TEXT    NOT NULL,
    notice       TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    occurred_at  INTEGER NOT NULL,
    received_at  INTEGER NOT NULL
);

CREATE INDEX account_events_recent ON account_events (occurred_at DESC, id DESC);

-- Message templates as Meta last described them (by polling or webhook).
CREATE TABLE templates (
    id                TEXT PRIMARY KEY,
    name              TEXT    NOT NULL,
    language          TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    category          TEXT,
    quality           TEXT,
    rejection_reason  TEXT,
    components        TEXT,
    updated_at        INTEGER NOT NULL,
    UNIQUE (name, language)
);

-- What each poller last did, for "last synced" and its errors.
CREATE TABLE sync_state (
    name              TEXT PRIMARY KEY,
    last_attempt_at   INTEGER NOT NULL,
    last_success_at   INTEGER,
    last_error        TEXT
);
