-- 0003: Orleans grain persistence (AdoNetGrainStorage). Written for this project from the provider
-- contract in shared/orleans-adonet-postgres-contract.md (sections 1, 2, 5, 6).
--
-- One row per (service, state name, grain key). Version is the grain's ETag: a write must name the
-- version it read (or none for a first write), and every successful change raises it by one. A
-- write that names the wrong version changes nothing and returns the version it was given, which
-- the provider reports as InconsistentStateException (e.g. a duplicate activation, a stale ETag).

CREATE TABLE orleansstorage
(
    -- Client-computed hashes of the grain key and state name. Stored for the hash index and for
    -- diagnostics; queries match on the full identity below, so two keys with equal hashes never
    -- see each other's state.
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    -- The state name Orleans passes to the storage ("state" or the [PersistentState] name). The
    -- grain type itself is not part of the identity the provider sends: two grain classes with the
    -- same key and the same state name share one row, so state names must differ per grain class.
    graintypestring        varchar(512) NOT NULL,
    -- Key extension, or the whole key for string-keyed grains; NULL for plain Guid/integer keys.
    grainidextensionstring varchar(512) NULL,
    serviceid              varchar(150) NOT NULL,
    -- Serializer output, opaque here (bytea: a jsonb column would come back as a string and break
    -- the provider's byte[] cast). NULL after a clear that keeps the row.
    payloadbinary          bytea        NULL,
    -- Set by the database on every change, never read by Orleans. UTC wall-clock time.
    modifiedon             timestamp    NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    version                integer      NULL
);

-- The lookup index the upstream schema declares (hash pair).
CREATE INDEX ix_orleansstorage ON orleansstorage (grainidhash, graintypehash);

-- One row per identity. Without it, two simultaneous first writes of one grain could both insert
-- and every later read would fail on "more than one row". NULLS NOT DISTINCT (PostgreSQL 15+)
-- makes a NULL extension equal to another NULL extension, as the identity rules require. It also
-- lets a losing first write use ON CONFLICT DO NOTHING and report a conflict instead of an error.
-- It is the index the queries below actually use for lookups.
CREATE UNIQUE INDEX ux_orleansstorage_identity
    ON orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
    NULLS NOT DISTINCT;

-- Identity predicate used by every query below (written out in each, the texts are independent):
--   serviceid = @ServiceId AND graintypestring = @GrainTypeString AND grainidn0 = @GrainIdN0
--   AND grainidn1 = @GrainIdN1
--   AND (grainidextensionstring = @GrainIdExtensionString
--        OR (grainidextensionstring IS NULL AND @GrainIdExtensionString IS NULL))
-- The hashes are deliberately not part of the match: they are accelerators derived from the
-- identity, and leaving them out means a change of hasher cannot orphan stored state. The update
-- path refreshes them to the caller's values.

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    -- 0 or 1 row (the unique index guarantees at most one). A cleared row has a NULL payload and
    -- still reports its version, so the grain's next write takes the update path.
    'ReadFromStorageKey',
    $query$
    SELECT s.payloadbinary, s.version
    FROM orleansstorage AS s
    WHERE s.serviceid = @ServiceId
      AND s.graintypestring = @GrainTypeString
      AND s.grainidn0 = @GrainIdN0
      AND s.grainidn1 = @GrainIdN1
      AND (s.grainidextensionstring = @GrainIdExtensionString
           OR (s.grainidextensionstring IS NULL AND @GrainIdExtensionString IS NULL))
    $query$
),
(
    -- Exactly one row, column NewGrainStateVersion:
    --   no version sent  -> insert at version 1 unless the identity exists (even cleared): 1 or NULL;
    --   version v sent   -> replace the payload only if the stored version is v: v+1 or v.
    -- Returning the input unchanged is the conflict signal. Both branches are in one statement,
    -- and only the one matching @GrainStateVersion can change anything.
    'WriteToStorageKey',
    $query$
    WITH updated AS (
        UPDATE orleansstorage AS s
        SET payloadbinary = @PayloadBinary,
            version = s.version + 1,
            grainidhash = @GrainIdHash,
            graintypehash = @GrainTypeHash,
            modifiedon = now() AT TIME ZONE 'UTC'
        WHERE @GrainStateVersion IS NOT NULL
          AND s.version = @GrainStateVersion
          AND s.serviceid = @ServiceId
          AND s.graintypestring = @GrainTypeString
          AND s.grainidn0 = @GrainIdN0
          AND s.grainidn1 = @GrainIdN1
          AND (s.grainidextensionstring = @GrainIdExtensionString
               OR (s.grainidextensionstring IS NULL AND @GrainIdExtensionString IS NULL))
        RETURNING s.version
    ),
    inserted AS (
        INSERT INTO orleansstorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
             grainidextensionstring, serviceid, payloadbinary, version)
        SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
               @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring) DO NOTHING
        RETURNING version
    )
    SELECT coalesce((SELECT version FROM updated),
                    (SELECT version FROM inserted),
                    @GrainStateVersion) AS newgrainstateversion
    $query$
),
(
    -- Clear keeping the row (DeleteStateOnClear = false): payload NULL, version v+1, returned as
    -- the first column of the one row. On a version mismatch the version sent comes back
    -- unchanged, which every provider revision reads as a conflict (a missing row only counts as
    -- one in newer revisions).
    'ClearStorageKey',
    $query$
    WITH cleared AS (
        UPDATE orleansstorage AS s
        SET payloadbinary = NULL,
            version = s.version + 1,
            modifiedon = now() AT TIME ZONE 'UTC'
        WHERE @GrainStateVersion IS NOT NULL
          AND s.version = @GrainStateVersion
          AND s.serviceid = @ServiceId
          AND s.graintypestring = @GrainTypeString
          AND s.grainidn0 = @GrainIdN0
          AND s.grainidn1 = @GrainIdN1
          AND (s.grainidextensionstring = @GrainIdExtensionString
               OR (s.grainidextensionstring IS NULL AND @GrainIdExtensionString IS NULL))
        RETURNING s.version
    )
    SELECT coalesce((SELECT version FROM cleared), @GrainStateVersion) AS newgrainstateversion
    $query$
),
(
    -- Clear removing the row (DeleteStateOnClear = true). On success the first column is a value
    -- different from the version sent (v+1, as bigint so it cannot overflow); on a mismatch it is
    -- the version sent, a conflict. After a delete the grain's ETag becomes null, so its next
    -- write inserts.
    'DeleteStorageKey',
    $query$
    WITH deleted AS (
        DELETE FROM orleansstorage AS s
        WHERE @GrainStateVersion IS NOT NULL
          AND s.version = @GrainStateVersion
          AND s.serviceid = @ServiceId
          AND s.graintypestring = @GrainTypeString
          AND s.grainidn0 = @GrainIdN0
          AND s.grainidn1 = @GrainIdN1
          AND (s.grainidextensionstring = @GrainIdExtensionString
               OR (s.grainidextensionstring IS NULL AND @GrainIdExtensionString IS NULL))
        RETURNING s.version::bigint + 1 AS nextversion
    )
    SELECT coalesce((SELECT nextversion FROM deleted), @GrainStateVersion) AS newgrainstateversion
    $query$
);
