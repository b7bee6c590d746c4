//! The binary's command line: help lists the subcommands, unbuilt ones say so and fail, `info`
//! creates the data dir and database where `--data-dir` or the environment says.

use std::process::Command;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_idphoto-studio"));
    cmd.env_remove("IDPHOTO_STUDIO_DATA");
    cmd
}

#[test]
fn help_lists_every_subcommand_and_the_global_data_dir() {
    let out = bin().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for sub in ["specs", "process", "batch", "order", "receipt", "export", "--data-dir"] {
        assert!(text.contains(sub), "--help lacks {sub}:\n{text}");
    }
}

#[test]
fn info_creates_the_data_dir_from_the_flag_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let by_flag = dir.path().join("by-flag");
    let out = bin().args(["--data-dir", by_flag.to_str().unwrap(), "info"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(by_flag.join("studio.sqlite3").is_file());
    assert!(by_flag.join("city_specs").is_dir());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("integrity: ok"), "{text}");

    let by_env = dir.path().join("by-env");
    let out = bin().env("IDPHOTO_STUDIO_DATA", &by_env).arg("info").output().unwrap();
    assert!(out.status.success());
    assert!(by_env.join("studio.sqlite3").is_file());

    // The flag wins over the environment.
    let both = dir.path().join("both");
    let out = bin()
        .env("IDPHOTO_STUDIO_DATA", &by_env)
        .args(["info", "--data-dir", both.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains(both.to_str().unwrap()));
}

#[test]
fn specs_prints_a_table_and_json_of_the_resolved_specs() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin().args(["--data-dir", dir.path().to_str().unwrap(), "specs"]).output().unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("gd-shenzhen-id-card") && table.contains("深圳 身份证") && table.contains("358×441")
    );

    let out = bin().args(["--data-dir", dir.path().to_str().unwrap(), "specs", "--json"]).output().unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let specs = json.as_array().unwrap();
    let sz = specs.iter().find(|s| s["id"] == "gd-shenzhen-id-card").unwrap();
    assert_eq!(sz["px"], serde_json::json!([358, 441]));
    assert_eq!(sz["dpi"], 350);
    assert_eq!(sz["file_kb"], serde_json::json!({"min": 14, "max": 20}));
    assert_eq!(sz["background"], serde_json::json!([[255, 255, 255]]));
    assert_eq!(sz["geometry"]["face_width_px"]["min"], 193.0);
    assert_eq!(sz["receipt"]["validity"], "180天");
    assert_eq!(sz["numbering"]["template"], "{L}{L}1{yymmdd}{serial:6}");
    assert_eq!(sz["city_letter"], "B");
}

