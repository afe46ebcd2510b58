-- Drift log, second version: what the drift analyzer reports beyond the first version's columns.
-- report_id identifies a report, so recording one again (a retry after a failed write) is a no-op;
-- rows of the first version keep a null report_id (NULLs never collide in a unique constraint).
ALTER TABLE drift_log
    ADD COLUMN report_id          uuid,
    ADD COLUMN breaking           boolean NOT NULL DEFAULT false,
    ADD COLUMN breaking_fields    text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN null_rate_changes  jsonb   NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN sample_size        integer NOT NULL DEFAULT 0,
    ADD CONSTRAINT uq_drift_log_report UNIQUE (report_id);

-- The gateway lists drift across sources, optionally only reports that found drift.
CREATE INDEX ix_drift_log_detected ON drift_log (detected_at DESC, id DESC);
