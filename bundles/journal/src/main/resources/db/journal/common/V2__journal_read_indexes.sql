-- The journal keeps every order it ever had. The reads of a start (the open orders), of every metrics scrape (the
-- unresolved ones) and of a listing of the latest orders find them through these indexes instead of reading the whole
-- history; the open orders use journal_order_by_status (JournalReads). A listing of one account's latest orders reads
-- that account's orders through the primary key and sorts them: H2 sorts through an index only when the index begins
-- with the sorted columns, so an index of (account, updated_at) would have cost every write and saved H2 no read.
-- On PostgreSQL, CREATE INDEX holds off writes to journal_order while it builds (seconds for millions of orders): the
-- runtimes sharing the database wait for it during the upgrade.
CREATE INDEX journal_order_unresolved ON journal_order (unresolved, created_at);
CREATE INDEX journal_order_by_update ON journal_order (updated_at, created_at);
