-- Counters for rate limits on what sends email: one row per bucket (a National
-- Registry number, or a hashed client IP) per hour. Rows older than a day are
-- removed by the worker's daily scheduled run.
CREATE TABLE rate_limits (
    bucket       TEXT NOT NULL,
    window_start TEXT NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
) WITHOUT ROWID;
