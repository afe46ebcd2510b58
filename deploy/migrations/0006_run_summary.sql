-- Per-source run aggregates for /stats, /health and /metrics, whose cost must not grow with the
-- number of runs in the run log. A trigger keeps run_summary in step with run_log in the same
-- transaction as every insert or update of a run: the old row's contribution is taken away and the
-- new row's added, so a run counted as running when it starts moves to success or failed when it
-- ends, and writing the same run twice changes nothing. (The application never deletes runs.)
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

CREATE FUNCTION run_summary_add(r run_log, sign integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO run_summary AS s (source, total_runs, running_runs, successful_runs, failed_runs, records_read,
                                  records_written, records_rejected, duration_ms, timed_runs, last_started_at,
                                  last_successful_run, last_failed_run)
    VALUES (r.source, sign,
            sign * (r.status = 'running')::int,
            sign * (r.status = 'success')::int,
            sign * (r.status = 'failed')::int,
            CASE WHEN r.status <> 'running' THEN sign * r.records_read ELSE 0 END,
            CASE WHEN r.status <> 'running' THEN sign * r.records_written ELSE 0 END,
            CASE WHEN r.status <> 'running' THEN sign * r.records_rejected ELSE 0 END,
            CASE WHEN r.status <> 'running' THEN sign * coalesce(r.duration_ms, 0) ELSE 0 END,
            sign * (r.status <> 'running' AND r.duration_ms IS NOT NULL)::int,
            CASE WHEN sign > 0 THEN r.started_at END,
            CASE WHEN sign > 0 AND r.status = 'success' THEN r.completed_at END,
            CASE WHEN sign > 0 AND r.status = 'failed' THEN r.completed_at END)
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
        -- GREATEST ignores nulls: a removed contribution (sign -1) never moves a time back.
        last_started_at = GREATEST(s.last_started_at, EXCLUDED.last_started_at),
        last_successful_run = GREATEST(s.last_successful_run, EXCLUDED.last_successful_run),
        last_failed_run = GREATEST(s.last_failed_run, EXCLUDED.last_failed_run)
$$;

CREATE FUNCTION run_summary_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        PERFORM run_summary_add(OLD, -1);
    END IF;
    PERFORM run_summary_add(NEW, 1);
    RETURN NULL;
END
$$;

CREATE TRIGGER trg_run_summary AFTER INSERT OR UPDATE ON run_log
    FOR EACH ROW EXECUTE FUNCTION run_summary_on_change();

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
