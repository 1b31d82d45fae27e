-- What each agent's app last said about them (do-not-disturb, wrap-up), for the live board.
-- In the store rather than in a node's memory, so every node's board agrees.
CREATE TABLE agent_presence (
    agent_id        INTEGER PRIMARY KEY REFERENCES agents (id),
    do_not_disturb  INTEGER NOT NULL,
    wrap_up_until   TEXT,
    -- When what the board shows last changed (do-not-disturb on, wrap-up started).
    since           TEXT NOT NULL
);
