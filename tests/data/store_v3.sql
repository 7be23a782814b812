-- A mingel database at schema version 3, as the retention release made it (the last one
-- before records kept their clock): the schema below is migration steps 1, 2 and 3 of
-- app/core/store.c, character for character, with a managers' forum of 8 October 2026,
-- its two questions (smileys, NPS), three attendees (one a walk-in) and their check-ins
-- (one undone by a reversal), three ratings of two feedback sessions, a reflection, and
-- an admin PIN hash with one failed attempt. test_store builds the file with the sqlite3
-- shell (sqlite3 FILE ".read store_v3.sql") and opens it with the current store, which
-- must upgrade it in place to schema 4: every record kept, and the clock of each read
-- back as unknown (NULL), since nobody knew it then. test_merge merges it into a newer
-- kiosk's database as it is. The names are fictional and distinctive. Never edit the
-- schema part: it is what shipped.
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
ALTER TABLE event ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90
  CHECK (retention_days BETWEEN 0 AND 3650);
ALTER TABLE event ADD COLUMN purged_ms INTEGER;
CREATE TABLE admin(
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  pin_hash        TEXT NOT NULL DEFAULT '' CHECK (pin_hash = '' OR
                  substr(pin_hash, 1, 7) = '$argon2'),
  failures        INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure_ms INTEGER NOT NULL DEFAULT 0
);
INSERT INTO meta(key, value) VALUES ('device_id', '0191e0c0-0000-7000-8000-00000000d003');
INSERT INTO event(id, key, title, date, start_time, venue, theme, organiser, language,
                  next_meeting, created_ms, updated_ms, device, phases, reflection_sv,
                  reflection_en, reflection_max, feedback_url, thanks_seconds, repeat_seconds,
                  retention_days, purged_ms)
VALUES ('0191e0c0-0001-7000-8000-0000000e0003', 'chefsforum-2026-10',
        'Chefsforum Mälardalen – oktober', '2026-10-08', '08:30', 'Stadshuset, Västerås',
        'Ledarskap på distans', 'Chefsforum Mälardalen', 'sv', 'Nästa forum: 10 december',
        1791385200000, 1791385200000, '0191e0c0-0000-7000-8000-00000000d003', 3, 'Det viktigaste jag tar med mig är …',
        'The most important thing I take with me is …', 140,
        'https://forms.example.org/f?event={event}&t={token}&lang={lang}', 20, 5, 60, NULL);
INSERT INTO meta(key, value) VALUES ('current_event', '0191e0c0-0001-7000-8000-0000000e0003');
INSERT INTO question(event_id, position, text_sv, text_en, scale)
VALUES
  ('0191e0c0-0001-7000-8000-0000000e0003', 0, 'Hur nöjd är du med forumet?', 'How satisfied are you with the forum?', 'smileys'),
  ('0191e0c0-0001-7000-8000-0000000e0003', 1, 'Hur troligt är det att du rekommenderar forumet?',
   'How likely are you to recommend the forum?', 'nps');
INSERT INTO attendee(id, event_id, key, name, organisation, role, email, ticket, source,
                     consent, created_ms, updated_ms, device)
VALUES
  ('0191e0c0-0002-7000-8000-0000000c0001', '0191e0c0-0001-7000-8000-0000000e0003', 't:W300', 'Wilhelmina Wästberg',
   'Wästbergs Verkstäder AB', 'Produktionschef', 'wilhelmina@wastberg.example', 'W300', 'list', 1,
   1791385200000, 1791385200000, '0191e0c0-0000-7000-8000-00000000d003'),
  ('0191e0c0-0002-7000-8000-0000000c0002', '0191e0c0-0001-7000-8000-0000000e0003', 'e:valter@vikstrom.example', 'Valter Vikström',
   'Vikströms Åkeri', '', 'valter@vikstrom.example', '', 'list', 0, 1791385200000, 1791385200000,
   '0191e0c0-0000-7000-8000-00000000d003'),
  ('0191e0c0-0002-7000-8000-0000000c0003', '0191e0c0-0001-7000-8000-0000000e0003', 'w:0191e0c0-0002-7000-8000-0000000c0003',
   'Ulla Uddén', 'Uddéns Konsult', '', '', '', 'walkin', 0, 1791441245000, 1791441245000, '0191e0c0-0000-7000-8000-00000000d003');
-- Wilhelmina and the walk-in are checked in; Valter's check-in was undone by a reversal.
INSERT INTO checkin(id, event_id, attendee_id, at_ms, device, reverses)
VALUES
  ('0191e0c0-0003-7000-8000-0000000c1001', '0191e0c0-0001-7000-8000-0000000e0003', '0191e0c0-0002-7000-8000-0000000c0001',
   1791441070000, '0191e0c0-0000-7000-8000-00000000d003', NULL),
  ('0191e0c0-0003-7000-8000-0000000c1002', '0191e0c0-0001-7000-8000-0000000e0003', '0191e0c0-0002-7000-8000-0000000c0002',
   1791441200000, '0191e0c0-0000-7000-8000-00000000d003', NULL),
  ('0191e0c0-0003-7000-8000-0000000c1003', '0191e0c0-0001-7000-8000-0000000e0003', '0191e0c0-0002-7000-8000-0000000c0002',
   1791441230000, '0191e0c0-0000-7000-8000-00000000d003', '0191e0c0-0003-7000-8000-0000000c1002'),
  ('0191e0c0-0003-7000-8000-0000000c1004', '0191e0c0-0001-7000-8000-0000000e0003', '0191e0c0-0002-7000-8000-0000000c0003',
   1791441245000, '0191e0c0-0000-7000-8000-00000000d003', NULL);
-- Two feedback sessions at the exit, times to the minute, no link to anyone.
INSERT INTO rating(id, event_id, token, question, value, at_ms, device, flagged)
VALUES
  ('0191e0c0-0004-7000-8000-0000000c2001', '0191e0c0-0001-7000-8000-0000000e0003', 'tok-v3-session-1', 0, 4, 1791454500000, '0191e0c0-0000-7000-8000-00000000d003', 0),
  ('0191e0c0-0004-7000-8000-0000000c2002', '0191e0c0-0001-7000-8000-0000000e0003', 'tok-v3-session-1', 1, 10, 1791454500000, '0191e0c0-0000-7000-8000-00000000d003', 0),
  ('0191e0c0-0004-7000-8000-0000000c2003', '0191e0c0-0001-7000-8000-0000000e0003', 'tok-v3-session-2', 0, 3, 1791454560000, '0191e0c0-0000-7000-8000-00000000d003', 0);
INSERT INTO reflection(id, event_id, token, text, at_ms, device, flagged)
VALUES
  ('0191e0c0-0005-7000-8000-0000000c3001', '0191e0c0-0001-7000-8000-0000000e0003', 'tok-v3-session-1',
   'Att leda på distans kräver tydliga rutiner', 1791454500000, '0191e0c0-0000-7000-8000-00000000d003', 0);
-- An admin PIN hash in the form crypto_pwhash_str writes (made up: no PIN matches it) and
-- one wrong attempt.
INSERT INTO admin(id, pin_hash, failures, last_failure_ms)
VALUES (1, '$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$U9wUZ8GZV8Q1wSqLQZz2uXh3kC6m8l0yJdI3bqf9Fxk',
        1, 1791440700000);
PRAGMA user_version = 3;
COMMIT;
