-- Several runtimes write at once: reports read by the writing transaction (CommitOrderScan), not by row id.
ALTER TABLE experiment_outcome ADD COLUMN committed_xid BIGINT NOT NULL DEFAULT pg_current_xact_id()::text::bigint;
CREATE INDEX experiment_outcome_by_commit ON experiment_outcome (experiment, committed_xid, id);
