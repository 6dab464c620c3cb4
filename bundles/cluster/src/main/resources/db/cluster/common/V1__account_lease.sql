-- Which runtime drives each broker account: a lease renewed by heartbeat, with a fencing epoch that grows each time
-- the lease changes hands.
CREATE TABLE account_lease (
    account VARCHAR(64) PRIMARY KEY,
    owner VARCHAR(200) NOT NULL,
    owner_url VARCHAR(200) NOT NULL,
    epoch BIGINT NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
