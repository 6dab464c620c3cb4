ALTER TABLE sample_row ADD COLUMN committed_xid BIGINT NOT NULL DEFAULT pg_current_xact_id()::text::bigint;
CREATE INDEX sample_row_by_commit ON sample_row (owner, committed_xid, id);
