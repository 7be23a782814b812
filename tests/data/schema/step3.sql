-- Migration step 3 of app/core/store.c as it shipped (schema version 3), character for
-- character: read by the store_v*.sql fixtures that stand for databases older releases
-- made. Never edit it: it is what shipped.
ALTER TABLE event ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90
  CHECK (retention_days BETWEEN 0 AND 3650);
ALTER TABLE event ADD COLUMN purged_ms INTEGER;
CREATE TABLE admin(
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  pin_hash        TEXT NOT NULL DEFAULT '' CHECK (pin_hash = '' OR
                  substr(pin_hash, 1, 7) = '$argon2'),
  failures        INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure_ms INTEGER NOT NULL DEFAULT 0
);
