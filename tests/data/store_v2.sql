-- A mingel database at schema version 2, as the feedback release made it: the schema
-- below is migration steps 1 and 2 of app/core/store.c, character for character, with a
-- breakfast meeting of 13 March 2025 (long past its retention time), its two questions,
-- three attendees and their check-ins (one undone by a reversal), three ratings of two
-- feedback sessions and a reflection. test_purge builds the file with the sqlite3 shell
-- (sqlite3 FILE ".read store_v2.sql") and opens it with the current store, which must
-- upgrade it in place (retention_days 90, the admin table) and keep every record;
-- test_merge merges it into a newer kiosk's database as it is. The names are fictional
-- and distinctive, so a test can look for them in the file's bytes after a purge. Never
-- edit the schema part: it is what shipped.
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
ALTER TABLE event ADD COLUMN phases INTEGER NOT NULL DEFAULT 1
  CHECK (phases BETWEEN 0 AND 3);
ALTER TABLE event ADD COLUMN reflection_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN reflection_en TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN reflection_max INTEGER NOT NULL DEFAULT 140
  CHECK (reflection_max BETWEEN 0 AND 280);
ALTER TABLE event ADD COLUMN feedback_url TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN thanks_seconds INTEGER NOT NULL DEFAULT 20
  CHECK (thanks_seconds BETWEEN 0 AND 120);
ALTER TABLE event ADD COLUMN repeat_seconds INTEGER NOT NULL DEFAULT 5
  CHECK (repeat_seconds BETWEEN 0 AND 60);
CREATE TABLE question(
  event_id TEXT NOT NULL REFERENCES event(id),
  position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 4),
  text_sv  TEXT NOT NULL,
  text_en  TEXT NOT NULL,
  scale    TEXT NOT NULL CHECK (scale IN ('smileys', 'nps')),
  PRIMARY KEY (event_id, position)
) WITHOUT ROWID;
CREATE TABLE rating(
  id       TEXT PRIMARY KEY NOT NULL,
  event_id TEXT NOT NULL REFERENCES event(id),
  token    TEXT NOT NULL CHECK (length(token) BETWEEN 1 AND 64),
  question INTEGER NOT NULL CHECK (question BETWEEN 0 AND 4),
  value    INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),
  at_ms    INTEGER NOT NULL CHECK (at_ms % 60000 = 0),
  device   TEXT NOT NULL,
  flagged  INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  UNIQUE (event_id, token, question)
) WITHOUT ROWID;
CREATE TABLE reflection(
  id       TEXT PRIMARY KEY NOT NULL,
  event_id TEXT NOT NULL REFERENCES event(id),
  token    TEXT NOT NULL CHECK (length(token) BETWEEN 1 AND 64),
  text     TEXT NOT NULL CHECK (text <> ''),
  at_ms    INTEGER NOT NULL CHECK (at_ms % 60000 = 0),
  device   TEXT NOT NULL,
  flagged  INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  UNIQUE (event_id, token)
) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES ('device_id', '0191e0c0-0000-7000-8000-00000000d002');
INSERT INTO event(id, key, title, date, start_time, venue, theme, organiser, language,
                  next_meeting, created_ms, updated_ms, device, phases, reflection_sv,
                  reflection_en, reflection_max, feedback_url, thanks_seconds, repeat_seconds)
VALUES ('0191e0c0-0001-7000-8000-0000000e0002', 'frukost-2025-03-13',
        'Frukostmöte i Ösmo', '2025-03-13', '07:30', 'Ösmo bygdegård', 'Lokal upphandling',
        'Ösmo företagarförening', 'sv', 'Nästa frukost: 10 april', 1741852800000,
        1741852800000, '0191e0c0-0000-7000-8000-00000000d002', 3, 'Det viktigaste jag tar med mig är …',
        'The most important thing I take with me is …', 140,
        'https://forms.example.org/f?event={event}&t={token}&lang={lang}', 20, 5);
INSERT INTO meta(key, value) VALUES ('current_event', '0191e0c0-0001-7000-8000-0000000e0002');
INSERT INTO question(event_id, position, text_sv, text_en, scale)
VALUES
  ('0191e0c0-0001-7000-8000-0000000e0002', 0, 'Hur nöjd är du med frukosten?', 'How satisfied are you with the breakfast?',
   'smileys'),
  ('0191e0c0-0001-7000-8000-0000000e0002', 1, 'Hur troligt är det att du rekommenderar oss?', 'How likely are you to recommend us?',
   'nps');
