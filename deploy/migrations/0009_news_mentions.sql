-- News items link to the assets they mention whichever source ran first (issue 12, item 9).
-- mention_assets numbers every (symbol, name) pair ever stored as an asset, in the order the mention
-- linker learned it; news_items.mentions_version is the number an item has been matched through.
-- Writing an item sets it to 0; the linker (after every run) matches each item below the newest
-- number against the pairs above its own and adds the symbols found. Existing items start at 0, so
-- the first run after this migration links every stored item against every stored asset.
CREATE TABLE mention_assets (
    seq     bigint       NOT NULL,
    symbol  varchar(64)  NOT NULL,
    name    varchar(512) NOT NULL,
    CONSTRAINT pk_mention_assets PRIMARY KEY (seq),
    CONSTRAINT uq_mention_assets UNIQUE (symbol, name)
);

ALTER TABLE news_items ADD COLUMN mentions_version bigint NOT NULL DEFAULT 0;
CREATE INDEX ix_news_items_mentions_version ON news_items (mentions_version);
