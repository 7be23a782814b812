-- Migration step 4 of app/core/store.c as it shipped (schema version 4), character for
-- character: read by the store_v*.sql fixtures that stand for databases older releases
-- made. Never edit it: it is what shipped.
ALTER TABLE checkin ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);
ALTER TABLE attendee ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);
ALTER TABLE rating ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);
ALTER TABLE reflection ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);