INSERT INTO attendee(id, event_id, key, name, organisation, role, email, ticket, source,
                     consent, created_ms, updated_ms, device)
VALUES
  ('0191e0c0-0002-7000-8000-0000000b0001', '0191e0c0-0001-7000-8000-0000000e0002', 't:Z900',
   'Zacharias Zetterqvist', 'Zetterqvist Fastigheter AB', 'Förvaltare',
   'zacharias@zetterqvist.example', 'Z900', 'list', 1, 1741852800000, 1741852800000, '0191e0c0-0000-7000-8000-00000000d002'),
  ('0191e0c0-0002-7000-8000-0000000b0002', '0191e0c0-0001-7000-8000-0000000e0002', 'e:ylva@ymer.example',
   'Ylva Ymersdotter', 'Ymer Konsult', '', 'ylva@ymer.example', '', 'list', 0, 1741852800000,
   1741852800000, '0191e0c0-0000-7000-8000-00000000d002'),
  ('0191e0c0-0002-7000-8000-0000000b0003', '0191e0c0-0001-7000-8000-0000000e0002',
   'w:0191e0c0-0002-7000-8000-0000000b0003', 'Xerxes Xylander', 'Xylo Bygg', '', '', '',
   'walkin', 0, 1741854600000, 1741854600000, '0191e0c0-0000-7000-8000-00000000d002');
-- Zacharias and the walk-in are checked in; Ylva's check-in was undone by a reversal.
INSERT INTO checkin(id, event_id, attendee_id, at_ms, device, reverses)
VALUES
  ('0191e0c0-0003-7000-8000-0000000d0001', '0191e0c0-0001-7000-8000-0000000e0002', '0191e0c0-0002-7000-8000-0000000b0001',
   1741853100000, '0191e0c0-0000-7000-8000-00000000d002', NULL),
  ('0191e0c0-0003-7000-8000-0000000d0002', '0191e0c0-0001-7000-8000-0000000e0002', '0191e0c0-0002-7000-8000-0000000b0002',
   1741853200000, '0191e0c0-0000-7000-8000-00000000d002', NULL),
  ('0191e0c0-0003-7000-8000-0000000d0003', '0191e0c0-0001-7000-8000-0000000e0002', '0191e0c0-0002-7000-8000-0000000b0002',
   1741853300000, '0191e0c0-0000-7000-8000-00000000d002', '0191e0c0-0003-7000-8000-0000000d0002'),
  ('0191e0c0-0003-7000-8000-0000000d0004', '0191e0c0-0001-7000-8000-0000000e0002', '0191e0c0-0002-7000-8000-0000000b0003',
   1741854600000, '0191e0c0-0000-7000-8000-00000000d002', NULL);
-- Two feedback sessions at the exit, times to the minute, no link to anyone.
INSERT INTO rating(id, event_id, token, question, value, at_ms, device, flagged)
VALUES
  ('0191e0c0-0004-7000-8000-0000000f0001', '0191e0c0-0001-7000-8000-0000000e0002', 'tok-v2-session-1', 0, 5, 1741860000000, '0191e0c0-0000-7000-8000-00000000d002', 0),
  ('0191e0c0-0004-7000-8000-0000000f0002', '0191e0c0-0001-7000-8000-0000000e0002', 'tok-v2-session-1', 1, 9, 1741860000000, '0191e0c0-0000-7000-8000-00000000d002', 0),
  ('0191e0c0-0004-7000-8000-0000000f0003', '0191e0c0-0001-7000-8000-0000000e0002', 'tok-v2-session-2', 0, 4, 1741860060000, '0191e0c0-0000-7000-8000-00000000d002', 0);
INSERT INTO reflection(id, event_id, token, text, at_ms, device, flagged)
VALUES
  ('0191e0c0-0005-7000-8000-0000000f0001', '0191e0c0-0001-7000-8000-0000000e0002', 'tok-v2-session-1',
   'Bra att höra hur andra kommuner gör', 1741860000000, '0191e0c0-0000-7000-8000-00000000d002', 0);
PRAGMA user_version = 2;
COMMIT;
