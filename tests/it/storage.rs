//! The database migrates an empty file, keeps WAL and foreign keys, and refuses a newer schema.

use idphoto_studio::domain::{Lang, StudioInfo};
use idphoto_studio::storage::{Database, LATEST_SCHEMA, StorageError};

#[test]
fn an_empty_file_is_migrated_to_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("studio.sqlite3");
    std::fs::write(&path, b"").unwrap();
    let db = Database::open(&path).unwrap();
    assert_eq!(db.schema_version().unwrap(), LATEST_SCHEMA);
    assert!(db.integrity_check().unwrap().is_empty());
    drop(db);

    let raw = rusqlite::Connection::open(&path).unwrap();
    let mode: String = raw.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let tables: i64 = raw
        .query_row("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='settings'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn opening_twice_is_idempotent_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("studio.sqlite3");
    let info = StudioInfo {
        name: "照相馆".into(),
        address: "广州".into(),
        phone: "020-1234567".into(),
        city: "guangzhou".into(),
    };
    {
        let db = Database::open(&path).unwrap();
        db.save_studio_info(&info).unwrap();
        db.save_language(Lang::En).unwrap();
    }
    let db = Database::open(&path).unwrap();
    assert_eq!(db.studio_info().unwrap(), info);
    assert_eq!(db.language().unwrap(), Lang::En);
    assert_eq!(db.schema_version().unwrap(), LATEST_SCHEMA);
}

#[test]
fn a_schema_newer_than_the_program_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("studio.sqlite3");
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.pragma_update(None, "user_version", LATEST_SCHEMA + 1).unwrap();
    }
    match Database::open(&path) {
        Err(StorageError::SchemaTooNew { found, supported }) => {
            assert_eq!((found, supported), (LATEST_SCHEMA + 1, LATEST_SCHEMA));
        }
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("a newer schema was opened"),
    }
    let raw = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = raw.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, LATEST_SCHEMA + 1, "the file was not changed");
    let msg = StorageError::SchemaTooNew { found: 9, supported: 1 }.to_string();
    assert!(msg.contains("请升级程序"), "{msg}");
}

#[test]
fn a_file_that_is_not_a_database_gives_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("studio.sqlite3");
    std::fs::write(&path, b"this is not an sqlite file, it is a photo of a cat ......").unwrap();
    let err = Database::open(&path).err().expect("refused");
    assert!(!err.to_string().is_empty());
}
