-- Migration step 5 of app/core/store.c as it shipped (schema version 5), character for
-- character: read by the store_v*.sql fixtures that stand for databases older releases
-- made. Never edit it: it is what shipped.
CREATE TABLE badge_setup(
  event_id TEXT PRIMARY KEY NOT NULL REFERENCES event(id),
  printer  TEXT NOT NULL CHECK (printer <> ''),
  label    TEXT NOT NULL CHECK (label <> ''),
  portrait INTEGER NOT NULL CHECK (portrait IN (0, 1)),
  fields   INTEGER NOT NULL CHECK (fields BETWEEN 0 AND 15),
  qr       INTEGER NOT NULL CHECK (qr IN (0, 1)),
  logo     BLOB CHECK (logo IS NULL OR length(logo) <= 1048576)
) WITHOUT ROWID;
