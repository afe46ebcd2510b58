-- A rejected record's raw payload is stored capped (4 KiB of UTF-8, cut between characters) so one
-- huge field cannot bloat the table; payload_length keeps the size of the record as read, in bytes.
-- Rows written before this migration keep their whole payload and a NULL length (unknown).
ALTER TABLE rejected_records ADD COLUMN IF NOT EXISTS payload_length bigint;
