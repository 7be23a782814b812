-- Migration step 9 of app/core/store.c as it shipped (schema version 9), character for
-- character: read by the store_v*.sql fixtures that stand for databases older releases
-- made. Never edit it: it is what shipped.
ALTER TABLE question ADD COLUMN words_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE question ADD COLUMN words_en TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN sound INTEGER NOT NULL DEFAULT 0 CHECK (sound IN (0, 1));
