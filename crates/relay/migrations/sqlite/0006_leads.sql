-- Leads: contacts the relay creates for new numbers while the auto-create switch is on.

-- `lead` until an agent marks the client, or an outcome that converts is logged on its call.
ALTER TABLE contacts ADD COLUMN status TEXT NOT NULL DEFAULT 'client';
-- The line (DID) a lead first came through: its source in reports.
ALTER TABLE contacts ADD COLUMN source_line TEXT;
ALTER TABLE contacts ADD COLUMN lead_at TEXT;
CREATE INDEX contacts_leads ON contacts (lead_at) WHERE lead_at IS NOT NULL;

-- Outcomes that turn a lead into a client when logged (the admin marks them).
ALTER TABLE outcome_codes ADD COLUMN converts INTEGER NOT NULL DEFAULT 0;
UPDATE outcome_codes SET converts = 1 WHERE code IN ('interested', 'visit_booked');
