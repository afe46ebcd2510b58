-- Run status cancelled (issue 15): a run an operator stopped at a batch boundary. It is neither a
-- success nor a failure, so the run summary counts it apart: cancelled_runs. No run could be
-- cancelled before this migration, so every existing summary row starts at 0.
ALTER TABLE run_log DROP CONSTRAINT ck_run_log_status;
ALTER TABLE run_log ADD CONSTRAINT ck_run_log_status CHECK (status IN ('running', 'success', 'failed', 'cancelled'));

ALTER TABLE run_summary ADD COLUMN cancelled_runs bigint NOT NULL DEFAULT 0;

-- The 0006 trigger function again, with the cancelled count. A cancelled run is finished: its
-- records and duration count like any finished run's. (Purging a source deletes its run_log rows and
-- its run_summary row in one transaction; the triggers fire on INSERT and UPDATE only.)
CREATE OR REPLACE FUNCTION run_summary_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    columns constant text := 'source, status, started_at, completed_at, records_read, records_written, records_rejected, duration_ms';
    changes text := format('SELECT %s, 1 AS sign FROM new_rows', columns);
BEGIN
    IF TG_OP = 'UPDATE' THEN
        changes := format('SELECT %s, -1 AS sign FROM old_rows UNION ALL ', columns) || changes;
    END IF;

    EXECUTE format($sql$
        INSERT INTO run_summary AS s (source, total_runs, running_runs, successful_runs, failed_runs, cancelled_runs,
                                      records_read, records_written, records_rejected, duration_ms, timed_runs,
                                      last_started_at, last_successful_run, last_failed_run)
        SELECT r.source,
               sum(r.sign),
               sum(r.sign * (r.status = 'running')::int),
               sum(r.sign * (r.status = 'success')::int),
               sum(r.sign * (r.status = 'failed')::int),
               sum(r.sign * (r.status = 'cancelled')::int),
               sum(CASE WHEN r.status <> 'running' THEN r.sign * r.records_read ELSE 0 END),
               sum(CASE WHEN r.status <> 'running' THEN r.sign * r.records_written ELSE 0 END),
               sum(CASE WHEN r.status <> 'running' THEN r.sign * r.records_rejected ELSE 0 END),
               sum(CASE WHEN r.status <> 'running' THEN r.sign * coalesce(r.duration_ms, 0) ELSE 0 END),
               sum(r.sign * (r.status <> 'running' AND r.duration_ms IS NOT NULL)::int),
               max(r.started_at) FILTER (WHERE r.sign > 0),
               max(r.completed_at) FILTER (WHERE r.sign > 0 AND r.status = 'success'),
               max(r.completed_at) FILTER (WHERE r.sign > 0 AND r.status = 'failed')
        FROM (%s) r
        GROUP BY r.source
        ORDER BY r.source -- the same lock order in every transaction
        ON CONFLICT (source) DO UPDATE SET
            total_runs = s.total_runs + EXCLUDED.total_runs,
            running_runs = s.running_runs + EXCLUDED.running_runs,
            successful_runs = s.successful_runs + EXCLUDED.successful_runs,
            failed_runs = s.failed_runs + EXCLUDED.failed_runs,
            cancelled_runs = s.cancelled_runs + EXCLUDED.cancelled_runs,
            records_read = s.records_read + EXCLUDED.records_read,
            records_written = s.records_written + EXCLUDED.records_written,
            records_rejected = s.records_rejected + EXCLUDED.records_rejected,
            duration_ms = s.duration_ms + EXCLUDED.duration_ms,
            timed_runs = s.timed_runs + EXCLUDED.timed_runs,
            -- GREATEST ignores nulls, and removed versions (sign -1) give none: a time never moves back.
            last_started_at = GREATEST(s.last_started_at, EXCLUDED.last_started_at),
            last_successful_run = GREATEST(s.last_successful_run, EXCLUDED.last_successful_run),
            last_failed_run = GREATEST(s.last_failed_run, EXCLUDED.last_failed_run)
        $sql$, changes);
    RETURN NULL;
END
$$;
