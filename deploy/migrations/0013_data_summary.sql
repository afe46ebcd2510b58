-- Per-source stored data for /stats and /metrics (issue 18): assets (latest quotes), their total
-- market cap and news items, kept exact by triggers in the same transaction as every write, so a
-- read is one primary-key row per source instead of counting both tables.
--
-- Statement-level triggers with transition tables, like run_summary (0006): one upsert of this table
-- per statement and source, however many rows the statement wrote (a bulk batch is up to tens of
-- thousands). INSERT ... ON CONFLICT DO UPDATE fires both the insert trigger (its NEW TABLE holds the
-- rows it inserted) and the update trigger (OLD and NEW TABLE hold the versions of the rows it
-- updated); a purge's DELETE fires the delete trigger; TRUNCATE zeroes the table's figures.
-- Only changes that move a figure take the summary row's lock: an update that keeps every row's
-- source and market cap (a news item rewritten, the mention linker's update of symbols) writes
-- nothing here, so it never waits on, or makes wait, a batch of another source. Rows are locked in
-- source order within a statement (the same order in every transaction); a batch writes one source.
-- A source whose data is all gone keeps a row of zeros; readers skip it.
CREATE TABLE data_summary (
    source      varchar(64) NOT NULL,
    assets      bigint      NOT NULL DEFAULT 0,
    market_cap  numeric     NOT NULL DEFAULT 0, -- sum of the assets' market caps (an unknown cap adds 0)
    news_items  bigint      NOT NULL DEFAULT 0,
    CONSTRAINT pk_data_summary PRIMARY KEY (source)
);

-- Each branch names only the transition tables its event has (an insert has no OLD TABLE, a delete no
-- NEW TABLE); PL/pgSQL plans a statement when it first runs, and keeps its plans per trigger.
CREATE FUNCTION data_summary_assets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO data_summary AS s (source, assets, market_cap)
        SELECT c.source, sum(c.sign), coalesce(sum(c.sign * c.market_cap), 0)
        FROM (SELECT source, 1 AS sign, market_cap FROM new_rows) c
        GROUP BY c.source
        ORDER BY c.source -- the same lock order in every transaction
        ON CONFLICT (source) DO UPDATE SET assets = s.assets + EXCLUDED.assets, market_cap = s.market_cap + EXCLUDED.market_cap;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO data_summary AS s (source, assets, market_cap)
        SELECT c.source, sum(c.sign), coalesce(sum(c.sign * c.market_cap), 0)
        FROM (SELECT source, -1 AS sign, market_cap FROM old_rows UNION ALL SELECT source, 1, market_cap FROM new_rows) c
        GROUP BY c.source
        HAVING sum(c.sign) <> 0 OR coalesce(sum(c.sign * c.market_cap), 0) <> 0
        ORDER BY c.source -- the same lock order in every transaction
        ON CONFLICT (source) DO UPDATE SET assets = s.assets + EXCLUDED.assets, market_cap = s.market_cap + EXCLUDED.market_cap;
    ELSE
        INSERT INTO data_summary AS s (source, assets, market_cap)
        SELECT c.source, sum(c.sign), coalesce(sum(c.sign * c.market_cap), 0)
        FROM (SELECT source, -1 AS sign, market_cap FROM old_rows) c
        GROUP BY c.source
        ORDER BY c.source -- the same lock order in every transaction
        ON CONFLICT (source) DO UPDATE SET assets = s.assets + EXCLUDED.assets, market_cap = s.market_cap + EXCLUDED.market_cap;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION data_summary_news() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO data_summary AS s (source, news_items)
        SELECT c.source, sum(c.sign)
        FROM (SELECT source, 1 AS sign FROM new_rows) c
        GROUP BY c.source
        ORDER BY c.source
        ON CONFLICT (source) DO UPDATE SET news_items = s.news_items + EXCLUDED.news_items;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO data_summary AS s (source, news_items)
        SELECT c.source, sum(c.sign)
        FROM (SELECT source, -1 AS sign FROM old_rows UNION ALL SELECT source, 1 FROM new_rows) c
        GROUP BY c.source
        HAVING sum(c.sign) <> 0
        ORDER BY c.source
        ON CONFLICT (source) DO UPDATE SET news_items = s.news_items + EXCLUDED.news_items;
    ELSE
        INSERT INTO data_summary AS s (source, news_items)
        SELECT c.source, sum(c.sign)
        FROM (SELECT source, -1 AS sign FROM old_rows) c
        GROUP BY c.source
        ORDER BY c.source
        ON CONFLICT (source) DO UPDATE SET news_items = s.news_items + EXCLUDED.news_items;
    END IF;
    RETURN NULL;
END
$$;

-- TRUNCATE has no transition table (and the application never truncates these tables): every
-- source's figures of the truncated table go to zero.
CREATE FUNCTION data_summary_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'assets' THEN
        UPDATE data_summary SET assets = 0, market_cap = 0 WHERE assets <> 0 OR market_cap <> 0;
    ELSE
        UPDATE data_summary SET news_items = 0 WHERE news_items <> 0;
    END IF;
    RETURN NULL;
END
$$;

-- Writers that started before this migration finish before the triggers exist and the backfill
-- counts: the lock (taken by CREATE TRIGGER anyway) keeps new writes out until this script commits,
-- so every row is counted once, by the backfill or by a trigger.
LOCK TABLE assets, news_items IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER trg_data_summary_assets_insert AFTER INSERT ON assets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_summary_assets();
CREATE TRIGGER trg_data_summary_assets_update AFTER UPDATE ON assets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_summary_assets();
CREATE TRIGGER trg_data_summary_assets_delete AFTER DELETE ON assets
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_summary_assets();
CREATE TRIGGER trg_data_summary_assets_truncate AFTER TRUNCATE ON assets
    FOR EACH STATEMENT EXECUTE FUNCTION data_summary_truncated();

CREATE TRIGGER trg_data_summary_news_insert AFTER INSERT ON news_items
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_summary_news();
CREATE TRIGGER trg_data_summary_news_update AFTER UPDATE ON news_items
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_summary_news();
CREATE TRIGGER trg_data_summary_news_delete AFTER DELETE ON news_items
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_summary_news();
CREATE TRIGGER trg_data_summary_news_truncate AFTER TRUNCATE ON news_items
    FOR EACH STATEMENT EXECUTE FUNCTION data_summary_truncated();

-- Data stored before this migration.
INSERT INTO data_summary (source, assets, market_cap, news_items)
SELECT coalesce(a.source, n.source), coalesce(a.assets, 0), coalesce(a.cap, 0), coalesce(n.news, 0)
FROM (SELECT source, count(*) AS assets, coalesce(sum(market_cap), 0) AS cap FROM assets GROUP BY source) a
FULL JOIN (SELECT source, count(*) AS news FROM news_items GROUP BY source) n ON n.source = a.source;
