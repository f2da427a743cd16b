-- The business's own address book on top of what WhatsApp tells us: a saved name,
-- notes, blocking, and where marketing consent came from.

-- Set when the business saves the contact (edits it, imports it): "in contacts" for
-- auto-reply recipient rules. NULL: only known from their messages.
ALTER TABLE contacts ADD COLUMN saved_at INTEGER;
-- The name the business gave them; shown instead of their WhatsApp profile name.
ALTER TABLE contacts ADD COLUMN saved_name TEXT;
ALTER TABLE contacts ADD COLUMN notes TEXT;
-- Blocked contacts' messages are still stored, but never notify or get auto-replies.
ALTER TABLE contacts ADD COLUMN blocked_at INTEGER;
-- Marketing consent: given at opted_in_at; withdrawn per marketing_opt_out /
-- opt_out_changed_at (0002). consent_source says how the latest change came
-- ("website form", "STOP keyword", "WhatsApp marketing settings", ...).
ALTER TABLE contacts ADD COLUMN opted_in_at INTEGER;
ALTER TABLE contacts ADD COLUMN consent_source TEXT;
