-- Workflow executions live in their own streams ("workflow-<id>"); this
-- index finds them without scanning the feed: the list of executions
-- (started events) and the unfinished ones (no completed/failed event).
CREATE INDEX events_workflow_lifecycle ON events (type, position)
  INCLUDE (stream_id)
  WHERE type IN ('workflow.started.v1', 'workflow.completed.v1',
                 'workflow.failed.v1');
