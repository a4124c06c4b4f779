-- Errata store, schema 4: the file says it is an Errata database. SQLite keeps a 32-bit
-- application id in the file header for this; Errata's is 0x45727274 ("Errt"). Opening a file
-- checks it (read-only) before anything is written, so another application's SQLite file, even
-- one with its own Flyway history, is never switched to WAL or migrated. Databases made before
-- this schema have no id; they are recognised by Errata's migrations in their history and get
-- the id here.

PRAGMA application_id = 1165128308;
