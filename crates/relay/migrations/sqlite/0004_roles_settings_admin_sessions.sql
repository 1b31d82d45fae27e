-- The admin role, runtime settings and the console's sign-in sessions.

-- Admins run the console; they are also supervisors (supervisor = 1), so they see every call.
ALTER TABLE agents ADD COLUMN admin INTEGER NOT NULL DEFAULT 0;

-- Runtime settings changed in the console or with `callcard-relay settings set`. A stored value
-- wins over the config file; a name with no row takes the file's value (or the default).
CREATE TABLE settings (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- A signed-in console: only the SHA-256 of the cookie is kept. It ends at sign-out, after the
-- idle timeout, or when its agent is revoked or stops being an admin.
CREATE TABLE admin_sessions (
    id_hash       TEXT PRIMARY KEY,
    agent_id      INTEGER NOT NULL REFERENCES agents (id),
    csrf          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
) WITHOUT ROWID;
