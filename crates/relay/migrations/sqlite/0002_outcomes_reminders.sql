-- Outcomes (the admin's list and what was logged per call) and missed-call reminders.

-- The admin's outcome list. A retired code stays for the calls that carry it.
CREATE TABLE outcome_codes (
    code        TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    colour      TEXT NOT NULL,
    position    INTEGER NOT NULL,
    retired_at  TEXT
);
INSERT INTO outcome_codes (code, label, colour, position) VALUES
    ('interested',     'Interested',      '#2e7d32', 10),
    ('call_back',      'Call back later', '#f9a825', 20),
    ('not_interested', 'Not interested',  '#757575', 30),
    ('wrong_number',   'Wrong number',    '#c62828', 40),
    ('visit_booked',   'Visit booked',    '#1565c0', 50);

-- The current outcome of a call (the call's snapshot carries the same, for clients).
CREATE TABLE call_outcomes (
    call_id    INTEGER PRIMARY KEY REFERENCES calls (id),
    code       TEXT NOT NULL,
    note       TEXT,
    agent_id   INTEGER NOT NULL,
    logged_at  TEXT NOT NULL
);

-- Every accepted outcome request, by the client's idempotency key: a retry is answered from
-- here and stores nothing. Also the history of changes.
CREATE TABLE outcome_requests (
    agent_id         INTEGER NOT NULL,
    idempotency_key  TEXT NOT NULL,
    call_id          INTEGER NOT NULL,
    answer           TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    PRIMARY KEY (agent_id, idempotency_key)
) WITHOUT ROWID;

-- Reminders are derived: missed calls from a number with no answered call after them.
CREATE INDEX calls_missed_by_phone ON calls (client_phone, started_at) WHERE missed = 1;
