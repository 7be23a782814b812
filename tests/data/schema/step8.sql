-- Migration step 8 of app/core/store.c as it shipped (schema version 8), character for
-- character: read by the store_v*.sql fixtures that stand for databases older releases
-- made. Never edit it: it is what shipped.
CREATE TABLE badge_job(
  id          TEXT NOT NULL UNIQUE,
  event_id    TEXT NOT NULL REFERENCES event(id),
  attendee_id TEXT NOT NULL REFERENCES attendee(id),
  state       TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'done', 'failed')),
  cups_job    INTEGER NOT NULL DEFAULT 0 CHECK (cups_job >= 0),
  tries       INTEGER NOT NULL DEFAULT 0 CHECK (tries >= 0),
  reason      TEXT NOT NULL DEFAULT '',
  created_ms  INTEGER NOT NULL,
  updated_ms  INTEGER NOT NULL
);
CREATE INDEX badge_job_state ON badge_job(event_id, state);
CREATE INDEX badge_job_attendee ON badge_job(attendee_id);
