-- The tabs' counts (all / mine / unassigned / resolved) and each agent's "conversations
-- with something unread", kept as counters by triggers instead of counted on demand.
--
-- Counting them read every conversation with two probes per row (agent_reads, agents):
-- ~570 ms at 100,000 conversations, on every inbox change. The triggers keep the counters
-- in the same transaction as the write, whoever writes (ingest, the bulk loader, marking
-- read, assigning, resolving, reopening, adding an agent), so no caller has to remember.
--
-- The unread rule is view_counts' before this migration, unchanged: a conversation is
-- unread for an agent when it is not resolved and its newest shown inbound message
-- arrived (last_inbound_received_at) after the agent read it (agent_reads.read_until)
-- or, never having read it, after the agent's profile was made (agents.created_at).

-- Conversations by status and assignee; 0 stands for nobody (agent ids start at 1, and a
-- key cannot hold NULL usefully: NULLs never conflict, so an upsert could not find them).
CREATE TABLE conversation_view_counts (
    status         TEXT    NOT NULL,
    assignee       INTEGER NOT NULL,
    conversations  INTEGER NOT NULL,
    PRIMARY KEY (status, assignee)
) WITHOUT ROWID;

-- Per agent (deleted ones too: their profile stays, and so does what they can be asked):
-- how many conversations hold something unread for them. `since` is the agent's
-- created_at, the read mark of a conversation they never opened.
CREATE TABLE agent_unread_counts (
    agent_id       INTEGER PRIMARY KEY,
    since          INTEGER NOT NULL,
    conversations  INTEGER NOT NULL
);

-- Starting values, before the triggers exist (they would count the fill twice).
INSERT INTO conversation_view_counts (status, assignee, conversations)
SELECT status, IFNULL(assigned_agent_id, 0), COUNT(*) FROM conversations
 GROUP BY status, IFNULL(assigned_agent_id, 0);

INSERT INTO agent_unread_counts (agent_id, since, conversations)
SELECT a.id, a.created_at,
       (SELECT COUNT(*) FROM conversations c INDEXED BY conversations_for_counts
         WHERE c.status <> 'resolved' AND c.last_inbound_received_at > COALESCE(
               (SELECT r.read_until FROM agent_reads r
                 WHERE r.agent_id = a.id AND r.conversation_id = c.id),
               a.created_at))
  FROM agents a;

-- Only the on-demand count read this index; every inbound message rewrote its entry
-- (last_inbound_received_at changes), a cost the webhook writer no longer pays.
DROP INDEX conversations_for_counts;

-- The tabs.
CREATE TRIGGER conversations_view_counts_insert AFTER INSERT ON conversations
BEGIN
    INSERT INTO conversation_view_counts (status, assignee, conversations)
    VALUES (new.status, IFNULL(new.assigned_agent_id, 0), 1)
    ON CONFLICT (status, assignee) DO UPDATE SET conversations = conversations + 1;
END;

CREATE TRIGGER conversations_view_counts_update
AFTER UPDATE OF status, assigned_agent_id ON conversations
WHEN old.status IS NOT new.status OR old.assigned_agent_id IS NOT new.assigned_agent_id
BEGIN
    UPDATE conversation_view_counts SET conversations = conversations - 1
     WHERE status = old.status AND assignee = IFNULL(old.assigned_agent_id, 0);
    INSERT INTO conversation_view_counts (status, assignee, conversations)
    VALUES (new.status, IFNULL(new.assigned_agent_id, 0), 1)
    ON CONFLICT (status, assignee) DO UPDATE SET conversations = conversations + 1;
END;

CREATE TRIGGER conversations_view_counts_delete AFTER DELETE ON conversations
BEGIN
    UPDATE conversation_view_counts SET conversations = conversations - 1
     WHERE status = old.status AND assignee = IFNULL(old.assigned_agent_id, 0);
END;

