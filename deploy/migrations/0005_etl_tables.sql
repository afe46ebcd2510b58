-- placeholder until written
SELECT 1;
