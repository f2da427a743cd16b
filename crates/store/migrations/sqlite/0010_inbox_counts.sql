-- The inbox at a busy shop's scale (100,000 conversations, millions of messages).
--
-- The tabs' and the tray's "unread" count asked, for every open conversation, whether an
-- inbound message arrived after the agent last read it: a probe into messages per
-- conversation (hundreds of milliseconds at 100,000). Whether anything is unread only
-- needs the arrival of the newest shown inbound message (Parley's clock, as
-- messages.created_at), kept here by conversations::note_inbound in the same
-- transaction as the message.
ALTER TABLE conversations ADD COLUMN last_inbound_received_at INTEGER;

UPDATE conversations SET last_inbound_received_at = (
    SELECT MAX(m.created_at) FROM messages m
     WHERE m.conversation_id = conversations.id AND m.direction = 'inbound' AND m.hidden = 0);

-- Every count of view_counts reads only this index, never the table.
CREATE INDEX conversations_for_counts
    ON conversations (status, assigned_agent_id, last_inbound_received_at);

-- The list's first page in the views other than "resolved" (status <> 'resolved', the
-- condition these partial indexes carry): read in the list's order, newest activity
-- first, so a page stops after 50 rows. Without them SQLite took the status index and
-- sorted every open conversation (with its unread count) to keep 50: 150-300 ms for
-- "mine" and "unassigned" at 100,000 conversations.
CREATE INDEX conversations_open_by_activity
    ON conversations (last_activity_at DESC, id DESC) WHERE status <> 'resolved';
CREATE INDEX conversations_open_by_assignee
    ON conversations (assigned_agent_id, last_activity_at DESC, id DESC) WHERE status <> 'resolved';

-- An agent's unread count of a conversation counts its shown inbound messages after
-- their read mark; with `hidden` in the index the count never reads the table (a busy
-- thread has thousands of messages).
DROP INDEX messages_inbound_by_thread;
CREATE INDEX messages_inbound_by_thread ON messages (conversation_id, direction, hidden, created_at);
