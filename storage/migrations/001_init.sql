-- 001: baselines (versioned by name), saved scenarios and their immutable versions.
-- Timestamps are UTC (TIMESTAMP without time zone; the store attaches UTC on read).

CREATE TABLE baselines (
    name         VARCHAR   NOT NULL,
    version      INTEGER   NOT NULL,  -- 1, 2, ... per name; the highest is the current one
    hash         VARCHAR   NOT NULL,  -- Baseline.hash of data_json
    municipality VARCHAR   NOT NULL,
    year         INTEGER   NOT NULL,
    source       VARCHAR   NOT NULL CHECK (source IN ('demo', 'import')),
    data_json    VARCHAR   NOT NULL,  -- Baseline.model_dump_json()
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE scenarios (
    id           VARCHAR   PRIMARY KEY,
    name         VARCHAR   NOT NULL,
    municipality VARCHAR   NOT NULL DEFAULT '',
    description  VARCHAR   NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    deleted_at   TIMESTAMP,            -- soft delete
    last_version INTEGER   NOT NULL    -- highest version in scenario_versions
);

CREATE TABLE scenario_versions (
    version_id    VARCHAR   PRIMARY KEY,  -- short random id used in links (?id=...)
    scenario_id   VARCHAR   NOT NULL,     -- scenarios.id (no FOREIGN KEY: DuckDB cannot
                                          -- update a referenced row; the store keeps it)
    version       INTEGER   NOT NULL,
    scenario_json VARCHAR   NOT NULL,     -- Scenario.canonical_json() at save time
    scenario_hash VARCHAR   NOT NULL DEFAULT '',
    model_version VARCHAR   NOT NULL DEFAULT '',
    baseline_name VARCHAR   NOT NULL,
    baseline_hash VARCHAR   NOT NULL,
    summary_json  VARCHAR   NOT NULL DEFAULT '{}',
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (scenario_id, version)
);

-- One row per version with the scenario's current name and state (read by the store).
CREATE VIEW scenario_rows AS
SELECT s.id, v.version_id, v.version, s.last_version, s.name, s.municipality,
       s.description, s.created_at, s.updated_at, v.created_at AS saved_at, s.deleted_at,
       v.scenario_json, v.scenario_hash, v.model_version, v.baseline_name,
       v.baseline_hash, v.summary_json
FROM scenarios s
JOIN scenario_versions v ON v.scenario_id = s.id;
