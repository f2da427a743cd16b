-- Auto-replies (away, greeting, keyword replies, opt-out keywords). Their settings are a
-- JSON value in `settings` (key `autoReplies`); this table keeps what was decided.

-- One decision per new customer message, written in the same transaction as the reply
-- it queues and the opt-out it records. The primary key is the guarantee that a
-- redelivered webhook, a restart or a second look never answers one message twice; the
-- rows also hold the cooldowns (when a contact last got an away message or a greeting).
CREATE TABLE auto_reply_log (
    inbound_message_id  INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id     INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    contact_id          INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    -- Why the rules answered as they did: away, greeting, keyword, optedOut,
    -- agentActive, awayCooldown, blocked, ... (parley_core::auto_reply::Verdict).
    verdict             TEXT    NOT NULL,
    -- The automation that answered (away, greeting, keyword, optOutConfirmation);
    -- NULL when nothing was to be sent.
    automation          TEXT,
    -- The reply queued; NULL when nothing was sent.
    reply_message_id    INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    -- Why a decided reply was not queued (the 24-hour window had closed, ...).
    not_sent            TEXT,
    decided_at          INTEGER NOT NULL
);

CREATE INDEX auto_reply_log_by_contact ON auto_reply_log (contact_id, automation, decided_at);
