-- The audit trail of source changes (issue 15): one row per event the source registry records
-- (created, replaced, deleted, paused, reset, ...), with who asked (an API key's id, never the key,
-- or "configuration") and what changed. The registry keeps unsent events in its own state and
-- appends them until the store has them, so event_id makes a repeated append a no-op.
-- changes maps a setting name to {"before": ..., "after": ...}, either null where unset.
-- Every text here may come from an API caller: the stores clean and clip it before it is written
-- (no NUL, no lone surrogate, bounded length), so no event is ever refused.
CREATE TABLE source_events (
    event_id    uuid        NOT NULL,
    source      text        NOT NULL,
    at          timestamptz NOT NULL,
    kind        text        NOT NULL,
    changed_by  text        NOT NULL,
    version     bigint,
    changes     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    detail      text        NOT NULL DEFAULT '',
    CONSTRAINT pk_source_events PRIMARY KEY (event_id)
);

-- GET /sources/{id}/events pages one source's trail newest first; the event id breaks ties.
CREATE INDEX ix_source_events_source_at ON source_events (source, at DESC, event_id DESC);
