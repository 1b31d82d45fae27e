-- Callcard relay schema (SQLite).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE agents (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    extension   TEXT,
    login       TEXT,
    supervisor  INTEGER NOT NULL DEFAULT 0,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX agents_extension ON agents (extension) WHERE revoked_at IS NULL;
CREATE INDEX agents_login ON agents (login) WHERE revoked_at IS NULL;

CREATE TABLE contacts (
    id                    INTEGER PRIMARY KEY,
    phone                 TEXT NOT NULL UNIQUE,
    name                  TEXT NOT NULL,
    company               TEXT,
    responsible_agent_id  INTEGER REFERENCES agents (id),
    blacklisted           INTEGER NOT NULL DEFAULT 0,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);

-- Every accepted webhook, raw (secrets removed), once: dedup_key makes redelivery a no-op.
-- content_key hashes the fields alone; dedup_key is content_key, or for webhooks repeated only
-- against the call's latest one (ITooLabs events) content_key plus the previous webhook's id.
CREATE TABLE webhooks (
    id                INTEGER PRIMARY KEY,
    provider          TEXT NOT NULL,
    provider_call_id  TEXT,
    content_key       TEXT NOT NULL,
    dedup_key         TEXT NOT NULL UNIQUE,
    event        TEXT NOT NULL,
    fields       TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    call_id      INTEGER,
    event_seq    INTEGER
);
CREATE INDEX webhooks_by_call ON webhooks (provider, provider_call_id, id);

CREATE TABLE calls (
    id                INTEGER PRIMARY KEY,
    provider          TEXT NOT NULL,
    provider_call_id  TEXT NOT NULL,
    state             TEXT NOT NULL,
    started_at        TEXT NOT NULL,
    client_phone      TEXT,
    missed            INTEGER NOT NULL DEFAULT 0,
    seq               INTEGER NOT NULL,
    snapshot          TEXT NOT NULL,
    UNIQUE (provider, provider_call_id)
);
CREATE INDEX calls_active ON calls (state) WHERE state <> 'ended';
CREATE INDEX calls_client_phone ON calls (client_phone);

-- Agents a call was ever shown to: they receive all of its events.
CREATE TABLE call_agents (
    call_id   INTEGER NOT NULL REFERENCES calls (id),
    agent_id  INTEGER NOT NULL,
    PRIMARY KEY (call_id, agent_id)
) WITHOUT ROWID;
CREATE INDEX call_agents_by_agent ON call_agents (agent_id, call_id);

-- The event history clients resume from. `message` is the exact JSON pushed to clients.
CREATE TABLE events (
    seq      INTEGER PRIMARY KEY,
    call_id  INTEGER NOT NULL,
    at       TEXT NOT NULL,
    message  TEXT NOT NULL
);

CREATE TABLE event_recipients (
    agent_id  INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (agent_id, seq)
) WITHOUT ROWID;
