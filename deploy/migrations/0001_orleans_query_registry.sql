-- 0001: the Orleans ADO.NET query registry.
--
-- The Orleans ADO.NET providers (clustering, reminders, persistence) hold no SQL of their own: at
-- start-up each one reads "select QueryKey, QueryText from OrleansQuery" and runs the stored texts
-- by key. The statement is unquoted, so PostgreSQL folds it to lower case; the table and its
-- columns are therefore created unquoted (lower case) too. Npgsql matches the mixed-case column
-- names the provider asks for case-insensitively.
--
-- The clustering and reminder providers build a dictionary from *every* row, so a key must never
-- appear twice: the primary key guarantees that. Keys the reader does not know are ignored, which
-- is why one table serves all three providers. Each later migration inserts its own keys.
--
-- Query texts are read once when a provider initializes; a migration that changes a text takes
-- effect after the silos restart.

CREATE TABLE orleansquery
(
    querykey  varchar(64)   NOT NULL,
    querytext varchar(8000) NOT NULL,

    CONSTRAINT orleansquery_key PRIMARY KEY (querykey)
);

COMMENT ON TABLE orleansquery IS
    'Query texts the Orleans ADO.NET providers run, by key. Loaded once at provider start-up.';