-- Unread per agent, in two statements so that no agent costs a probe: first every agent
-- as if they had never opened the conversation (their mark is `since`, in the counter's
-- own row), then, for the agents who did (found in one range of the index below), the
-- difference their read mark makes. The webhook writer pays a scan of the few counter
-- rows and one index lookup, and writes a counter only when an agent's answer changed
-- (usually none: a customer writing again into a conversation that is already unread).
CREATE INDEX agent_reads_by_conversation ON agent_reads (conversation_id, agent_id, read_until);

CREATE TRIGGER conversations_unread_insert AFTER INSERT ON conversations
WHEN new.status <> 'resolved' AND new.last_inbound_received_at IS NOT NULL
BEGIN
    UPDATE agent_unread_counts SET conversations = conversations + 1
     WHERE new.last_inbound_received_at > since;
    UPDATE agent_unread_counts
       SET conversations = conversations
           + (new.last_inbound_received_at > r.read_until)
           - (new.last_inbound_received_at > agent_unread_counts.since)
      FROM agent_reads r
     WHERE r.conversation_id = new.id AND r.agent_id = agent_unread_counts.agent_id
       AND (new.last_inbound_received_at > r.read_until)
        <> (new.last_inbound_received_at > agent_unread_counts.since);
END;

-- Moving between open and pending changes nothing; only resolving, reopening and a new
-- arrival can.
CREATE TRIGGER conversations_unread_update
AFTER UPDATE OF status, last_inbound_received_at ON conversations
WHEN (old.status = 'resolved') IS NOT (new.status = 'resolved')
  OR old.last_inbound_received_at IS NOT new.last_inbound_received_at
BEGIN
    UPDATE agent_unread_counts SET conversations = conversations
         + IFNULL(new.status <> 'resolved' AND new.last_inbound_received_at > since, 0)
         - IFNULL(old.status <> 'resolved' AND old.last_inbound_received_at > since, 0)
     WHERE IFNULL(new.status <> 'resolved' AND new.last_inbound_received_at > since, 0)
        <> IFNULL(old.status <> 'resolved' AND old.last_inbound_received_at > since, 0);
    UPDATE agent_unread_counts SET conversations = agent_unread_counts.conversations + change.delta
      FROM (SELECT r.agent_id,
                   IFNULL(new.status <> 'resolved'
                          AND new.last_inbound_received_at > r.read_until, 0)
                 - IFNULL(old.status <> 'resolved'
                          AND old.last_inbound_received_at > r.read_until, 0)
                 - IFNULL(new.status <> 'resolved'
                          AND new.last_inbound_received_at > counts.since, 0)
                 + IFNULL(old.status <> 'resolved'
                          AND old.last_inbound_received_at > counts.since, 0) AS delta
              FROM agent_reads r
              JOIN agent_unread_counts counts ON counts.agent_id = r.agent_id
             WHERE r.conversation_id = new.id) change
     WHERE agent_unread_counts.agent_id = change.agent_id AND change.delta <> 0;
END;

-- BEFORE: the conversation's agent_reads rows are still there (their ON DELETE CASCADE
-- runs before AFTER triggers), so its read marks are known. The cascaded agent_reads
-- deletions then find no conversation and change nothing.
CREATE TRIGGER conversations_unread_delete BEFORE DELETE ON conversations
WHEN old.status <> 'resolved' AND old.last_inbound_received_at IS NOT NULL
BEGIN
    UPDATE agent_unread_counts SET conversations = conversations - 1
     WHERE old.last_inbound_received_at > since;
    UPDATE agent_unread_counts
       SET conversations = conversations
           - (old.last_inbound_received_at > r.read_until)
           + (old.last_inbound_received_at > agent_unread_counts.since)
      FROM agent_reads r
     WHERE r.conversation_id = old.id AND r.agent_id = agent_unread_counts.agent_id
       AND (old.last_inbound_received_at > r.read_until)
        <> (old.last_inbound_received_at > agent_unread_counts.since);
END;

