-- Migration step 6 of app/core/store.c as it shipped (schema version 6), character for
-- character: read by the store_v*.sql fixtures that stand for databases older releases
-- made. Never edit it: it is what shipped.
CREATE TABLE form_answer(
  id          TEXT PRIMARY KEY NOT NULL,
  event_id    TEXT NOT NULL REFERENCES event(id),
  token       TEXT NOT NULL CHECK (length(token) BETWEEN 1 AND 64),
  question    TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 1000),
  position    INTEGER NOT NULL CHECK (position BETWEEN 1 AND 1000),
  answer      TEXT NOT NULL CHECK (length(answer) BETWEEN 1 AND 32767),
  imported_ms INTEGER NOT NULL,
  device      TEXT NOT NULL,
  UNIQUE (event_id, token, question)
) WITHOUT ROWID;
