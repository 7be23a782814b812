-- A mingel database at schema version 3, as the retention release made it (the last one
-- before records kept their clock): the schema below is migration steps 1, 2 and 3 of
-- app/core/store.c, character for character, with a managers' forum of 8 October 2026,
-- its two questions (smileys, NPS), three attendees (one a walk-in) and their check-ins
-- (one undone by a reversal), three ratings of two feedback sessions, a reflection, and
-- an admin PIN hash with one failed attempt. test_store builds the file with the sqlite3
-- shell (sqlite3 FILE ".read store_v3.sql") and opens it with the current store, which
-- must upgrade it in place to schema 4: every record kept, and the clock of each read
-- back as unknown (NULL), since nobody knew it then. test_merge merges it into a newer
-- kiosk's database as it is. The names are fictional and distinctive. The schema steps
-- are read from tests/data/schema/, so the file is read from tests/data.
PRAGMA journal_mode = WAL;
BEGIN IMMEDIATE;
.read schema/step1.sql
.read schema/step2.sql
.read schema/step3.sql
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
