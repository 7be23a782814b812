-- A mingel database at schema version 9, as the release before the board made it: built by
-- that release's `mingel import` (git main at 149b064) from an event file and a list of three
-- (Hjördis Gyllenpalm and Mirja Sandqvist consented to the participant list, Torbjörn Ekvall
-- did not), then two check-ins (Hjördis, Torbjörn) written as the kiosk writes them. The
-- schema is migration steps 1 to 9 of app/core/store.c, character for character, read from
-- tests/data/schema/ (so the file is read from tests/data); the rows are the ones that
-- release wrote, and its outbox triggers queue the two check-ins as they did then.
-- test_board builds the file with sqlite3 FILE ".read store_v9.sql" and opens it with the
-- current store, which must upgrade it in place to the board's schema. Fictional names.
PRAGMA journal_mode = WAL;
BEGIN IMMEDIATE;
.read schema/step1.sql
.read schema/step2.sql
.read schema/step3.sql
.read schema/step4.sql
.read schema/step5.sql
.read schema/step6.sql
.read schema/step7.sql
.read schema/step8.sql
.read schema/step9.sql
INSERT INTO meta VALUES('device_id','01a24aa5-1733-7042-9e2c-eceb2846ddc1');
INSERT INTO meta VALUES('current_event','01a24aa5-1735-7383-97f0-303ec1ab0d85');
INSERT INTO event VALUES('01a24aa5-1735-7383-97f0-303ec1ab0d85','forum-2026-11','Chefsforum Bergslagen – november','2026-11-19','','','','','sv','',1796548663093,1796548663093,'01a24aa5-1733-7042-9e2c-eceb2846ddc1',1,'','',140,'',20,5,90,NULL,0);
INSERT INTO attendee VALUES('01a24aa5-1735-700d-9318-b4248e1d40a8','01a24aa5-1735-7383-97f0-303ec1ab0d85','t:V9-1','Hjördis Gyllenpalm','Ljusnarsbergs kommun','','','V9-1','list',1,1796548663093,1796548663093,'01a24aa5-1733-7042-9e2c-eceb2846ddc1',0);
INSERT INTO attendee VALUES('01a24aa5-1735-72bb-80bb-d085511ec0a8','01a24aa5-1735-7383-97f0-303ec1ab0d85','t:V9-2','Torbjörn Ekvall','Lindesbergs kommun','','','V9-2','list',0,1796548663093,1796548663093,'01a24aa5-1733-7042-9e2c-eceb2846ddc1',0);
INSERT INTO attendee VALUES('01a24aa5-1735-7164-ad60-d18cb410cde7','01a24aa5-1735-7383-97f0-303ec1ab0d85','t:V9-3','Mirja Sandqvist','Nora kommun','','','V9-3','list',1,1796548663093,1796548663093,'01a24aa5-1733-7042-9e2c-eceb2846ddc1',0);
INSERT INTO checkin VALUES('01a24aa6-0000-7000-8000-0000000000c1','01a24aa5-1735-7383-97f0-303ec1ab0d85','01a24aa5-1735-700d-9318-b4248e1d40a8',1795550400000,'01a24aa5-1733-7042-9e2c-eceb2846ddc1',NULL,1);
INSERT INTO checkin VALUES('01a24aa6-0000-7000-8000-0000000000c2','01a24aa5-1735-7383-97f0-303ec1ab0d85','01a24aa5-1735-72bb-80bb-d085511ec0a8',1795550460000,'01a24aa5-1733-7042-9e2c-eceb2846ddc1',NULL,1);
COMMIT;
PRAGMA user_version = 9;
