-- Indexes for the gateway's lists (issue 18): each order and filter /data, /news and /runs offer is
-- an index the planner can walk in order and stop at LIMIT, so no read sorts or scans a whole table.
-- Expressions and collations are those of the queries' ORDER BY (PostgresQueryStore): strings in
-- COLLATE "C", money DESC NULLS LAST. A filter on source leaves source out of the order (it is one
-- value), so the per-source indexes follow the source with the rest of the order.
--
-- The price of them: an update of an asset whose market cap or price changed is no longer a
-- heap-only update (0005's fillfactor still keeps the new version on the same page).

-- /data: market cap, largest first, none last; then source and external id. The price rides along
-- (INCLUDE) so a price range is checked on the index entry: an index-only scan skips the rows before
-- a page, and those outside the range, without reading the table.
CREATE INDEX ix_assets_cap ON assets (market_cap DESC NULLS LAST, source COLLATE "C", external_id COLLATE "C")
    INCLUDE (current_price);
-- /data?source=: the same order within one source.
CREATE INDEX ix_assets_source_cap ON assets (source, market_cap DESC NULLS LAST, external_id COLLATE "C")
    INCLUDE (current_price);
-- /data?min_price=&max_price= walks ix_assets_cap (or ix_assets_source_cap) and checks the included
-- price. No index of its own: a prepared statement's generic plan, made for any range, would pick it
-- for every range and sort a wide range's thousands of rows.
-- /data?symbol= keeps 0005's ix_assets_symbol: a symbol names few assets, sorted after.

-- /news: published newest first, undated last; then source and item key. 0005's index (published_at
-- DESC, nulls first) matched no query.
CREATE INDEX ix_news_items_recent ON news_items (published_at DESC NULLS LAST, source COLLATE "C", item_key COLLATE "C");
CREATE INDEX ix_news_items_source_recent ON news_items (source, published_at DESC NULLS LAST, item_key COLLATE "C");
DROP INDEX ix_news_items_published;
-- /news?symbol= keeps 0005's GIN index on symbols.

-- /runs?source= (and the run log's recent runs of a source): with the run id, the whole order.
-- It replaces 0005's (source, started_at DESC), of which it is an extension.
CREATE INDEX ix_run_log_source_started_id ON run_log (source, started_at DESC, run_id DESC);
DROP INDEX ix_run_log_source_started;
-- /runs?source=&status=: a rare status (running) of one source is found without walking its history.
CREATE INDEX ix_run_log_source_status_started ON run_log (source, status, started_at DESC, run_id DESC);
-- /runs and /runs?status= keep 0006's ix_run_log_started and ix_run_log_status_started.

-- The planner's estimate of the rows a query returns, for a list's total past the bound it counts
-- exactly (the pagination says the total is estimated). EXPLAIN plans the query and never runs it.
-- Callers pass text built by format() with every value quoted (%L), never a client's raw text.
CREATE FUNCTION kasparro_estimated_rows(query text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
END
$$;
