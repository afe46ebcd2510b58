-- 0004: Orleans reminders (AdoNetReminderTable). Written for this project from the provider contract
-- in shared/orleans-adonet-postgres-contract.md (sections 1, 2, 4, 6).
--
-- One row per (service, grain, reminder name). Version is the reminder's ETag: the provider hands
-- it out on upsert and read, and deletes only when the caller still holds the current one.

CREATE TABLE orleansreminderstable
(
    serviceid    varchar(150)   NOT NULL,
    -- GrainId.ToString() ("type/key"); text, compared exactly (keys may contain / \ # ? +).
    grainid      varchar(150)   NOT NULL,
    remindername varchar(150)   NOT NULL,
    -- timestamptz: the provider sends UTC DateTimes, which a plain timestamp would shift by the
    -- session time zone.
    starttime    timestamptz(3) NOT NULL,
    -- Milliseconds. bigint because periods above ~24.8 days are sent as Int64.
    period       bigint         NOT NULL,
    -- GrainId.GetUniformHashCode() (a uint) reinterpreted as a signed int; the ring position.
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,

    CONSTRAINT pk_reminderstable_serviceid_grainid_remindername
        PRIMARY KEY (serviceid, grainid, remindername)
);

-- Each silo reads the reminders of its ring range by (service, hash range); without this index
-- every range read would scan all of the service's reminders.
CREATE INDEX ix_orleansreminderstable_serviceid_grainhash ON orleansreminderstable (serviceid, grainhash);

-- Versions come from one sequence rather than "0 on insert, +1 on update": every upsert still gets
-- a value that row never had before, and in addition a reminder that is deleted and re-created
-- does not start again at a version an old holder may still have cached (its stale ETag cannot
-- delete the new reminder). Cycling keeps the values in the non-negative int range forever.
CREATE SEQUENCE orleansreminderstable_version_seq
    AS integer
    MINVALUE 0
    MAXVALUE 2147483647
    START WITH 0
    CYCLE;

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    -- Insert or update in one atomic statement; concurrent upserts of one reminder serialize on the
    -- row and each returns its own fresh version.
    'UpsertReminderRowKey',
    $query$
    INSERT INTO orleansreminderstable AS r
        (serviceid, grainid, remindername, starttime, period, grainhash, version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash,
         nextval('orleansreminderstable_version_seq')::integer)
    ON CONFLICT ON CONSTRAINT pk_reminderstable_serviceid_grainid_remindername DO UPDATE
    SET starttime = excluded.starttime,
        period = excluded.period,
        grainhash = excluded.grainhash,
        version = excluded.version
    RETURNING r.version
    $query$
),
(
    'ReadReminderRowsKey',
    $query$
    SELECT r.grainid, r.remindername, r.starttime, r.period, r.version
    FROM orleansreminderstable AS r
    WHERE r.serviceid = @ServiceId
      AND r.grainid = @GrainId
    $query$
),
(
    'ReadReminderRowKey',
    $query$
    SELECT r.grainid, r.remindername, r.starttime, r.period, r.version
    FROM orleansreminderstable AS r
    WHERE r.serviceid = @ServiceId
      AND r.grainid = @GrainId
      AND r.remindername = @ReminderName
    $query$
),
(
    -- Ring range (begin, end] that does not wrap in signed order (the provider picks this key when
    -- (int)begin < (int)end).
    'ReadRangeRows1Key',
    $query$
    SELECT r.grainid, r.remindername, r.starttime, r.period, r.version
    FROM orleansreminderstable AS r
    WHERE r.serviceid = @ServiceId
      AND r.grainhash > @BeginHash
      AND r.grainhash <= @EndHash
    $query$
),
(
    -- Ring range that wraps past the signed maximum, or the whole ring when begin = end: the two
    -- pieces (begin, max] and [min, end].
    'ReadRangeRows2Key',
    $query$
    SELECT r.grainid, r.remindername, r.starttime, r.period, r.version
    FROM orleansreminderstable AS r
    WHERE r.serviceid = @ServiceId
      AND (r.grainhash > @BeginHash OR r.grainhash <= @EndHash)
    $query$
),
(
    -- Delete only while the caller's ETag is current. Exactly one row back: 1 deleted, 0 not.
    'DeleteReminderRowKey',
    $query$
    WITH removed AS (
        DELETE FROM orleansreminderstable AS r
        WHERE r.serviceid = @ServiceId
          AND r.grainid = @GrainId
          AND r.remindername = @ReminderName
          AND r.version = @Version
        RETURNING 1
    )
    SELECT count(*)::integer AS deleted FROM removed
    $query$
),
(
    'DeleteReminderRowsKey',
    $query$
    DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId
    $query$
);
