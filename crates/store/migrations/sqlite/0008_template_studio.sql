-- Template studio: drafts written in Parley, the whole template as Meta describes it,
-- and every status, quality and category change it went through.

-- Templates being written, before (or between) submissions. `definition` is Meta's
-- template JSON, the body of POST /{waba_id}/message_templates.
CREATE TABLE template_drafts (
    id           INTEGER PRIMARY KEY,
    definition   TEXT    NOT NULL,
    -- The submitted template this draft edits; NULL for a new one.
    template_id  TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- NULL when Meta's list did not say (positional, as Meta assumes).
ALTER TABLE templates ADD COLUMN parameter_format TEXT;
-- Meta's advice with a rejection, or what a pause or disable notice said.
ALTER TABLE templates ADD COLUMN recommendation TEXT;
-- When the current status began (Meta's time for a webhook, the read time for a poll):
-- an older status never replaces a newer one.
ALTER TABLE templates ADD COLUMN status_changed_at INTEGER;
-- Meta allows 10 edits of an approved template per 30 days, counted from the first.
ALTER TABLE templates ADD COLUMN edit_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE templates ADD COLUMN edit_window_started_at INTEGER;

-- Status, quality and category history of each template.
CREATE TABLE template_events (
    id              INTEGER PRIMARY KEY,
    template_id     TEXT    NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('status', 'quality', 'category')),
    value           TEXT    NOT NULL,
    reason          TEXT,
    recommendation  TEXT,
    source          TEXT    NOT NULL CHECK (source IN ('webhook', 'poll', 'submit', 'edit')),
    occurred_at     INTEGER NOT NULL,
    recorded_at     INTEGER NOT NULL
);

CREATE INDEX template_events_by_template ON template_events (template_id, occurred_at, id);
