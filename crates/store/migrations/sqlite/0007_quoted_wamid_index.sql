-- Every new customer message looks for an edit or a deletion of it that arrived first
-- (Meta does not order webhooks). Without this index each lookup read the whole
-- messages table, so filling a large inbox slowed down as it grew.
CREATE INDEX messages_by_quoted_wamid ON messages (quoted_wamid) WHERE quoted_wamid IS NOT NULL;
