/* store_schema: the database's tables, as migration steps from the first release on, and
 * the migration itself (shared parts in store_private.h; store.c runs it at open). */
#include "core/store_private.h"

#include <stdio.h>

#include <sqlite3.h>

/* ---- Schema ----------------------------------------------------------------------- */

/* Forward migrations: step i takes user_version i to i+1 and runs in one transaction
 * together with the user_version bump, so a crash leaves either the old or the new
 * schema. Append steps; never edit one that has shipped. */
typedef struct StoreMigration {
    int version; /* user_version after this step */
    const char *sql;
} StoreMigration;

static const StoreMigration store_migrations[] = {
    {1,
     /* Marks the file as mingel's; part of the same transaction as the tables. */
     "PRAGMA application_id = 1296649799;\n" /* 0x4D494E47 */
     /* device_id (this kiosk's UUID) and current_event (event.id the kiosk runs). */
     "CREATE TABLE meta(\n"
     "  key   TEXT PRIMARY KEY NOT NULL,\n"
     "  value TEXT NOT NULL\n"
     ");\n"
     /* Times are Unix milliseconds; device is the UUID of the kiosk that wrote the row. */
     "CREATE TABLE event(\n"
     "  id           TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 */
     "  key          TEXT NOT NULL UNIQUE,\n"      /* stable key from the event file */
     "  title        TEXT NOT NULL,\n"
     "  date         TEXT NOT NULL,\n" /* YYYY-MM-DD */
     "  start_time   TEXT NOT NULL DEFAULT '',\n"
     "  venue        TEXT NOT NULL DEFAULT '',\n"
     "  theme        TEXT NOT NULL DEFAULT '',\n"
     "  organiser    TEXT NOT NULL DEFAULT '',\n"
     "  language     TEXT NOT NULL DEFAULT 'sv',\n"
     "  next_meeting TEXT NOT NULL DEFAULT '',\n"
     "  created_ms   INTEGER NOT NULL,\n"
     "  updated_ms   INTEGER NOT NULL,\n"
     "  device       TEXT NOT NULL\n"
     ");\n"
     "CREATE TABLE attendee(\n"
     "  id           TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 */
     "  event_id     TEXT NOT NULL REFERENCES event(id),\n"
     "  key          TEXT NOT NULL,\n" /* t:/e:/n: from the list, w:<id> for walk-ins */
     "  name         TEXT NOT NULL CHECK (name <> ''),\n"
     "  organisation TEXT NOT NULL DEFAULT '',\n"
     "  role         TEXT NOT NULL DEFAULT '',\n"
     "  email        TEXT NOT NULL DEFAULT '',\n"
     "  ticket       TEXT NOT NULL DEFAULT '',\n"
     "  source       TEXT NOT NULL CHECK (source IN ('list', 'walkin')),\n"
     "  consent      INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),\n"
     "  created_ms   INTEGER NOT NULL,\n"
     "  updated_ms   INTEGER NOT NULL,\n"
     "  device       TEXT NOT NULL,\n"
     "  UNIQUE (event_id, key),\n"
     /* Walk-ins, and only they, have keys 'w:...': store_stats counts them on the key
      * index alone instead of reading every row. */
     "  CHECK ((source = 'walkin') = (substr(key, 1, 2) = 'w:'))\n"
     ");\n"
     "CREATE INDEX attendee_ticket ON attendee(event_id, ticket);\n"
     "CREATE INDEX attendee_name ON attendee(event_id, name COLLATE NOCASE);\n"
     /* A check-in is never deleted or changed: an undo is a new row whose reverses names
      * the undone check-in. Active check-in = reverses IS NULL and no row reverses it. */
     "CREATE TABLE checkin(\n"
     "  id          TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 */
     "  event_id    TEXT NOT NULL REFERENCES event(id),\n"
     "  attendee_id TEXT NOT NULL REFERENCES attendee(id),\n"
     "  at_ms       INTEGER NOT NULL,\n"
     "  device      TEXT NOT NULL,\n"
     "  reverses    TEXT REFERENCES checkin(id)\n"
     ");\n"
     "CREATE INDEX checkin_attendee ON checkin(attendee_id);\n"
     "CREATE INDEX checkin_event ON checkin(event_id);\n"
     "CREATE INDEX checkin_reverses ON checkin(reverses) WHERE reverses IS NOT NULL;\n"},
    {2,
     /* Feedback. The event file's feedback settings become event columns; their defaults
      * are the event file's, so an event stored at schema 1 reads back as check-in only.
      * A put writes what the caller gives: 0 in phases and the numbers means "not set"
      * (an EventInfo zeroed by a caller that knows nothing of feedback). */
     "ALTER TABLE event ADD COLUMN phases INTEGER NOT NULL DEFAULT 1\n"
     "  CHECK (phases BETWEEN 0 AND 3);\n" /* EventPhases */
     "ALTER TABLE event ADD COLUMN reflection_sv TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE event ADD COLUMN reflection_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE event ADD COLUMN reflection_max INTEGER NOT NULL DEFAULT 140\n"
     "  CHECK (reflection_max BETWEEN 0 AND 280);\n" /* characters */
     "ALTER TABLE event ADD COLUMN feedback_url TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE event ADD COLUMN thanks_seconds INTEGER NOT NULL DEFAULT 20\n"
     "  CHECK (thanks_seconds BETWEEN 0 AND 120);\n"
     "ALTER TABLE event ADD COLUMN repeat_seconds INTEGER NOT NULL DEFAULT 5\n"
     "  CHECK (repeat_seconds BETWEEN 0 AND 60);\n"
     /* The event's questions, replaced as a whole by each store_event_put. position is
      * 0-based, as rating.question and the API count. */
     "CREATE TABLE question(\n"
     "  event_id TEXT NOT NULL REFERENCES event(id),\n"
     "  position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 4),\n"
     "  text_sv  TEXT NOT NULL,\n"
     "  text_en  TEXT NOT NULL,\n"
     "  scale    TEXT NOT NULL CHECK (scale IN ('smileys', 'nps')),\n"
     "  PRIMARY KEY (event_id, position)\n"
     ") WITHOUT ROWID;\n"
     /* Ratings and reflections belong to a session token, never to an attendee: no column
      * here can be joined to attendee or checkin. Their time is the minute (the CHECK
      * holds every writer to it), and their id is a UUIDv7 made for that minute, not
      * for the exact time. WITHOUT ROWID: rows are kept in id order, so not even the
      * order of the b-tree tells which of a minute's sessions came first. One row per
      * session and question (rating) or per session (reflection): a second answer
      * replaces the first, keeping its id. */
     "CREATE TABLE rating(\n"
     "  id       TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 of the minute */
     "  event_id TEXT NOT NULL REFERENCES event(id),\n"
     "  token    TEXT NOT NULL CHECK (length(token) BETWEEN 1 AND 64),\n"
     "  question INTEGER NOT NULL CHECK (question BETWEEN 0 AND 4),\n" /* question.position */
     "  value    INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),\n"
     "  at_ms    INTEGER NOT NULL CHECK (at_ms % 60000 = 0),\n"
     "  device   TEXT NOT NULL,\n"
     "  flagged  INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),\n"
     "  UNIQUE (event_id, token, question)\n"
     ") WITHOUT ROWID;\n"
     "CREATE TABLE reflection(\n"
     "  id       TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 of the minute */
     "  event_id TEXT NOT NULL REFERENCES event(id),\n"
     "  token    TEXT NOT NULL CHECK (length(token) BETWEEN 1 AND 64),\n"
     "  text     TEXT NOT NULL CHECK (text <> ''),\n"
     "  at_ms    INTEGER NOT NULL CHECK (at_ms % 60000 = 0),\n"
     "  device   TEXT NOT NULL,\n"
     "  flagged  INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),\n"
     "  UNIQUE (event_id, token)\n"
     ") WITHOUT ROWID;\n"},
    {3,
     /* Retention: an event's personal data is kept retention_days after its date (0 is
      * "not set": the default, 90, applies). purged_ms is when store_purge removed it
      * (NULL until then); a merge then takes no names or check-ins into that event. */
     "ALTER TABLE event ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90\n"
     "  CHECK (retention_days BETWEEN 0 AND 3650);\n" /* days */
     "ALTER TABLE event ADD COLUMN purged_ms INTEGER;\n"
     /* The admin PIN, as a crypto_pwhash_str hash only, and the failed attempts since the
      * last success, so a restart does not reset a lockout. One row (id 1), this kiosk's
      * own: a merge never copies it. */
     "CREATE TABLE admin(\n"
     "  id              INTEGER PRIMARY KEY CHECK (id = 1),\n"
     "  pin_hash        TEXT NOT NULL DEFAULT '' CHECK (pin_hash = '' OR\n"
     "                  substr(pin_hash, 1, 7) = '$argon2'),\n"
     "  failures        INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),\n"
     "  last_failure_ms INTEGER NOT NULL DEFAULT 0\n"
     ");\n"},
    {4,
     /* The clock (StoreClock): whether the kiosk's clock could be trusted when the row was
      * written: 0 untrusted, 1 synchronised (NTP), 2 confirmed by the organiser, 3 set by
      * the organiser. NULL for the rows of before this step, when nobody knew: read as
      * "unknown", never written. A merge copies it as it is, NULL included. The kiosk's
      * own clock setting (the organiser's offset) lives in meta: this kiosk's, never
      * merged. */
     "ALTER TABLE checkin ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);\n"
     "ALTER TABLE attendee ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);\n"
     "ALTER TABLE rating ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);\n"
     "ALTER TABLE reflection ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);\n"},
    {5,
     /* Name badges (the event file's [badge] section): where and how they are printed, and
      * the logo itself (a PNG, so the kiosk needs no access to the organiser's files).
      * One row per event that prints badges; store_event_put replaces it. This kiosk's
      * setup, like the PIN: a merge never copies it (each kiosk imports the event file). */
     "CREATE TABLE badge_setup(\n"
     "  event_id TEXT PRIMARY KEY NOT NULL REFERENCES event(id),\n"
     "  printer  TEXT NOT NULL CHECK (printer <> ''),\n" /* CUPS queue or ipp(s):// URI */
     "  label    TEXT NOT NULL CHECK (label <> ''),\n"   /* badge_label_parse id */
     "  portrait INTEGER NOT NULL CHECK (portrait IN (0, 1)),\n"
     "  fields   INTEGER NOT NULL CHECK (fields BETWEEN 0 AND 15),\n" /* BADGE_FIELD_* */
     "  qr       INTEGER NOT NULL CHECK (qr IN (0, 1)),\n"
     "  logo     BLOB CHECK (logo IS NULL OR length(logo) <= 1048576)\n" /* PNG bytes */
     ") WITHOUT ROWID;\n"},
    {6,
     /* The follow-up form's answers (mingel import-responses, store_responses.c), keyed by
      * the session token of the kiosk's QR link and the question's text (the form's column
      * header), never by a person: no column here names an attendee or can be joined to
      * attendee or checkin, and neither the form's time stamp nor any name or e-mail the
      * form service recorded is kept. Only tokens of the event's kiosk sessions are stored.
      * One row per session and question: a re-import replaces the answer, keeping the id.
      * position is the question's column in the export (1-based), for the form's order;
      * imported_ms when the import ran (a merge keeps the later import's answer). */
     "CREATE TABLE form_answer(\n"
     "  id          TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 of the import */
     "  event_id    TEXT NOT NULL REFERENCES event(id),\n"
     "  token       TEXT NOT NULL CHECK (length(token) BETWEEN 1 AND 64),\n"
     "  question    TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 1000),\n"
     "  position    INTEGER NOT NULL CHECK (position BETWEEN 1 AND 1000),\n"
     "  answer      TEXT NOT NULL CHECK (length(answer) BETWEEN 1 AND 32767),\n"
     "  imported_ms INTEGER NOT NULL,\n"
     "  device      TEXT NOT NULL,\n"
     "  UNIQUE (event_id, token, question)\n"
     ") WITHOUT ROWID;\n"},
    {7,
     /* Live sharing (app/core/sync.h): the outbox of the records this kiosk wrote that
      * the event's NATS JetStream stream has not acknowledged yet. Triggers fill it in
      * the same transaction as the record itself, so a record committed is a record that
      * will be published, whatever the kiosk does next (killed, rebooted, offline for the
      * day). Only this device's own records go in (device = meta's device_id): records
      * taken from other kiosks are theirs to publish. A rating or reflection replaced in
      * its session queues again. The sync thread deletes a row once the server has
      * acknowledged it. This kiosk's bookkeeping, like meta: a merge never copies it.
      * The records written before this step are queued here, in time order. */
     "CREATE TABLE sync_outbox(\n"
     "  seq       INTEGER PRIMARY KEY AUTOINCREMENT,\n"
     "  kind      TEXT NOT NULL\n"
     "            CHECK (kind IN ('attendee', 'checkin', 'rating', 'reflection')),\n"
     "  record_id TEXT NOT NULL\n"
     ");\n"
     "CREATE TRIGGER sync_out_checkin AFTER INSERT ON checkin\n"
     "  WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device_id') BEGIN\n"
     "  INSERT INTO sync_outbox(kind, record_id) VALUES ('checkin', NEW.id);\n"
     "END;\n"
     "CREATE TRIGGER sync_out_walkin AFTER INSERT ON attendee\n"
     "  WHEN NEW.source = 'walkin' AND NEW.device = (SELECT value FROM meta\n"
     "                                               WHERE key = 'device_id') BEGIN\n"
     "  INSERT INTO sync_outbox(kind, record_id) VALUES ('attendee', NEW.id);\n"
     "END;\n"
     "CREATE TRIGGER sync_out_rating AFTER INSERT ON rating\n"
     "  WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device_id') BEGIN\n"
     "  INSERT INTO sync_outbox(kind, record_id) VALUES ('rating', NEW.id);\n"
     "END;\n"
     "CREATE TRIGGER sync_out_rating_again AFTER UPDATE ON rating\n"
     "  WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device_id') BEGIN\n"
     "  INSERT INTO sync_outbox(kind, record_id) VALUES ('rating', NEW.id);\n"
     "END;\n"
     "CREATE TRIGGER sync_out_reflection AFTER INSERT ON reflection\n"
     "  WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device_id') BEGIN\n"
     "  INSERT INTO sync_outbox(kind, record_id) VALUES ('reflection', NEW.id);\n"
     "END;\n"
     "CREATE TRIGGER sync_out_reflection_again AFTER UPDATE ON reflection\n"
     "  WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device_id') BEGIN\n"
     "  INSERT INTO sync_outbox(kind, record_id) VALUES ('reflection', NEW.id);\n"
     "END;\n"
     "INSERT INTO sync_outbox(kind, record_id)\n"
     "  SELECT kind, id FROM (\n"
     "    SELECT 'attendee' AS kind, id, created_ms AS at FROM attendee\n"
     "      WHERE source = 'walkin' AND device = (SELECT value FROM meta WHERE key = 'device_id')\n"
     "    UNION ALL SELECT 'checkin', id, at_ms FROM checkin\n"
     "      WHERE device = (SELECT value FROM meta WHERE key = 'device_id')\n"
     "    UNION ALL SELECT 'rating', id, at_ms FROM rating\n"
     "      WHERE device = (SELECT value FROM meta WHERE key = 'device_id')\n"
     "    UNION ALL SELECT 'reflection', id, at_ms FROM reflection\n"
     "      WHERE device = (SELECT value FROM meta WHERE key = 'device_id'))\n"
     "  ORDER BY at, id;\n"},
    {8,
     /* Badge jobs: one row per badge this kiosk is to print (store.h, "Badge jobs"). A
      * check-in queues one when the event has a badge_setup and the person has none yet
      * (in the check-in's own transaction); a reprint or a preprint adds more. The worker
      * moves a job queued -> sent (CUPS took it: cups_job) -> done, or to failed with the
      * printer's reason, and retries failed ones. Printing is this kiosk's own business:
      * a merge never copies these rows, and a purge removes them with the attendees. The
      * rowid orders the queue (a preprint's rows are in surname order). */
     "CREATE TABLE badge_job(\n"
     "  id          TEXT NOT NULL UNIQUE,\n" /* UUIDv7 */
     "  event_id    TEXT NOT NULL REFERENCES event(id),\n"
     "  attendee_id TEXT NOT NULL REFERENCES attendee(id),\n"
     "  state       TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'done', 'failed')),\n"
     "  cups_job    INTEGER NOT NULL DEFAULT 0 CHECK (cups_job >= 0),\n" /* CUPS job id */
     "  tries       INTEGER NOT NULL DEFAULT 0 CHECK (tries >= 0),\n"    /* submits tried */
     "  reason      TEXT NOT NULL DEFAULT '',\n" /* the last failure, for the organiser */
     "  created_ms  INTEGER NOT NULL,\n"
     "  updated_ms  INTEGER NOT NULL\n"
     ");\n"
     "CREATE INDEX badge_job_state ON badge_job(event_id, state);\n"
     "CREATE INDEX badge_job_attendee ON badge_job(attendee_id);\n"},
    {9,
     /* The words under a question's scale (the event file's words_sv / words_en), joined
      * with '|' as event_words_join writes them; '' for the kiosk's own words. A merge
      * copies them with the question. And whether this kiosk plays sounds: its own setup,
      * like badge_setup, so a merge neither compares nor copies it. */
     "ALTER TABLE question ADD COLUMN words_sv TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE question ADD COLUMN words_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE event ADD COLUMN sound INTEGER NOT NULL DEFAULT 0 CHECK (sound IN (0, 1));\n"},
    {10,
     /* Kiosk names (store_device.c): the short name a person reads ("Kiosk A", "Entré
      * norr") for each device id the records carry, so "already checked in" can say where.
      * This kiosk's own row is written at start (mingel run --name, [sync] name, or the
      * host name); the others' come with their live messages and with a merge. named_ms is
      * when that kiosk was given the name: a later naming wins, whatever order the names
      * arrive in (equal times: the greater name), so live sharing and merges agree. */
     "CREATE TABLE device(\n"
     "  id       TEXT PRIMARY KEY NOT NULL,\n" /* the device id records carry */
     "  name     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 63),\n"
     "  named_ms INTEGER NOT NULL\n"
     ") WITHOUT ROWID;\n"},
    {11,
     /* Whether the walk-in form asks for an e-mail address (the event file's walkin_email,
      * EVENT_WALKIN_EMAIL_NAMES). What a walk-in types goes in attendee.email, as an
      * imported address does, so the exports with e-mail and a merge carry it like any
      * other; a merge copies the setting with a new event. */
     "ALTER TABLE event ADD COLUMN walkin_email TEXT NOT NULL DEFAULT 'never'\n"
     "  CHECK (walkin_email IN ('never', 'optional', 'with_consent'));\n"},
    {12,
     /* The board (`mingel board`, store_board.c). The event file's board and topics (the
      * topics as written, joined with '|' as event_topics_join writes them), copied by a
      * merge with a new event. first_time: the attendee list says the person is new to
      * the network (a "Ny i nätverket" column), for the hosts to welcome them; a walk-in
      * is 0. board_choice: what a person chose at the kiosk after their check-in, one row
      * per attendee: the topics they want to talk about (at most three, as written, '|'
      * between them; only for people who consented to the participant list) and whether
      * they took themselves off the board. updated_ms orders a person's choices: a merge
      * keeps the later (then the greater device). Personal data: a purge removes it with
      * the attendee; nothing here is exported with a name unless the person consented. */
     "ALTER TABLE event ADD COLUMN board INTEGER NOT NULL DEFAULT 0 CHECK (board IN (0, 1));\n"
     "ALTER TABLE event ADD COLUMN topics TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE attendee ADD COLUMN first_time INTEGER NOT NULL DEFAULT 0\n"
     "  CHECK (first_time IN (0, 1));\n"
     "CREATE TABLE board_choice(\n"
     "  attendee_id TEXT PRIMARY KEY NOT NULL REFERENCES attendee(id),\n"
     "  event_id    TEXT NOT NULL REFERENCES event(id),\n"
     "  interests   TEXT NOT NULL DEFAULT '' CHECK (length(interests) <= 120),\n"
     "  hidden      INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),\n"
     "  updated_ms  INTEGER NOT NULL,\n"
     "  device      TEXT NOT NULL\n"
     ") WITHOUT ROWID;\n"
     "CREATE INDEX board_choice_event ON board_choice(event_id);\n"},
};

_Static_assert(sizeof store_migrations / sizeof store_migrations[0] == STORE_SCHEMA_VERSION,
               "STORE_SCHEMA_VERSION (store_private.h) counts the migrations");

/* Runs each migration step after `version`, each in its own transaction together with
 * its user_version bump: a crash leaves the old or the new schema, never a mix. */
StoreStatus storep_migrate(sqlite3 *db, const char *path, int64_t version, char *err, size_t errcap)
{
    for (int i = (int)version; i < STORE_SCHEMA_VERSION; i++) {
        const StoreMigration *m = &store_migrations[i];
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d", m->version);
        int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_OK) {
            rc = sqlite3_exec(db, m->sql, NULL, NULL, NULL);
        }
        if (rc == SQLITE_OK) {
            rc = sqlite3_exec(db, bump, NULL, NULL, NULL);
        }
        if (rc == SQLITE_OK) {
            rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        }
        if (rc != SQLITE_OK) {
            char what[64];
            snprintf(what, sizeof what, "cannot upgrade the schema to version %d", m->version);
            StoreStatus st = storep_open_fail(db, rc, path, what, err, errcap);
            if (!sqlite3_get_autocommit(db)) {
                sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            }
            return st;
        }
    }
    return STORE_OK;
}
