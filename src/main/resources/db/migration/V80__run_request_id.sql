-- The request id of the API call (or console action) that queued a run (issue 15 §2), so the
-- run's log lines on worker threads carry the same request_id as the request's own lines.
ALTER TABLE runs ADD COLUMN request_id text;
