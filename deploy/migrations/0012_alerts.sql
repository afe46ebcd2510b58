-- The alert outbox (issue 16). Producers raise events (alert_events, idempotent on event_id: a
-- producer's outbox may raise one again after a crash); every silo's relay plans new events into
-- deliveries, one per subscription that wants them (alert_deliveries, the events each carries in
-- alert_delivery_events), claims due deliveries under a lease so no two silos send one at once, and
-- logs every attempt (alert_attempts). Texts are made storable by the stores before they are
-- written (no NUL, no lone surrogate, no \u0000 in data, bounded length): no event is refused.
-- Ids and kinds are compared byte-wise (COLLATE "C"), as the in-memory store compares them.
CREATE TABLE alert_events (
    event_id     text COLLATE "C" NOT NULL,
    kind         text COLLATE "C" NOT NULL,
    source       text COLLATE "C" NOT NULL,
    occurred_at  timestamptz NOT NULL,
    severity     text        NOT NULL,
    summary      text        NOT NULL DEFAULT '',
    run_id       uuid,
    data         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    raised_at    timestamptz NOT NULL DEFAULT now(),
    planned_at   timestamptz,
    CONSTRAINT pk_alert_events PRIMARY KEY (event_id)
);

-- The planner reads the events not planned yet, oldest first.
CREATE INDEX ix_alert_events_unplanned ON alert_events (raised_at, event_id) WHERE planned_at IS NULL;
-- GET /alerts pages newest first, over every source or one.
CREATE INDEX ix_alert_events_raised ON alert_events (raised_at DESC, event_id DESC);
CREATE INDEX ix_alert_events_source_raised ON alert_events (source, raised_at DESC, event_id DESC);

-- One webhook message: delivery_id is its stable webhook-id (msg_ and a Guid's 32 hex digits).
-- seq orders deliveries by creation (the last of a group, subscription + kind + source, is the one
-- a repeat may join). lease_owner/lease_until: the relay sending it now; a lease that ran out may be
-- taken over. event_count counts every event folded into it.
CREATE TABLE alert_deliveries (
    delivery_id      text COLLATE "C" NOT NULL,
    seq              bigint GENERATED ALWAYS AS IDENTITY,
    subscription_id  text COLLATE "C" NOT NULL,
    kind             text COLLATE "C" NOT NULL,
    source           text COLLATE "C" NOT NULL,
    state            text        NOT NULL DEFAULT 'pending',
    event_count      integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    lease_owner      text,
    lease_until      timestamptz,
    last_status      integer,
    last_error       text,
    delivered_at     timestamptz,
    CONSTRAINT pk_alert_deliveries PRIMARY KEY (delivery_id),
    CONSTRAINT ck_alert_deliveries_state CHECK (state IN ('pending', 'delivered', 'failed', 'cancelled'))
);

-- The relays claim pending deliveries oldest due first.
CREATE INDEX ix_alert_deliveries_pending_due ON alert_deliveries (due_at, seq) WHERE state = 'pending';
-- The planner finds each group's last delivery.
CREATE INDEX ix_alert_deliveries_group ON alert_deliveries (subscription_id, kind, source, seq DESC);

CREATE TABLE alert_delivery_events (
    delivery_id  text COLLATE "C" NOT NULL REFERENCES alert_deliveries (delivery_id) ON DELETE CASCADE,
    event_id     text COLLATE "C" NOT NULL REFERENCES alert_events (event_id) ON DELETE CASCADE,
    CONSTRAINT pk_alert_delivery_events PRIMARY KEY (delivery_id, event_id)
);

-- An alert's deliveries (GET /alerts, the delivery-state filter).
CREATE INDEX ix_alert_delivery_events_event ON alert_delivery_events (event_id);

-- Every try at a delivery, numbered from 1; status_code null: no answer (error says why).
CREATE TABLE alert_attempts (
    delivery_id  text COLLATE "C" NOT NULL REFERENCES alert_deliveries (delivery_id) ON DELETE CASCADE,
    number       integer          NOT NULL,
    at           timestamptz      NOT NULL,
    status_code  integer,
    error        text,
    duration_ms  double precision NOT NULL,
    CONSTRAINT pk_alert_attempts PRIMARY KEY (delivery_id, number)
);
