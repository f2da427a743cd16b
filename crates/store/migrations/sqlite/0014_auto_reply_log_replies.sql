-- Every decision (one per customer message) added an entry to auto_reply_log_by_contact,
-- on a page chosen by the contact, so at a random place of the index: a whole page of the
-- WAL per message for the webhook writer, whose work is mostly such pages.
--
-- The cooldowns (when a contact last got an away message or a greeting) are the only
-- reads by contact, and they read only the decisions that queued a reply. Every other
-- decision (most: a message in business hours) now adds no entry. Parley never deletes a
-- contact, so no cascade needs the full index.
DROP INDEX auto_reply_log_by_contact;
CREATE INDEX auto_reply_log_replies_by_contact
    ON auto_reply_log (contact_id, automation, decided_at) WHERE reply_message_id IS NOT NULL;
