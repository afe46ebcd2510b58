-- Kasparro ETL tables, first version.
-- Money and market figures are numeric (exact decimals, no precision cap): prices of tiny coins
-- need many fractional digits and market caps need many integer ones.
-- Times are timestamptz and always written in UTC.

-- Latest quote per source and asset. The natural key makes re-ingesting a batch a no-op.
-- Every batch updates most of its rows in place; the free space left on each page (fillfactor)
-- lets PostgreSQL do those as heap-only updates, which halves the cost of the upsert.
CREATE TABLE assets (
    source            varchar(64)  NOT NULL,
    external_id       varchar(256) NOT NULL,
    symbol            varchar(64)  NOT NULL,
    name              varchar(512) NOT NULL,
    current_price     numeric,
    market_cap        numeric,
    volume_24h        numeric,
    price_change_24h  numeric,
    last_updated      timestamptz  NOT NULL,
    run_id            uuid         NOT NULL,
    ingested_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_assets PRIMARY KEY (source, external_id)
) WITH (fillfactor = 50);
CREATE INDEX ix_assets_symbol ON assets (symbol);

-- Every observation of an asset: one row per source, asset and observation time.
CREATE TABLE asset_quotes (
    source            varchar(64)  NOT NULL,
    external_id       varchar(256) NOT NULL,
    observed_at       timestamptz  NOT NULL,
    current_price     numeric,
    market_cap        numeric,
    volume_24h        numeric,
    price_change_24h  numeric,
    run_id            uuid         NOT NULL,
    CONSTRAINT pk_asset_quotes PRIMARY KEY (source, external_id, observed_at)
);

-- News items are their own kind of record, keyed by the feed's item key (guid, else link).
CREATE TABLE news_items (
    source        varchar(64)   NOT NULL,
    item_key      varchar(2048) NOT NULL,
    title         text          NOT NULL,
    link          text,
    published_at  timestamptz,
    summary       text,
    authors       text[]        NOT NULL DEFAULT '{}',
    categories    text[]        NOT NULL DEFAULT '{}',
    symbols       text[]        NOT NULL DEFAULT '{}',
    run_id        uuid          NOT NULL,
    ingested_at   timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT pk_news_items PRIMARY KEY (source, item_key)
);
CREATE INDEX ix_news_items_published ON news_items (published_at DESC);
CREATE INDEX ix_news_items_symbols ON news_items USING gin (symbols);

-- The full history of runs (grain state keeps only the most recent ones).
CREATE TABLE run_log (
    run_id             uuid        NOT NULL,
    source             varchar(64) NOT NULL,
    status             varchar(16) NOT NULL,
    trigger            varchar(32) NOT NULL,
    started_at         timestamptz NOT NULL,
    completed_at       timestamptz,
    records_read       bigint      NOT NULL DEFAULT 0,
    records_written    bigint      NOT NULL DEFAULT 0,
    records_rejected   bigint      NOT NULL DEFAULT 0,
    rejections         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    duration_ms        bigint,
    error_type         varchar(128),
    error_message      text,
    checkpoint_before  jsonb,
    checkpoint_after   jsonb,
    anomalies          jsonb       NOT NULL DEFAULT '[]'::jsonb,
    CONSTRAINT pk_run_log PRIMARY KEY (run_id),
    CONSTRAINT ck_run_log_status CHECK (status IN ('running', 'success', 'failed'))
);
CREATE INDEX ix_run_log_source_started ON run_log (source, started_at DESC);

-- Every drift report, whether or not drift was found.
CREATE TABLE drift_log (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    source          varchar(64)  NOT NULL,
    run_id          uuid,
    schema_name     varchar(128) NOT NULL,
    confidence      numeric(5,4) NOT NULL,
    drift_detected  boolean      NOT NULL,
    missing_fields  text[]       NOT NULL DEFAULT '{}',
    extra_fields    text[]       NOT NULL DEFAULT '{}',
    fuzzy_matches   jsonb        NOT NULL DEFAULT '[]'::jsonb,
    type_changes    jsonb        NOT NULL DEFAULT '[]'::jsonb,
    warnings        text[]       NOT NULL DEFAULT '{}',
    detected_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_drift_log PRIMARY KEY (id)
);
CREATE INDEX ix_drift_log_source_detected ON drift_log (source, detected_at DESC);

-- Records that failed validation, kept with their reason so nothing is silently dropped.
-- record_hash identifies the raw record by its position in the source and its content, so a batch
-- that is read again after a failure (in a later run) does not store its rejects twice.
CREATE TABLE rejected_records (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    source       varchar(64)  NOT NULL,
    run_id       uuid         NOT NULL,
    record_hash  varchar(64)  NOT NULL,
    raw_payload  text         NOT NULL,
    reason       varchar(128) NOT NULL,
    detail       text,
    rejected_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_rejected_records PRIMARY KEY (id),
    CONSTRAINT uq_rejected_records UNIQUE (source, record_hash)
);
CREATE INDEX ix_rejected_records_source ON rejected_records (source, rejected_at DESC);
