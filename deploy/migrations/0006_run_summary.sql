-- Per-source run aggregates for /stats, /health and /metrics, whose cost must not grow with the
-- number of runs in the run log. Triggers keep run_summary in step with run_log in the same
-- transaction as every insert or update of runs: the old versions' contribution is taken away and
-- the new ones' added, so a run counted as running when it starts moves to success or failed when
-- it ends, and writing the same run twice changes nothing. (The application never deletes runs.)
-- Figures of records and duration count finished runs only.
CREATE TABLE run_summary (
    source               varchar(64) NOT NULL,
    total_runs           bigint      NOT NULL DEFAULT 0,
    running_runs         bigint      NOT NULL DEFAULT 0,
    successful_runs      bigint      NOT NULL DEFAULT 0,
    failed_runs          bigint      NOT NULL DEFAULT 0,
    records_read         bigint      NOT NULL DEFAULT 0,
    records_written      bigint      NOT NULL DEFAULT 0,
    records_rejected     bigint      NOT NULL DEFAULT 0,
    duration_ms          bigint      NOT NULL DEFAULT 0,
    timed_runs           bigint      NOT NULL DEFAULT 0,
    last_started_at      timestamptz,
    last_successful_run  timestamptz,
    last_failed_run      timestamptz,
    CONSTRAINT pk_run_summary PRIMARY KEY (source)
);

-- Statement-level triggers with transition tables: one upsert of run_summary per statement and
-- source, whatever the number of rows, so a bulk load does not write the summary row once per run.
-- INSERT ... ON CONFLICT DO UPDATE fires both: the insert trigger sees the inserted rows, the update
-- trigger the old and new versions of the updated ones.
CREATE FUNCTION run_summary_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    columns constant text := 'source, status, started_at, completed_at, records_read, records_written, records_rejected, duration_ms';
    changes text := format('SELECT %s, 1 AS sign FROM new_rows', columns);
BEGIN
    IF TG_OP = 'UPDATE' THEN
        changes := format('SELECT %s, -1 AS sign FROM old_rows UNION ALL ', columns) || changes;
    END IF;

    EXECUTE format($sql$
        INSERT INTO run_summary AS s (source, total_runs, running_runs, successful_runs, failed_runs, records_read,
                                      records_written, records_rejected, duration_ms, timed_runs, last_started_at,
                                      last_successful_run, last_failed_run)
        SELECT r.source,
               sum(r.sign),
               sum(r.sign * (r.status = 'running')::int),
               sum(r.sign * (r.status = 'success')::int),
               sum(r.sign * (r.status = 'failed')::int),
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

CREATE TRIGGER trg_run_summary_insert AFTER INSERT ON run_log
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION run_summary_apply();
CREATE TRIGGER trg_run_summary_update AFTER UPDATE ON run_log
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION run_summary_apply();

-- Runs logged before this migration.
INSERT INTO run_summary (source, total_runs, running_runs, successful_runs, failed_runs, records_read, records_written,
                         records_rejected, duration_ms, timed_runs, last_started_at, last_successful_run, last_failed_run)
SELECT source, count(*),
       count(*) FILTER (WHERE status = 'running'),
       count(*) FILTER (WHERE status = 'success'),
       count(*) FILTER (WHERE status = 'failed'),
       coalesce(sum(records_read) FILTER (WHERE status <> 'running'), 0),
       coalesce(sum(records_written) FILTER (WHERE status <> 'running'), 0),
       coalesce(sum(records_rejected) FILTER (WHERE status <> 'running'), 0),
       coalesce(sum(duration_ms) FILTER (WHERE status <> 'running'), 0),
       count(*) FILTER (WHERE status <> 'running' AND duration_ms IS NOT NULL),
       max(started_at),
       max(completed_at) FILTER (WHERE status = 'success'),
       max(completed_at) FILTER (WHERE status = 'failed')
FROM run_log
GROUP BY source;

-- The run list across sources, newest first, and by status; per source the 0005 index serves.
CREATE INDEX ix_run_log_started ON run_log (started_at DESC, run_id DESC);
CREATE INDEX ix_run_log_status_started ON run_log (status, started_at DESC, run_id DESC);
