//! Every kind of bad input the counter meets, each answered in Chinese, none a panic, nothing lost:
//! broken photo files (through the decoder and the `process` command), broken and hostile spec
//! files, invalid ID numbers, phones and image numbers, SQL in the search box, and a full disk while
//! an order is saved. (Camera gone mid-stream: `camera::a_removed_folder_disconnects…`; printer
//! missing: `receipts::printing_without_a_print_system…`; both assert their Chinese messages.)

use std::path::Path;

use idphoto_studio::domain::customer::{CustomerDraft, CustomerField};
use idphoto_studio::domain::{Catalogue, SpecFile};
use idphoto_studio::imaging::load_photo;
use idphoto_studio::paths::DataDir;
use idphoto_studio::spec_files::builtin_files;
use idphoto_studio::storage::{Database, OrderQuery};
use image::{DynamicImage, ImageFormat};

use super::common::photos::{encode, huge_bmp, marker_image};
use super::common::{self, jpeg, order_at};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn cmyk_jpeg() -> Vec<u8> {
    let data: Vec<u8> = (0..64 * 64).flat_map(|i| [(i % 256) as u8, 0, 0, 0]).collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90).encode(&data, 64, 64, jpeg_encoder::ColorType::Cmyk).unwrap();
    out
}

fn sixteen_bit_png() -> Vec<u8> {
    let img = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(64, 64, |x, y| {
        image::Rgb([x as u16 * 1000, y as u16 * 1000, 0])
    });
    encode(&DynamicImage::ImageRgb16(img), ImageFormat::Png)
}

