-- A mingel database at schema version 1, as the first release made it: the schema below
-- is migration step 1 of app/core/store.c, character for character (test_store checks
-- that, by comparing the migrated file's schema with a new database's), with a meeting,
-- three attendees and their check-ins. test_store builds the file with the sqlite3 shell
-- (sqlite3 FILE ".read store_v1.sql") and opens it with the current store, which must
-- upgrade it in place and keep every record. The schema steps are read from
-- tests/data/schema/, so the file is read from tests/data.
PRAGMA journal_mode = WAL;
BEGIN IMMEDIATE;
.read schema/step1.sql
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
