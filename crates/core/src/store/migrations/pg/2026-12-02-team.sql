-- Version 4 (PostgreSQL): see ../2026-12-02-team.sql. The server stamps the
-- database user itself, so no client can write another user's name; only
-- moving a workspace here (by the database's owner or an administrator, with
-- tierbook.moving set for that transaction) keeps the names it carries.
ALTER TABLE audit ADD COLUMN db_user TEXT;
ALTER TABLE audit ADD COLUMN run_id BIGINT;
ALTER TABLE ledger ADD COLUMN imported_by TEXT;
ALTER TABLE run ADD COLUMN created_by TEXT;
ALTER TABLE run ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
CREATE FUNCTION tierbook_stamp_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('tierbook.moving', true) = 'on'
        AND (EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'tierbook_admin' AND pg_has_role(session_user, r.oid, 'MEMBER'))
             OR session_user = (SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database())) THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'audit' THEN
        NEW.db_user := session_user;
    ELSIF TG_TABLE_NAME = 'ledger' THEN
        NEW.imported_by := session_user;
    ELSE
        NEW.created_by := session_user;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_stamp BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION tierbook_stamp_user();
CREATE TRIGGER ledger_stamp BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION tierbook_stamp_user();
CREATE TRIGGER run_stamp BEFORE INSERT ON run FOR EACH ROW EXECUTE FUNCTION tierbook_stamp_user();