/// Photos: the broken ones are refused with a Chinese reason (and the `process` command exits 2
/// writing nothing); CMYK and 16-bit ones are converted and accepted.
#[test]
fn broken_photos_are_refused_in_chinese_and_odd_ones_converted() {
    let good = encode(&DynamicImage::ImageRgb8(marker_image()), ImageFormat::Jpeg);
    let mut corrupt = good.clone();
    for b in corrupt.iter_mut().skip(300).step_by(3) {
        *b ^= 0x5A;
    }
    let refused: [(&str, Vec<u8>); 6] = [
        ("zero-byte.jpg", Vec::new()),
        ("truncated.jpg", good[..good.len() / 3].to_vec()),
        ("corrupt.jpg", corrupt),
        ("huge.bmp", huge_bmp(30_000, 30_000)),
        ("not-an-image.jpg", b"%PDF-1.7\n this is a receipt, not a photo\n".to_vec()),
        ("random.png", (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()),
    ];
    let tmp = tempfile::tempdir().unwrap();
    for (name, bytes) in &refused {
        let err = match load_photo(bytes) {
            Ok(p) if *name == "corrupt.jpg" => {
                // A JPEG with flipped entropy bits may still decode (to noise): it is a photo then.
                assert_eq!(p.image.dimensions(), marker_image().dimensions());
                continue;
            }
            Ok(_) => panic!("{name} was accepted"),
            Err(e) => e.to_string(),
        };
        assert!(has_chinese(&err), "{name}: {err}");
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out_path = tmp.path().join(format!("{name}.out.jpg"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_idphoto-studio"))
            .arg("--data-dir")
            .arg(tmp.path().join("data"))
            .args(["process", "--spec", "gd-shenzhen-id-card"])
            .arg(&path)
            .arg("-o")
            .arg(&out_path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(has_chinese(&stderr) && !stderr.contains("panicked"), "{name}: {stderr}");
        assert!(!out_path.exists(), "{name}: nothing written");
    }
    for (name, bytes) in [("cmyk.jpg", cmyk_jpeg()), ("16-bit.png", sixteen_bit_png())] {
        let photo = load_photo(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(photo.image.dimensions(), (64, 64), "{name}");
    }
}

fn with_local(name: &str, text: &str) -> Catalogue {
    let mut files = builtin_files();
    files.push(SpecFile { name: name.into(), text: text.into(), local: true });
    Catalogue::load(&files)
}

/// Spec files written to break the program: each is one Chinese error naming the file, and every
/// built-in spec still loads.
#[test]
fn hostile_spec_files_are_reported_and_the_rest_still_loads() {
    let builtin = Catalogue::load(&builtin_files()).specs().len();
    let nested = format!("[[spec]]\nid = \"x\"\nprice_fen = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    let many = "[[spec]]\nid = \"gd-x\"\nextends = \"gd-id-card\"\n".repeat(2000);
    let cases: Vec<(&str, String)> = vec![
        (
            "cycle.toml",
            "[[spec]]\nid = \"gd-a\"\nextends = \"gd-b\"\n[[spec]]\nid = \"gd-b\"\nextends = \"gd-a\"\n"
                .into(),
        ),
        ("self.toml", "[[spec]]\nid = \"gd-self\"\nextends = \"gd-self\"\n".into()),
        ("nested.toml", nested),
        ("duplicate.toml", many),
        (
            "huge-numbers.toml",
            "[[spec]]\nid = \"gd-big\"\nextends = \"gd-id-card\"\npx = [4294967296, 99999999999]\n".into(),
        ),
        ("negative.toml", "[[spec]]\nid = \"gd-neg\"\nextends = \"gd-id-card\"\nprice_fen = -1\n".into()),
        (
            "nan.toml",
            "[[spec]]\nid = \"gd-nan\"\nextends = \"gd-id-card\"\n[spec.geometry]\nhead_ratio = [nan, inf]\n"
                .into(),
        ),
        ("long-id.toml", format!("[[spec]]\nid = \"{}\"\nextends = \"gd-id-card\"\n", "a".repeat(100_000))),
        ("control.toml", "[[spec]]\nid = \"gd-\\u0000\\u202e\"\nextends = \"gd-id-card\"\n".into()),
        ("binary.toml", String::from_utf8_lossy(&jpeg(1)).into_owned()),
        ("empty.toml", String::new()),
    ];
    for (name, text) in &cases {
        let started = std::time::Instant::now();
        let cat = with_local(name, text);
        assert!(started.elapsed().as_secs() < 5, "{name} took {:?}", started.elapsed());
        assert!(cat.specs().len() >= builtin, "{name}: built-in specs lost");
        if *name == "empty.toml" {
            continue; // an empty file defines nothing, which is not an error
        }
        assert!(!cat.errors().is_empty(), "{name} accepted");
        println!("{name}: {} errors, first: {}", cat.errors().len(), cat.errors()[0]);
        for e in cat.errors() {
            let text = e.to_string();
            // The file itself, or the inherited field's file with the studio's spec id in brackets.
            assert!(has_chinese(&text) && (text.starts_with(name) || text.contains("：[")), "{name}: {text}");
            assert!(text.chars().count() < 400, "{name}: the message stays readable ({} chars)", text.len());
        }
    }

    // On disk: an oversized file and a link that loops are refused without reading or recursing.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("city_specs");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("big.toml"), "# padding\n".repeat(60_000)).unwrap();
    std::fs::write(dir.join("gbk.toml"), [0xC9u8, 0xEE, 0xDB, 0xDA, b'\n']).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    let cat = idphoto_studio::spec_files::load_catalogue(Some(&dir));
    let errors: Vec<String> = cat.errors().iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("big.toml") && e.contains("文件过大")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("gbk.toml") && e.contains("UTF-8")), "{errors:?}");
    assert_eq!(cat.specs().len(), builtin);
}

/// ID numbers, phones and image numbers that are wrong say what is wrong, field by field.
#[test]
fn invalid_ids_phones_and_image_numbers_say_what_is_wrong() {
    let draft = |id: &str, phone: &str| CustomerDraft {
        name: "张三".into(),
        phone: phone.into(),
        id_number: id.into(),
        hukou: String::new(),
    };
    for id in [
        "440524188001010015",
        "44052418800101001",
        "4405241880010100X4",
        "440524188013010014",
        "ABCDEFGHIJKLMNOPQR",
        "'; DROP TABLE orders; --",
    ] {
        let errors = draft(id, "").validated(true, today()).expect_err(id);
        let e = errors.iter().find(|e| e.field == CustomerField::IdNumber).unwrap_or_else(|| panic!("{id}"));
        assert!(has_chinese(&e.message.zh), "{id}: {:?}", e.message);
        assert!(!has_chinese(&e.message.en) && !e.message.en.is_empty(), "{id}: {:?}", e.message);
    }
    for phone in ["1380013800", "23800138000", "+1 650 253 0000", "138-0013-8000x"] {
        let errors = draft("", phone).validated(false, today()).expect_err(phone);
        let e = errors.iter().find(|e| e.field == CustomerField::Phone).unwrap_or_else(|| panic!("{phone}"));
        assert!(has_chinese(&e.message.zh), "{phone}: {:?}", e.message);
        assert!(!has_chinese(&e.message.en) && !e.message.en.is_empty(), "{phone}: {:?}", e.message);
    }
    assert!(draft("11010519491231002X", "+86 138 0013 8000").validated(true, today()).is_ok());

    let cat = idphoto_studio::spec_files::load_catalogue(None);
    let spec = cat.get("gd-shenzhen-id-card").unwrap();
    for number in ["BB1261301000001", "BB126112300000", "XX1261123000001", "BB1261123000001Z", "B' OR 1=1"] {
        let e = idphoto_studio::services::approve::external_number(spec, number).expect_err(number);
        assert!(has_chinese(&e.to_string()), "{number}: {e}");
    }
    // Through the command line: refused with the field's message, exit 1, no order.
    let tmp = tempfile::tempdir().unwrap();
    let photo = tmp.path().join("p.png");
    std::fs::write(&photo, super::common::photos::face_bytes("astronaut.png")).unwrap();
    let out = common::order_add(
        &tmp.path().join("data"),
        &photo,
        &["--name", "张三", "--id-number", "440524188001010015"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(has_chinese(&stderr), "{stderr}");
    let db = Database::open(&DataDir::at(tmp.path().join("data")).database()).unwrap();
    assert_eq!(db.order_count().unwrap(), 0);
}

/// What the search box gets: quotes, SQL, LIKE wildcards, very long text — all just text.
#[test]
fn search_text_with_quotes_sql_and_wildcards_is_just_text() {
    let (_tmp, dir) = common::data_dir();
    let mut db = Database::open(&dir.database()).unwrap();
    let at = format!("{}T10:00:00+08:00", chrono::Local::now().date_naive());
    order_at(&mut db, &dir, "O'Brien", &at, 1);
    order_at(&mut db, &dir, "张三", &at, 2);
    let search = |f: &dyn Fn(&mut OrderQuery)| {
        let mut q = OrderQuery { limit: 50, ..Default::default() };
        f(&mut q);
        db.search_orders(&q).unwrap()
    };
    assert_eq!(search(&|q| q.name = "O'Brien".into()).len(), 1, "a quote in a name");
    for text in ["%", "_", "%%", "' OR '1'='1", "\" OR 1=1 --", "'; DELETE FROM orders; --", "\\", "\0%"] {
        assert!(search(&|q| q.name = text.into()).is_empty(), "name {text:?}");
        assert!(search(&|q| q.number_prefix = text.into()).is_empty(), "number {text:?}");
        assert!(search(&|q| q.phone = text.into()).is_empty(), "phone {text:?}");
    }
    assert!(search(&|q| q.name = "张".repeat(100_000)).is_empty());
    // Invisible characters are not part of what was meant: a NUL alone is an empty box (every
    // order), inside a name it is dropped.
    assert_eq!(search(&|q| q.name = "\0".into()).len(), 2);
    assert_eq!(search(&|q| q.name = "张\0三".into()).len(), 1);
    assert_eq!(db.order_count().unwrap(), 2, "nothing deleted");
    assert!(db.integrity_check().unwrap().is_empty());
}

/// A tiny filesystem mounted for the test (Linux, root); `None` with the reason otherwise.
struct SmallDisk {
    path: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(parent: &Path, size: &str) -> Result<SmallDisk, String> {
        let path = parent.join("disk");
        std::fs::create_dir_all(&path).map_err(|e| e.to_string())?;
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .output()
            .map_err(|e| format!("no mount command: {e}"))?;
        if out.status.success() {
            Ok(SmallDisk { path })
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.path).status();
    }
}

/// Fills the disk with one file until it is full; returns the file.
fn fill_disk(dir: &Path) -> std::path::PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
    path
}

/// A full disk while an order is saved: a Chinese message, no half order, the number not used up;
/// once space is freed the same order saves. Both ways a disk fills: while the original capture is
/// written, and inside SQLite's transaction.
#[test]
fn a_full_disk_while_saving_loses_nothing_and_the_retry_saves() {
    let tmp = tempfile::tempdir().unwrap();
    let disk = match SmallDisk::mount(tmp.path(), "4m") {
        Ok(d) => d,
        Err(reason) => {
            println!("SKIPPED: cannot mount a small tmpfs to fill ({reason})");
            return;
        }
    };
    let dir = DataDir::at(disk.path.join("data"));
    dir.create().unwrap();
    let mut db = Database::open(&dir.database()).unwrap();
    let at = format!("{}T10:00:00+08:00", chrono::Local::now().date_naive());
    let first = order_at(&mut db, &dir, "张三", &at, 1);
    let filler = fill_disk(&disk.path);

    // 1. The original capture cannot be written.
    let original = idphoto_studio::services::approve::Original { bytes: jpeg(50), ext: "jpg".into() };
    let order = |seed: u8| {
        let number = idphoto_studio::storage::NumberSource::Allocate {
            template: idphoto_studio::domain::NumberTemplate::parse("{L}{L}1{yymmdd}{serial:6}").unwrap(),
            city_letter: Some('B'),
            date: chrono::Local::now().date_naive(),
        };
        idphoto_studio::storage::NewOrder::sample(number, "李四", &at, jpeg(seed))
    };
    let e =
        idphoto_studio::services::approve::commit(&mut db, &dir.originals(), order(61), None).unwrap_err();
    assert!(e.to_string().contains("磁盘已满"), "{e}");
    assert_eq!(db.order_count().unwrap(), 1, "no half order");
    assert!(db.integrity_check().unwrap().is_empty());
    let tmp_files = std::fs::read_dir(dir.originals())
        .unwrap()
        .filter(|e| e.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp")));
    assert_eq!(tmp_files.count(), 0, "no half-written original left");

    // Space is freed: the same approval saves, with the next number (none was used up).
    std::fs::remove_file(&filler).unwrap();
    let saved =
        idphoto_studio::services::approve::commit(&mut db, &dir.originals(), order(60), Some(&original))
            .unwrap();
    let serial = |n: &str| n[n.len() - 6..].parse::<u32>().unwrap();
    assert_eq!(serial(&saved.label()), serial(&first.label()) + 1);
    assert!(db.order_original(saved.id).unwrap().is_some());
    drop(db);
}
