-- Full-text search over messages and contacts, and the address book's sort order.
--
-- Both indexes hold a folded copy of the text (parley_core::search::fold: Hebrew points,
-- Arabic harakat and letter variants, Cyrillic ё), written by Rust in the same
-- transaction as the row it indexes; triggers cannot call Rust. SQLite's unicode61
-- folds case and Latin accents itself. Marks (Mn, Mc) are word characters, so scripts
-- the folding leaves alone (Devanagari, Thai, ...) are not cut inside their words.
-- The indexes keep their own copy of the folded text (not external content) because
-- highlight() needs exactly the text that was tokenized.

-- Visible, not deleted messages with text (a body or a caption); rowid = messages.id.
CREATE VIRTUAL TABLE search_messages USING fts5 (
    text,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'"
);

-- Every contact; rowid = contacts.id. `phone` holds the number's search words
-- (parley_core::contact::phone_search_words): its endings and its national form.
CREATE VIRTUAL TABLE search_contacts USING fts5 (
    saved_name,
    profile_name,
    phone,
    notes,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'"
);

-- Which folding the indexes were built with. Opening the store rebuilds them from the
-- tables when it differs from the code's (existing databases start at 0).
CREATE TABLE search_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    folding_version  INTEGER NOT NULL
);
INSERT INTO search_state (id, folding_version) VALUES (1, 0);

-- The address book's order: the display name folded and lowercased by Rust (SQLite's
-- NOCASE knows only ASCII); bare numbers sort last. Kept with the search index.
ALTER TABLE contacts ADD COLUMN sort_key TEXT;
CREATE INDEX contacts_by_sort_key ON contacts (sort_key, id);