-- A read mark replaces the agent's `since` for one conversation.
CREATE TRIGGER agent_reads_unread_insert AFTER INSERT ON agent_reads
BEGIN
    UPDATE agent_unread_counts SET conversations = conversations
         + IFNULL((SELECT c.status <> 'resolved' AND c.last_inbound_received_at > new.read_until
                     FROM conversations c WHERE c.id = new.conversation_id), 0)
         - IFNULL((SELECT c.status <> 'resolved' AND c.last_inbound_received_at
                         > agent_unread_counts.since
                     FROM conversations c WHERE c.id = new.conversation_id), 0)
     WHERE agent_id = new.agent_id;
END;

-- As the old mark's removal and the new one's insertion, whatever columns changed.
CREATE TRIGGER agent_reads_unread_update AFTER UPDATE ON agent_reads
BEGIN
    UPDATE agent_unread_counts SET conversations = conversations
         + IFNULL((SELECT c.status <> 'resolved' AND c.last_inbound_received_at
                         > agent_unread_counts.since
                     FROM conversations c WHERE c.id = old.conversation_id), 0)
         - IFNULL((SELECT c.status <> 'resolved' AND c.last_inbound_received_at > old.read_until
                     FROM conversations c WHERE c.id = old.conversation_id), 0)
     WHERE agent_id = old.agent_id;
    UPDATE agent_unread_counts SET conversations = conversations
         + IFNULL((SELECT c.status <> 'resolved' AND c.last_inbound_received_at > new.read_until
                     FROM conversations c WHERE c.id = new.conversation_id), 0)
         - IFNULL((SELECT c.status <> 'resolved' AND c.last_inbound_received_at
                         > agent_unread_counts.since
                     FROM conversations c WHERE c.id = new.conversation_id), 0)
     WHERE agent_id = new.agent_id;
END;

CREATE TRIGGER agent_reads_unread_delete AFTER DELETE ON agent_reads
BEGIN
    UPDATE agent_unread_counts SET conversations = conversations
         + IFNULL((SELECT c.status <> 'resolved' AND c.last_inbound_received_at
                         > agent_unread_counts.since
                     FROM conversations c WHERE c.id = old.conversation_id), 0)
         - IFNULL((SELECT c.status <> 'resolved' AND c.last_inbound_received_at > old.read_until
                     FROM conversations c WHERE c.id = old.conversation_id), 0)
     WHERE agent_id = old.agent_id;
END;

-- A new profile counts once, by reading the conversations (adding an agent is rare; the
-- webhook writer never pays this). A new agent has no read marks, but an id reused after
-- a hard delete could find some.
CREATE TRIGGER agents_unread_insert AFTER INSERT ON agents
BEGIN
    INSERT OR REPLACE INTO agent_unread_counts (agent_id, since, conversations)
    VALUES (new.id, new.created_at,
            (SELECT COUNT(*) FROM conversations c
              WHERE c.status <> 'resolved' AND c.last_inbound_received_at > COALESCE(
                    (SELECT r.read_until FROM agent_reads r
                      WHERE r.agent_id = new.id AND r.conversation_id = c.id),
                    new.created_at)));
END;

CREATE TRIGGER agents_unread_since_update AFTER UPDATE OF created_at ON agents
WHEN old.created_at IS NOT new.created_at
BEGIN
    INSERT OR REPLACE INTO agent_unread_counts (agent_id, since, conversations)
    VALUES (new.id, new.created_at,
            (SELECT COUNT(*) FROM conversations c
              WHERE c.status <> 'resolved' AND c.last_inbound_received_at > COALESCE(
                    (SELECT r.read_until FROM agent_reads r
                      WHERE r.agent_id = new.id AND r.conversation_id = c.id),
                    new.created_at)));
END;

CREATE TRIGGER agents_unread_delete AFTER DELETE ON agents
BEGIN
    DELETE FROM agent_unread_counts WHERE agent_id = old.id;
END;
