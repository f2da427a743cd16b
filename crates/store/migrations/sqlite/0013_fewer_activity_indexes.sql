-- Every customer message moves its conversation's last_activity_at, and with it an entry
-- in every index that holds that column: five of them, each a delete and an insert in a
-- B-tree, paid by the webhook writer for every message (about a tenth of its work).
-- The list reads only two of them since 0010 (the open views' partial indexes); these
-- three were left from before:
--
-- - conversations_by_activity: no view lists resolved and open conversations together.
DROP INDEX conversations_by_activity;

-- - conversations_by_status: only the "resolved" view reads it, in activity order, so it
--   holds resolved conversations alone; an open conversation's message no longer moves it.
DROP INDEX conversations_by_status;
CREATE INDEX conversations_resolved_by_activity
    ON conversations (last_activity_at DESC, id DESC) WHERE status = 'resolved';

-- - conversations_by_assignee: only removing an agent looks conversations up by assignee
--   (resolved ones too), and it needs no order.
DROP INDEX conversations_by_assignee;
CREATE INDEX conversations_by_assignee
    ON conversations (assigned_agent_id) WHERE assigned_agent_id IS NOT NULL;
