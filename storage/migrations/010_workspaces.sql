-- 010: workspaces (one per municipality) and the audit log.
-- Every saved scenario and every imported baseline belongs to a workspace; rows saved
-- before this migration belong to the implicit local workspace 'local' (the one a local,
-- single-user app uses). Shipped demo baselines (source = 'demo') are visible to all.

ALTER TABLE scenarios ADD COLUMN workspace VARCHAR NOT NULL DEFAULT 'local';
ALTER TABLE baselines ADD COLUMN workspace VARCHAR NOT NULL DEFAULT 'local';

-- Who did what to which object, when (UTC), in which workspace. Written in the same
-- transaction as the change it records; never updated or deleted by the app.
CREATE TABLE audit_log (
    id          VARCHAR   PRIMARY KEY,   -- random id (no sequence: portable, no hot row)
    happened_at TIMESTAMP NOT NULL,      -- UTC
    actor       VARCHAR   NOT NULL,      -- signed-in e-mail, or 'local'
    action      VARCHAR   NOT NULL
                CHECK (action IN ('save', 'rename', 'delete', 'restore', 'import')),
    object_kind VARCHAR   NOT NULL CHECK (object_kind IN ('scenario', 'baseline')),
    object_id   VARCHAR   NOT NULL,      -- scenario id, or baseline name
    object_name VARCHAR   NOT NULL,      -- name at the time (after a rename: the new name)
    version     VARCHAR   NOT NULL DEFAULT '',  -- scenario version id / baseline version
    workspace   VARCHAR   NOT NULL,
    detail      VARCHAR   NOT NULL DEFAULT ''   -- e.g. the old name of a rename
);

-- The view gains the scenario's workspace as its last column.
DROP VIEW scenario_rows;
CREATE VIEW scenario_rows AS
SELECT s.id, v.version_id, v.version, s.last_version, s.name, s.municipality,
       s.description, s.created_at, s.updated_at, v.created_at AS saved_at, s.deleted_at,
       v.scenario_json, v.scenario_hash, v.model_version, v.baseline_name,
       v.baseline_hash, v.summary_json, s.workspace
FROM scenarios s
JOIN scenario_versions v ON v.scenario_id = s.id;
