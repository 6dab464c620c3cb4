-- The journal keeps every order it ever had. The reads of a start (the open orders), of every metrics scrape (the
-- unresolved ones) and of a listing (the latest, of the runtime or of one account) find their orders through these
-- indexes instead of reading the whole history; the open orders use journal_order_by_status (JournalReads).
CREATE INDEX journal_order_unresolved ON journal_order (unresolved, created_at);
CREATE INDEX journal_order_by_update ON journal_order (updated_at, created_at);
CREATE INDEX journal_order_by_account_update ON journal_order (account, updated_at, created_at);
