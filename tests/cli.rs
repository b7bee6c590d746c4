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
fn unbuilt_subcommands_say_so_and_exit_non_zero() {
    for sub in ["order", "receipt", "export"] {
        let out = bin().args([sub, "--anything", "x"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{sub}");
        assert!(out.stdout.is_empty(), "no fake output for {sub}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("尚未实现") && err.contains("not built yet"), "{sub}: {err}");
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
