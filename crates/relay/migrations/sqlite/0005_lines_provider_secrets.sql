-- Line labels, PBX keys set in the console, and who may use the app's blacklist button.

-- Agents the admin allows to blacklist numbers from the app (supervisors and admins always may).
ALTER TABLE agents ADD COLUMN may_blacklist INTEGER NOT NULL DEFAULT 0;

-- A label per DID set in the console; it wins over `[lines]` in the config file. Deleting the
-- row brings the file's label back.
CREATE TABLE line_labels (
    did         TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- PBX keys and secrets entered in the console, sealed (XChaCha20-Poly1305) with a key kept
-- outside the database: a copied database or backup does not give them away. Each value wins
-- over the same key in the config file.
CREATE TABLE provider_secrets (
    provider    TEXT NOT NULL,
    name        TEXT NOT NULL,
    sealed      TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (provider, name)
) WITHOUT ROWID;
