-- Migration step 1 of app/core/store.c as it shipped (schema version 1), character for
-- character: read by the store_v*.sql fixtures that stand for databases older releases
-- made. Never edit it: it is what shipped.
PRAGMA application_id = 1296649799;
CREATE TABLE meta(
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);
CREATE TABLE event(
  id           TEXT PRIMARY KEY NOT NULL,
  key          TEXT NOT NULL UNIQUE,
  title        TEXT NOT NULL,
  date         TEXT NOT NULL,
  start_time   TEXT NOT NULL DEFAULT '',
  venue        TEXT NOT NULL DEFAULT '',
  theme        TEXT NOT NULL DEFAULT '',
  organiser    TEXT NOT NULL DEFAULT '',
  language     TEXT NOT NULL DEFAULT 'sv',
  next_meeting TEXT NOT NULL DEFAULT '',
  created_ms   INTEGER NOT NULL,
  updated_ms   INTEGER NOT NULL,
  device       TEXT NOT NULL
);
CREATE TABLE attendee(
  id           TEXT PRIMARY KEY NOT NULL,
  event_id     TEXT NOT NULL REFERENCES event(id),
  key          TEXT NOT NULL,
  name         TEXT NOT NULL CHECK (name <> ''),
  organisation TEXT NOT NULL DEFAULT '',
  role         TEXT NOT NULL DEFAULT '',
  email        TEXT NOT NULL DEFAULT '',
  ticket       TEXT NOT NULL DEFAULT '',
  source       TEXT NOT NULL CHECK (source IN ('list', 'walkin')),
  consent      INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
  created_ms   INTEGER NOT NULL,
  updated_ms   INTEGER NOT NULL,
  device       TEXT NOT NULL,
  UNIQUE (event_id, key),
  CHECK ((source = 'walkin') = (substr(key, 1, 2) = 'w:'))
);
CREATE INDEX attendee_ticket ON attendee(event_id, ticket);
CREATE INDEX attendee_name ON attendee(event_id, name COLLATE NOCASE);
CREATE TABLE checkin(
  id          TEXT PRIMARY KEY NOT NULL,
  event_id    TEXT NOT NULL REFERENCES event(id),
  attendee_id TEXT NOT NULL REFERENCES attendee(id),
  at_ms       INTEGER NOT NULL,
  device      TEXT NOT NULL,
  reverses    TEXT REFERENCES checkin(id)
);
CREATE INDEX checkin_attendee ON checkin(attendee_id);
CREATE INDEX checkin_event ON checkin(event_id);
CREATE INDEX checkin_reverses ON checkin(reverses) WHERE reverses IS NOT NULL;
