-- A mingel database at schema version 1, as the first release made it: the schema below
-- is migration step 1 of app/core/store.c, character for character (test_store checks
-- that, by comparing the migrated file's schema with a new database's), with a meeting,
-- three attendees and their check-ins. test_store builds the file with the sqlite3 shell
-- (sqlite3 FILE ".read store_v1.sql") and opens it with the current store, which must
-- upgrade it in place and keep every record. Never edit the schema part: it is what
-- shipped.
PRAGMA journal_mode = WAL;
BEGIN IMMEDIATE;
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
INSERT INTO meta(key, value) VALUES ('device_id', '0191e0c0-0000-7000-8000-00000000d001');
INSERT INTO event(id, key, title, date, start_time, venue, theme, organiser, language,
                  next_meeting, created_ms, updated_ms, device)
VALUES ('0191e0c0-0001-7000-8000-0000000e0001', 'drift-2026-11',
        'Driftchefsnätverket – höstträff', '2026-11-26', '09:00', 'Kommunhuset, sal B',
        'Kompetensförsörjning', 'Kommunförbundet', 'sv', 'Nästa träff: 4 mars 2027 i Västerås',
        1000, 1000, '0191e0c0-0000-7000-8000-00000000d001');
INSERT INTO meta(key, value) VALUES ('current_event', '0191e0c0-0001-7000-8000-0000000e0001');
INSERT INTO attendee(id, event_id, key, name, organisation, role, email, ticket, source,
                     consent, created_ms, updated_ms, device)
VALUES
  ('0191e0c0-0002-7000-8000-0000000a0001', '0191e0c0-0001-7000-8000-0000000e0001', 't:100',
   'Anna Andersson', 'Kommun A', 'Driftchef', 'anna@example.org', '100', 'list', 1, 2000, 2000,
   '0191e0c0-0000-7000-8000-00000000d001'),
  ('0191e0c0-0002-7000-8000-0000000a0002', '0191e0c0-0001-7000-8000-0000000e0001', 't:101',
   'Bertil Berg', 'Bolag B', '', '', '101', 'list', 0, 2000, 2000,
   '0191e0c0-0000-7000-8000-00000000d001'),
  ('0191e0c0-0002-7000-8000-0000000a0003', '0191e0c0-0001-7000-8000-0000000e0001',
   'w:0191e0c0-0002-7000-8000-0000000a0003', 'Åsa Öberg', 'Västerås stad', '', '', '', 'walkin',
   0, 6000, 6000, '0191e0c0-0000-7000-8000-00000000d001');
-- Anna and the walk-in are checked in; Bertil's check-in was undone by a reversal.
INSERT INTO checkin(id, event_id, attendee_id, at_ms, device, reverses)
VALUES
  ('0191e0c0-0003-7000-8000-0000000c0001', '0191e0c0-0001-7000-8000-0000000e0001',
   '0191e0c0-0002-7000-8000-0000000a0001', 5000, '0191e0c0-0000-7000-8000-00000000d001', NULL),
  ('0191e0c0-0003-7000-8000-0000000c0002', '0191e0c0-0001-7000-8000-0000000e0001',
   '0191e0c0-0002-7000-8000-0000000a0002', 5500, '0191e0c0-0000-7000-8000-00000000d001', NULL),
  ('0191e0c0-0003-7000-8000-0000000c0003', '0191e0c0-0001-7000-8000-0000000e0001',
   '0191e0c0-0002-7000-8000-0000000a0002', 5600, '0191e0c0-0000-7000-8000-00000000d001',
   '0191e0c0-0003-7000-8000-0000000c0002'),
  ('0191e0c0-0003-7000-8000-0000000c0004', '0191e0c0-0001-7000-8000-0000000e0001',
   '0191e0c0-0002-7000-8000-0000000a0003', 6000, '0191e0c0-0000-7000-8000-00000000d001', NULL);
PRAGMA user_version = 1;
COMMIT;
