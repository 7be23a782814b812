-- Migration step 7 of app/core/store.c as it shipped (schema version 7), character for
-- character: read by the store_v*.sql fixtures that stand for databases older releases
-- made. Never edit it: it is what shipped.
CREATE TABLE sync_outbox(
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  kind      TEXT NOT NULL
            CHECK (kind IN ('attendee', 'checkin', 'rating', 'reflection')),
  record_id TEXT NOT NULL
);
CREATE TRIGGER sync_out_checkin AFTER INSERT ON checkin
  WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device_id') BEGIN
  INSERT INTO sync_outbox(kind, record_id) VALUES ('checkin', NEW.id);
END;
CREATE TRIGGER sync_out_walkin AFTER INSERT ON attendee
  WHEN NEW.source = 'walkin' AND NEW.device = (SELECT value FROM meta
                                               WHERE key = 'device_id') BEGIN
  INSERT INTO sync_outbox(kind, record_id) VALUES ('attendee', NEW.id);
END;
CREATE TRIGGER sync_out_rating AFTER INSERT ON rating
  WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device_id') BEGIN
  INSERT INTO sync_outbox(kind, record_id) VALUES ('rating', NEW.id);
END;
CREATE TRIGGER sync_out_rating_again AFTER UPDATE ON rating
  WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device_id') BEGIN
  INSERT INTO sync_outbox(kind, record_id) VALUES ('rating', NEW.id);
END;
CREATE TRIGGER sync_out_reflection AFTER INSERT ON reflection
  WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device_id') BEGIN
  INSERT INTO sync_outbox(kind, record_id) VALUES ('reflection', NEW.id);
END;
CREATE TRIGGER sync_out_reflection_again AFTER UPDATE ON reflection
  WHEN NEW.device = (SELECT value FROM meta WHERE key = 'device_id') BEGIN
  INSERT INTO sync_outbox(kind, record_id) VALUES ('reflection', NEW.id);
END;
INSERT INTO sync_outbox(kind, record_id)
  SELECT kind, id FROM (
    SELECT 'attendee' AS kind, id, created_ms AS at FROM attendee
      WHERE source = 'walkin' AND device = (SELECT value FROM meta WHERE key = 'device_id')
    UNION ALL SELECT 'checkin', id, at_ms FROM checkin
      WHERE device = (SELECT value FROM meta WHERE key = 'device_id')
    UNION ALL SELECT 'rating', id, at_ms FROM rating
      WHERE device = (SELECT value FROM meta WHERE key = 'device_id')
    UNION ALL SELECT 'reflection', id, at_ms FROM reflection
      WHERE device = (SELECT value FROM meta WHERE key = 'device_id'))
  ORDER BY at, id;
