-- Several people working one number: who they are, who sent what, who owns which
-- conversation, what each has read, their private notes, labels and quick replies.

CREATE TABLE agents (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'manager', 'agent')),
    -- An Argon2id PHC string of the PIN or password; NULL when switching to this
    -- profile asks for nothing (a one-person shop).
    secret_hash  TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    -- Deleted profiles stay, so the messages they sent keep a name.
    deleted_at   INTEGER
);

-- Every inbox has an owner from the start, so a one-person shop never sets up profiles.
-- The UI offers to rename it.
INSERT INTO agents (id, name, role, created_at, updated_at) VALUES (1, 'Owner', 'owner', 0, 0);

-- Who wrote an outbound message: an agent, or an automation (away, greeting, ...).
ALTER TABLE messages ADD COLUMN sent_by_agent_id INTEGER REFERENCES agents (id);
ALTER TABLE messages ADD COLUMN automation TEXT;

ALTER TABLE conversations ADD COLUMN assigned_agent_id INTEGER REFERENCES agents (id);
-- open -> pending -> resolved; a new inbound message reopens a resolved conversation.
ALTER TABLE conversations ADD COLUMN status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'pending', 'resolved'));
ALTER TABLE conversations ADD COLUMN status_changed_at INTEGER;

CREATE INDEX conversations_by_assignee ON conversations (assigned_agent_id, last_activity_at DESC);
CREATE INDEX conversations_by_status ON conversations (status, last_activity_at DESC);

-- Up to which instant (Parley's clock, compared with messages.created_at: Meta's
-- timestamps of late deliveries would lie) each agent has read each conversation.
-- Unread counts per agent are the inbound messages received after it; without a row,
-- after the agent's profile was created.
CREATE TABLE agent_reads (
    agent_id         INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    read_until       INTEGER NOT NULL,
    PRIMARY KEY (agent_id, conversation_id)
);

CREATE INDEX messages_inbound_by_thread ON messages (conversation_id, direction, created_at);

CREATE TABLE notes (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    agent_id         INTEGER REFERENCES agents (id),
    body             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

CREATE INDEX notes_by_thread ON notes (conversation_id, created_at);

CREATE TABLE labels (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    -- The name lowercased by Rust (SQLite's lower() knows only ASCII): "VIP", "vip",
    -- "Постоянный" and "постоянный" are one label each.
    name_key    TEXT    NOT NULL UNIQUE,
    -- One of the palette's color names (see parley_core::label::LabelColor).
    color       TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE conversation_labels (
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    label_id         INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    added_at         INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, label_id)
);

CREATE INDEX conversation_labels_by_label ON conversation_labels (label_id, conversation_id);

CREATE TABLE quick_replies (
    id           INTEGER PRIMARY KEY,
    -- Without the slash.
    shortcut     TEXT    NOT NULL,
    -- Lowercased by Rust, for uniqueness regardless of case in any script.
    shortcut_key TEXT    NOT NULL UNIQUE,
    body         TEXT    NOT NULL,
    -- A JSON array of words and phrases the picker also matches.
    keywords     TEXT    NOT NULL DEFAULT '[]',
    -- A copy of the attached file under the data directory, sent as media.
    attachment_path  TEXT,
    attachment_mime  TEXT,
    attachment_name  TEXT,
    attachment_size  INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
