-- Merges each full-text index into one segment, once. A bulk-loaded or long-lived index
-- holds many segments (17 in the benchmark's 2,000,000-message store), and every query
-- term, and each of the up to 23 forms a Hebrew or Arabic word is searched in, looks
-- itself up in every segment: on the benchmark store a rare Hebrew word's search went
-- from ~22 ms to ~7 ms of CPU. Later writes add segments that FTS5's automerge keeps few.
INSERT INTO search_messages (search_messages) VALUES ('optimize');
INSERT INTO search_contacts (search_contacts) VALUES ('optimize');
