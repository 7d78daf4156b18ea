-- Workflow executions by lifecycle, as counters: GET /metrics reads one row
-- instead of counting the lifecycle events on every scrape. A trigger adds
-- each lifecycle event as it is inserted, in the appending transaction, so
-- the counts are exact, survive restarts and are the same on every node.
-- Appends are already serialised by souk_append_batch's advisory lock: the
-- one row adds no contention, and only lifecycle events fire the trigger.
CREATE TABLE workflow_execution_counts (
  only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  started   bigint  NOT NULL,
  completed bigint  NOT NULL,
  failed    bigint  NOT NULL
);

CREATE FUNCTION souk_count_workflow_lifecycle() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE workflow_execution_counts
     SET started   = started   + (NEW.type = 'workflow.started.v1')::int,
         completed = completed + (NEW.type = 'workflow.completed.v1')::int,
         failed    = failed    + (NEW.type = 'workflow.failed.v1')::int;
  RETURN NULL;
END
$$;

-- Created before the counts are filled in: CREATE TRIGGER locks out inserts
-- into events until this migration commits, so the count below sees every
-- event committed before it and the trigger every event after.
CREATE TRIGGER events_count_workflow_lifecycle
  AFTER INSERT ON events FOR EACH ROW
  WHEN (NEW.type IN ('workflow.started.v1', 'workflow.completed.v1',
                     'workflow.failed.v1'))
  EXECUTE FUNCTION souk_count_workflow_lifecycle();

INSERT INTO workflow_execution_counts (started, completed, failed)
SELECT count(*) FILTER (WHERE type = 'workflow.started.v1'),
       count(*) FILTER (WHERE type = 'workflow.completed.v1'),
       count(*) FILTER (WHERE type = 'workflow.failed.v1')
  FROM events
 WHERE type IN ('workflow.started.v1', 'workflow.completed.v1',
                'workflow.failed.v1');
