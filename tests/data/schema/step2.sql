-- Migration step 2 of app/core/store.c as it shipped (schema version 2), character for
-- character: read by the store_v*.sql fixtures that stand for databases older releases
-- made. Never edit it: it is what shipped.
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
