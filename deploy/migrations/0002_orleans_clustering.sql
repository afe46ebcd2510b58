-- 0002: Orleans cluster membership (AdoNetClusteringTable on silos, AdoNetGatewayListProvider on
-- clients). Written for this project from the provider contract in
-- shared/orleans-adonet-postgres-contract.md (sections 1-3, 6).
--
-- Model: one version row per deployment (cluster id) and one row per silo incarnation. The
-- version is the table's optimistic-concurrency token: every successful membership write
-- (insert or update of a member) checks the version the caller read and raises it by exactly 1,
-- in the same transaction as the row change. Heartbeats and cleanup never touch it.
--
-- Names are unquoted (folded to lower case) because the provider's own start-up statement is
-- unquoted, and Npgsql matches result columns case-insensitively.

CREATE TABLE orleansmembershipversiontable
(
    deploymentid varchar(150)   NOT NULL,
    -- Informational only (when the version last moved); the provider never reads it.
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT pk_orleansmembershipversiontable_deploymentid PRIMARY KEY (deploymentid)
);

CREATE TABLE orleansmembershiptable
(
    deploymentid varchar(150)   NOT NULL,
    -- IPAddress.ToString() text, parsed back by the provider: it must stay a text type (not inet).
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NULL,
    -- "silo,time|silo,time" as the provider writes it; stored verbatim, parsed on read.
    suspecttimes varchar(8000)  NULL,
    -- timestamptz, not timestamp: Npgsql sends UTC DateTimes as timestamptz, and a plain
    -- timestamp column would shift them by the session time zone.
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,

    CONSTRAINT pk_membershiptable_deploymentid PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_membershiptable_membershipversiontable_deploymentid
        FOREIGN KEY (deploymentid) REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Conditional insert of a member row. Returns true only if the expected version matched, the row
-- did not exist yet, and the version was raised by one; otherwise nothing changes.
--
-- Why a function: the version check, the row insert and the version bump must succeed or fail
-- together. Locking the version row first serializes all membership writers of one deployment
-- (under READ COMMITTED a waiting writer re-reads the row once the lock is released, sees the new
-- version and fails), so exactly one of N racing writers wins. The bump is done last, after the
-- row change is known to have happened, so a failed write never leaves a bumped version behind.
CREATE FUNCTION orleans_membership_insert(
    p_deploymentid text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_siloname     text,
    p_hostname     text,
    p_status       integer,
    p_proxyport    integer,
    p_starttime    timestamptz,
    p_iamalivetime timestamptz,
    p_version      integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
DECLARE
    v_current integer;
BEGIN
    SELECT vt.version INTO v_current
    FROM orleansmembershipversiontable AS vt
    WHERE vt.deploymentid = p_deploymentid
    FOR NO KEY UPDATE;

    -- Missing version row, stale expectation, or a version that would overflow int: refuse.
    IF v_current IS NULL OR p_version IS NULL OR v_current <> p_version OR v_current >= 2147483647 THEN
        RETURN false;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport,
         suspecttimes, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport,
         NULL, p_starttime, p_iamalivetime)
    ON CONFLICT (deploymentid, address, port, generation) DO NOTHING;

    -- The silo incarnation is already registered: a duplicate insert fails and must not bump.
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;

    RETURN true;
END
$function$;

-- Conditional update of a member row (status, suspect votes, heartbeat). Same locking and
-- all-or-nothing rules as orleans_membership_insert; a missing row fails without a bump.
-- SiloName, HostName, StartTime and ProxyPort are fixed at insert and are not touched.
CREATE FUNCTION orleans_membership_update(
    p_deploymentid text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_status       integer,
    p_suspecttimes text,
    p_iamalivetime timestamptz,
    p_version      integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
DECLARE
    v_current integer;
BEGIN
    SELECT vt.version INTO v_current
    FROM orleansmembershipversiontable AS vt
    WHERE vt.deploymentid = p_deploymentid
    FOR NO KEY UPDATE;

    IF v_current IS NULL OR p_version IS NULL OR v_current <> p_version OR v_current >= 2147483647 THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershiptable
    SET status = p_status, suspecttimes = p_suspecttimes, iamalivetime = p_iamalivetime
    WHERE deploymentid = p_deploymentid
      AND address = p_address
      AND port = p_port
      AND generation = p_generation;

    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;

    RETURN true;
END
$function$;

-- The query texts. Parameters are bound by name (@Name) with explicit types by the provider.
INSERT INTO orleansquery (querykey, querytext) VALUES
(
    -- Silo start-up: create the deployment's version row at 0 if missing. Must return exactly one
    -- row (1 = created, 0 = already there) and never fail when the row exists, hence the CTE.
    'InsertMembershipVersionKey',
    $query$
    WITH created AS (
        INSERT INTO orleansmembershipversiontable (deploymentid)
        VALUES (@DeploymentId)
        ON CONFLICT (deploymentid) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer AS created FROM created
    $query$
),
(
    'InsertMembershipKey',
    $query$
    SELECT orleans_membership_insert(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
        @StartTime, @IAmAliveTime, @Version) AS inserted
    $query$
),
(
    'UpdateMembershipKey',
    $query$
    SELECT orleans_membership_update(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime,
        @Version) AS updated
    $query$
),
(
    -- Heartbeat: one primary-key-targeted assignment of the supplied time (no version change; a
    -- missing row is a silent no-op).
    'UpdateIAmAlivetimeKey',
    $query$
    UPDATE orleansmembershiptable
    SET iamalivetime = @IAmAliveTime
    WHERE deploymentid = @DeploymentId
      AND address = @Address
      AND port = @Port
      AND generation = @Generation
    $query$
),
(
    -- The version row outer-joined to the one member: at least one row whenever the deployment
    -- exists, with NULL member columns when the silo is unknown. One statement, so the version and
    -- the row come from the same snapshot.
    'MembershipReadRowKey',
    $query$
    SELECT vt.version, m.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname,
           m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime
    FROM orleansmembershipversiontable AS vt
    LEFT JOIN orleansmembershiptable AS m
           ON m.deploymentid = vt.deploymentid
          AND m.address = @Address
          AND m.port = @Port
          AND m.generation = @Generation
    WHERE vt.deploymentid = @DeploymentId
    $query$
),
(
    -- All members, each row carrying the version; exactly one all-NULL member row when there are
    -- none (the provider reads the version from the first row).
    'MembershipReadAllKey',
    $query$
    SELECT vt.version, m.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname,
           m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime
    FROM orleansmembershipversiontable AS vt
    LEFT JOIN orleansmembershiptable AS m
           ON m.deploymentid = vt.deploymentid
    WHERE vt.deploymentid = @DeploymentId
    $query$
),
(
    -- Gateways for clients: the provider does no filtering itself, so silos without a gateway
    -- endpoint (ProxyPort 0 or NULL) are excluded here.
    'GatewaysQueryKey',
    $query$
    SELECT m.address, m.proxyport, m.generation
    FROM orleansmembershiptable AS m
    WHERE m.deploymentid = @DeploymentId
      AND m.status = @Status
      AND m.proxyport > 0
    $query$
),
(
    -- Removes a deployment completely (members first for the foreign key). Npgsql sends both
    -- statements as one batch in one implicit transaction.
    'DeleteMembershipTableEntriesKey',
    $query$
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId
    $query$
),
(
    -- Bulk cleanup (@IAmAliveTime is the cutoff). The 10.4.2 provider runs this only when
    -- CleanupDefunctSiloEntryKey below is absent; older providers always run it.
    --
    -- Chosen semantics: Dead-only, the same rule the 10.4.2 provider applies before calling the
    -- per-row key: Status = Dead (6), StartTime and IAmAliveTime before the cutoff, and no suspect
    -- vote at or after the cutoff (a vote whose time cannot be parsed counts as recent, so the row
    -- is kept). Why not "every non-Active row" (the older upstream rule): Joining, ShuttingDown and
    -- Stopping are live states of a silo that may only be slow; deleting its row makes its next
    -- membership update fail and takes the silo down. Dead is the only terminal status, so it is
    -- the only one that is safe to forget. Both cleanup keys therefore prune the same set of rows,
    -- whichever mode the provider uses. This satisfies the 10.4-era (Dead-only) variant of the
    -- CleanupDefunctSiloEntries conformance test, not the older "2 of 10 remain" variant.
    'CleanupDefunctSiloEntriesKey',
    $query$
    DELETE FROM orleansmembershiptable AS m
    WHERE m.deploymentid = @DeploymentId
      AND m.status = 6
      AND m.starttime < @IAmAliveTime
      AND m.iamalivetime < @IAmAliveTime
      AND NOT EXISTS (
            SELECT 1
            FROM regexp_split_to_table(coalesce(m.suspecttimes, ''), '\|') AS vote(entry)
            WHERE btrim(vote.entry) <> ''
              AND coalesce(
                    (substring(vote.entry FROM ',\s*(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) GMT\s*$')
                        || '+00')::timestamptz,
                    'infinity'::timestamptz) >= @IAmAliveTime)
    $query$
),
(
    -- Per-row cleanup (10.4.2 mode B). The provider reads all rows, applies the Dead/cutoff rule in
    -- .NET and sends back the values it saw. Delete that one row only if it is still Dead and
    -- nothing changed since it was read (a late heartbeat, a new vote or a status change keeps it).
    -- NULL, empty and blank SuspectTimes all mean "no votes", so they compare equal.
    'CleanupDefunctSiloEntryKey',
    $query$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND address = @Address
      AND port = @Port
      AND generation = @Generation
      AND status = 6
      AND starttime = @StartTime
      AND iamalivetime = @IAmAliveTime
      AND coalesce(btrim(suspecttimes), '') = coalesce(btrim(@SuspectTimes), '')
    $query$
);