#[test]
fn specs_check_exits_non_zero_on_a_broken_folder() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good");
    std::fs::create_dir(&good).unwrap();
    std::fs::write(good.join("a.toml"), "[[spec]]\nid = \"gd-foshan-id-card\"\nextends = \"gd-id-card\"\ncity_letter = \"E\"\nprice_fen = 3500\n").unwrap();
    let out = bin().args(["specs", "check", good.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("本地 1 个"));

    std::fs::write(
        good.join("b.toml"),
        "[[spec]]\nid = \"gd-x-id-card\"\nextends = \"gd-id-card\"\ndpi = 9000\n",
    )
    .unwrap();
    let out = bin().args(["specs", "check", good.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("b.toml 第 4 行 字段 dpi：[gd-x-id-card] 分辨率 9000 dpi 应在 72–1200 之间"),
        "{err}"
    );
}

#[test]
fn process_writes_the_jpeg_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/astronaut.png");
    let out = dir.path().join("out.jpg");
    let report = dir.path().join("report.json");
    let run = bin()
        .args(["--data-dir", dir.path().to_str().unwrap(), "process", "--spec", "std-1-inch"])
        .arg(&input)
        .args([
            "-o",
            out.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            "--crop",
            "60,0,365,511,-2",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let img = image::open(&out).unwrap();
    assert_eq!((img.width(), img.height()), (295, 413));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["spec_id"], "std-1-inch");
    assert_eq!(json["output_px"], serde_json::json!([295, 413]));
    assert_eq!(json["dpi"], 300);
    assert_eq!(json["source_to_output"].as_array().unwrap().len(), 6);
    assert_eq!(json["crop"]["degrees"], -2.0);
    assert_eq!(json["bytes"], std::fs::metadata(&out).unwrap().len());

    let missing = bin()
        .args(["process", "--spec", "gd-nowhere", "x.jpg", "-o"])
        .arg(dir.path().join("y.jpg"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("没有规格 `gd-nowhere`"));
}

#[test]
fn batch_goes_on_past_bad_files_and_fails_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    std::fs::copy(demo.join("astronaut.png"), input.join("a.png")).unwrap();
    std::fs::copy(demo.join("einstein.jpg"), input.join("c.jpg")).unwrap();
    std::fs::write(input.join("b.jpg"), b"\xFF\xD8\xFF\xE0 broken").unwrap();
    std::fs::write(input.join("notes.txt"), "not a photo").unwrap();
    let out = dir.path().join("out");
    let run = bin()
        .args([
            "batch",
            "--spec",
            "std-2-inch",
            "--in",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let text = String::from_utf8(run.stdout).unwrap();
    assert!(text.contains("共 4 个文件：成功 2 个"), "{text}");
    assert!(text.contains("b.jpg") && text.contains("notes.txt"), "{text}");
    for name in ["a.jpg", "c.jpg"] {
        let img = image::open(out.join(name)).unwrap();
        assert_eq!((img.width(), img.height()), (413, 579));
    }
    assert!(!out.join("b.jpg").exists() && !out.join("notes.jpg").exists());
}

#[test]
fn order_add_prints_the_image_number_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let photo = dir.path().join("phone.png");
    std::fs::write(&photo, super::common::photos::face_bytes("astronaut.png")).unwrap();
    let add = |extra: &[&str]| {
        let mut cmd = bin();
        cmd.arg("--data-dir").arg(&data).args(["order", "add", "--spec", "gd-shenzhen-id-card", "--photo"]);
        cmd.arg(&photo).args(extra).output().unwrap()
    };
    // A wrong phone: refused, nothing printed.
    let out = add(&["--name", "张三", "--phone", "12345"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("手机号"));
    // The 512 px astronaut is too small for the ID card (图像像素不足): a reason is needed.
    let out = add(&["--name", "张三", "--phone", "+86 138 0013 8000"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--reason"));
    let out = add(&["--name", "张三", "--phone", "+86 138 0013 8000", "--reason", "顾客坚持"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let number = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let today = chrono::Local::now().format("%y%m%d").to_string();
    assert_eq!(number, format!("BB1{today}000001"));
    // An external number of the right layout is taken as is; a malformed one is refused.
    let external = format!("BB1{today}123456");
    let out = add(&["--name", "李四", "--reason", "x", "--number", &external]);
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), external);
    let out = add(&["--name", "李四", "--reason", "x", "--number", "BB1XX"]);
    assert_eq!(out.status.code(), Some(1));
    // A number already used: refused (exit 1, nothing written), the order that has it named.
    let out = add(&["--name", "王五", "--reason", "x", "--number", &number]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("图像号 {number} 已被订单 #1（张三）使用")), "{err}");
    let db = idphoto_studio::storage::Database::open(&data.join("studio.sqlite3")).unwrap();
    let order = db.order_by_number(&number).unwrap().unwrap();
    assert_eq!(
        (order.phone.as_deref(), order.approval_reason.as_deref()),
        (Some("13800138000"), Some("顾客坚持"))
    );
}

/// A photo no allowed quality squeezes into the spec's KB range is still written: the closest file,
/// its size check failing with the range the qualities reach, the report written, exit 1 — in
/// `process` and in `batch`, as on the counter.
#[test]
fn a_photo_too_busy_for_the_size_range_is_written_with_a_failing_size_check() {
    let dir = tempfile::tempdir().unwrap();
    // Noise: no JPEG quality ≥ 70 brings 358×441 of it under 20 KB.
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let noise = image::RgbImage::from_fn(358, 441, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        image::Rgb([(seed >> 8) as u8, (seed >> 16) as u8, (seed >> 24) as u8])
    });
    let input = dir.path().join("in").join("noise.png");
    std::fs::create_dir_all(input.parent().unwrap()).unwrap();
    noise.save(&input).unwrap();
    let (out_jpg, report) = (dir.path().join("out.jpg"), dir.path().join("report.json"));
    let out = bin()
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["process", "--spec", "gd-shenzhen-id-card", "--crop", "0,0,358,441", "--no-retouch"])
        .arg(&input)
        .arg("-o")
        .arg(&out_jpg)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let img = image::open(&out_jpg).unwrap();
    assert_eq!((img.width(), img.height()), (358, 441));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let check = json["checks"].as_array().unwrap().iter().find(|c| c["id"] == "file_kb").unwrap();
    assert_eq!(check["status"], "fail");
    let measured = check["measured"].as_str().unwrap();
    assert!(measured.contains("可达") && measured.contains("KB"), "{measured}");
    assert!(stdout.contains("文件过大") && stdout.contains("可达"), "{stdout}");
    assert_eq!(json["jpeg_quality"], 70, "the closest file: the lowest quality the spec allows");

    let batch_out = dir.path().join("batch");
    let out = bin()
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["batch", "--spec", "gd-shenzhen-id-card", "--no-retouch", "--in"])
        .arg(input.parent().unwrap())
        .arg("--out")
        .arg(&batch_out)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(batch_out.join("noise.jpg").is_file(), "written anyway");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 个有不合格的检查项"));
}
