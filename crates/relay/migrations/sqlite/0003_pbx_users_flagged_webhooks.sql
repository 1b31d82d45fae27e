-- Agents' identities per PBX, and webhooks that did not parse cleanly.

-- An agent's user id on each PBX (Zadarma extension, ITooLabs login, UIS employee id…): a
-- webhook names an agent only by its own provider's ids. agents.extension and agents.login
-- stay as copies of the Zadarma and ITooLabs ids.
CREATE TABLE agent_pbx_users (
    agent_id  INTEGER NOT NULL REFERENCES agents (id),
    provider  TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    PRIMARY KEY (agent_id, provider)
) WITHOUT ROWID;
CREATE INDEX agent_pbx_users_by_user ON agent_pbx_users (provider, user_id);

-- Existing agents keep matching what they matched before: the extension on Zadarma, the login
-- on ITooLabs, and (when they have no login) the extension on ITooLabs too.
INSERT INTO agent_pbx_users (agent_id, provider, user_id)
    SELECT id, 'zadarma', extension FROM agents WHERE extension IS NOT NULL AND extension <> '';
INSERT INTO agent_pbx_users (agent_id, provider, user_id)
    SELECT id, 'itoolabs', COALESCE(NULLIF(login, ''), extension) FROM agents
    WHERE COALESCE(NULLIF(login, ''), extension) IS NOT NULL AND COALESCE(NULLIF(login, ''), extension) <> '';

-- What in a verified webhook could not be read: a JSON array of sentences, NULL when it parsed.
ALTER TABLE webhooks ADD COLUMN problems TEXT;
CREATE INDEX webhooks_flagged ON webhooks (id) WHERE problems IS NOT NULL;
