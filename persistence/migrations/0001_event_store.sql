-- The event store: streams of events, one table, appended in batches.
--
-- `position` is the global feed order. It is assigned by souk_append_batch
-- under a transaction-scoped advisory lock, so batches take positions one
-- after the other and commit in that order: position order is commit order,
-- positions are dense, and a reader never sees position n+1 before n (see
-- docs/event-store.md for why not a bigserial).
CREATE TABLE events (
  position     bigint      PRIMARY KEY,
  stream_id    text        NOT NULL,
  version      bigint      NOT NULL CHECK (version > 0),
  event_id     uuid        NOT NULL UNIQUE,
  type         text        NOT NULL,
  data         jsonb       NOT NULL,
  metadata     jsonb       NOT NULL DEFAULT '{}'::jsonb,
  committed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);

-- A stream's folded state at a version; the latest one speeds up rehydration.
CREATE TABLE snapshots (
  stream_id text        NOT NULL,
  version   bigint      NOT NULL CHECK (version > 0),
  type      text        NOT NULL,
  state     jsonb       NOT NULL,
  taken_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_id, version)
);

-- Appends a batch in one statement (one round trip, one transaction).
--
-- appends:    [{"i": 1, "stream_id": "order-1", "expected": 3, "c": true}, ...]
--             at most one entry per stream; expected -1 skips the check;
--             c false: the caller knows the stream is at `expected` (it
--             wrote that version itself), so the lookup is skipped and the
--             unique (stream_id, version) index alone guards the append
-- new_events: [{"i": 1, "n": 1, "id": uuid, "type": text, "data": {..},
--               "meta": {..}}, ...]   n = 1.. within its append
--
-- Returns one row per append: the stream's version before the batch and,
-- when the append was accepted, the positions it got. An append whose
-- expected version does not match writes nothing; the others still land.
CREATE FUNCTION souk_append_batch(appends jsonb, new_events jsonb)
  RETURNS TABLE (append_index int, actual_version bigint,
                 first_position bigint, last_position bigint)
  LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  head bigint;
BEGIN
  -- Serialises position assignment until this transaction commits.
  PERFORM pg_advisory_xact_lock(7308332054079172608);
  SELECT coalesce(max(e.position), 0) INTO head FROM events e;
  RETURN QUERY
  WITH req AS (
    SELECT r.i, r.stream_id, r.expected,
           CASE WHEN r.c THEN
             coalesce((SELECT max(e.version) FROM events e
                        WHERE e.stream_id = r.stream_id), 0)
           ELSE r.expected END AS actual
      FROM jsonb_to_recordset(appends) AS r(i int, stream_id text,
                                            expected bigint, c boolean)
  ), accepted AS (
    SELECT req.i, req.stream_id, req.actual + ev.n AS version, ev.id,
           ev.type, ev.data, ev.meta,
           head + row_number() OVER (ORDER BY req.i, ev.n) AS position
      FROM jsonb_to_recordset(new_events) AS ev(i int, n int, id uuid,
                                                type text, data jsonb,
                                                meta jsonb)
      JOIN req ON req.i = ev.i
     WHERE req.expected = req.actual OR req.expected = -1
  ), inserted AS (
    INSERT INTO events (position, stream_id, version, event_id, type, data,
                        metadata)
    SELECT a.position, a.stream_id, a.version, a.id, a.type, a.data,
           coalesce(a.meta, '{}'::jsonb)
      FROM accepted a
     ORDER BY a.position
    RETURNING 1
  )
  SELECT req.i, req.actual, min(a.position), max(a.position)
    FROM req LEFT JOIN accepted a ON a.i = req.i
   GROUP BY req.i, req.actual;
END
$$;
