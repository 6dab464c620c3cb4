-- Every configuration of an account that took effect, numbered per account, where every runtime on the same database
-- sees it (broker:config-history shows the same versions on each). The primary key is what numbers them: two runtimes
-- recording a version of one account at once cannot both take the same number; the one that loses reads again.
CREATE TABLE configuration_versions (
    account_id VARCHAR(128) NOT NULL,
    version INT NOT NULL,
    runtime_id VARCHAR(512) NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    source VARCHAR(32) NOT NULL,
    properties VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (account_id, version)
);

-- The per-runtime history files (before the database) a runtime has imported, so that it imports them once only.
CREATE TABLE configuration_history_imports (
    runtime_id VARCHAR(512) NOT NULL,
    directory VARCHAR(2048) NOT NULL,
    imported_at TIMESTAMP WITH TIME ZONE NOT NULL,
    accounts INT NOT NULL,
    PRIMARY KEY (runtime_id, directory)
);
