-- A client order id names one open order across accounts, whichever runtime sent it. Each runtime on this database
-- checks the orders it holds in memory before it books an intent; two runtimes booking one id at two accounts at once
-- (a client's retry sent to the other runtime, say) see nothing of each other, so the database refuses the second.
-- An order adopted from a broker keeps the id its broker gave it, which another account's broker may give as well: not
-- counted. (The embedded H2 serves one runtime, whose in-memory check suffices; H2 has no partial index.)
CREATE UNIQUE INDEX journal_order_one_open_per_client_id ON journal_order (client_order_id)
    WHERE adopted = FALSE AND (status IS NULL OR status IN ('ACCEPTED', 'PARTIALLY_FILLED', 'UNKNOWN'));
