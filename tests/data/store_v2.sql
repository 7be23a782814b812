-- A mingel database at schema version 2, as the feedback release made it: the schema
-- below is migration steps 1 and 2 of app/core/store.c, character for character, with a
-- breakfast meeting of 13 March 2025 (long past its retention time), its two questions,
-- three attendees and their check-ins (one undone by a reversal), three ratings of two
-- feedback sessions and a reflection. test_purge builds the file with the sqlite3 shell
-- (sqlite3 FILE ".read store_v2.sql") and opens it with the current store, which must
-- upgrade it in place (retention_days 90, the admin table) and keep every record;
-- test_merge merges it into a newer kiosk's database as it is. The names are fictional
-- and distinctive, so a test can look for them in the file's bytes after a purge. The schema steps are
-- read from tests/data/schema/, so the file is read from tests/data.
PRAGMA journal_mode = WAL;
BEGIN IMMEDIATE;
.read schema/step1.sql
.read schema/step2.sql
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
