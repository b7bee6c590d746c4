//! Camera sources: the hot folder (pickup time, slow writers, broken photos, a folder that goes and
//! comes back through the worker), the stored camera choice, and a saved camera that fails at start.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use idphoto_studio::camera::{CameraChoice, CameraError, CameraSource, Frame, HotFolderCamera, hot_folder};
use idphoto_studio::imaging::load_photo;
use idphoto_studio::storage::Database;
use idphoto_studio::worker::{CameraStatus, CameraWorker, PreviewFrame};
use image::{DynamicImage, ImageFormat, RgbImage};

use super::common::photos::{encode, face_bytes};
use super::common::{harness, step_until};

/// Calls `next_frame` until a frame or an error comes, or `limit` passes.
fn next_event(camera: &mut HotFolderCamera, limit: Duration) -> Option<Result<Frame, CameraError>> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        match camera.next_frame() {
            Ok(None) => {}
            Ok(Some(frame)) => return Some(Ok(frame)),
            Err(e) => return Some(Err(e)),
        }
    }
    None
}

fn wait_for<Label>(what: &str, limit: Duration, mut probe: impl FnMut() -> Option<Label>) -> Label {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out after {limit:?} waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A 3000×2000 camera-sized JPEG (6 MP), so the display copy has to shrink it.
fn big_jpeg() -> Vec<u8> {
    let img = RgbImage::from_fn(3000, 2000, |x, y| image::Rgb([(x / 12) as u8, (y / 8) as u8, 128]));
    encode(&DynamicImage::ImageRgb8(img), ImageFormat::Jpeg)
}

#[test]
fn a_new_jpeg_is_picked_up_within_a_second_and_photos_already_there_are_not() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("previous_customer.jpg"), face_bytes("einstein.jpg")).unwrap();
    let mut camera = HotFolderCamera::new(dir.path()).unwrap();
    assert!(camera.name().contains(&dir.path().display().to_string()));
    // Nothing new yet: `Ok(None)` after about one poll.
    let t = Instant::now();
    assert!(camera.next_frame().unwrap().is_none());
    assert!(t.elapsed() < Duration::from_millis(300), "{:?}", t.elapsed());

    for (name, bytes) in [("IMG_0001.JPG", face_bytes("grace_hopper.jpg")), ("IMG_0002.jpg", big_jpeg())] {
        let expected = load_photo(&bytes).unwrap().image;
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let written = Instant::now();
        let frame = next_event(&mut camera, Duration::from_secs(3)).expect("a frame").unwrap();
        let latency = written.elapsed();
        println!(
            "hot folder pickup of {name} ({}×{}, {} KB): {} ms",
            frame.width,
            frame.height,
            bytes.len() / 1024,
            latency.as_millis()
        );
        assert!(latency < Duration::from_secs(1), "{name} took {latency:?}");
        assert_eq!(frame.origin.as_deref(), Some(path.as_path()));
        assert_eq!((frame.width, frame.height), expected.dimensions());
        assert_eq!(frame.rgba.len(), expected.as_raw().len() / 3 * 4);
        assert_eq!(
            &frame.rgba[..4],
            &[expected.as_raw()[0], expected.as_raw()[1], expected.as_raw()[2], 255]
        );
    }
    // Each photo once.
    assert!(next_event(&mut camera, Duration::from_millis(400)).is_none());
}

#[test]
fn a_photo_written_in_two_halves_is_not_shown_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut camera = HotFolderCamera::new(dir.path()).unwrap();
    let bytes = face_bytes("grace_hopper.jpg");
    let path = dir.path().join("slow.jpg");
    let writer = {
        let (bytes, path) = (bytes.clone(), path.clone());
        std::thread::spawn(move || {
            let mut file = std::fs::File::create(&path).unwrap();
            let half = bytes.len() / 2;
            file.write_all(&bytes[..half]).unwrap();
            file.sync_all().unwrap();
            std::thread::sleep(Duration::from_millis(300));
            file.write_all(&bytes[half..]).unwrap();
        })
    };
    let started = Instant::now();
    let frame =
        next_event(&mut camera, Duration::from_secs(3)).expect("the photo").expect("not a broken frame");
    writer.join().unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300), "not before the second half");
    let expected = load_photo(&bytes).unwrap().image;
    assert_eq!((frame.width, frame.height), expected.dimensions());
    let whole: Vec<u8> = expected.as_raw().chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    assert!(*frame.rgba == whole, "the whole photo, not its first half");
    assert!(next_event(&mut camera, Duration::from_millis(400)).is_none(), "shown once");
}

#[test]
fn a_corrupt_photo_is_reported_and_the_next_good_one_still_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let mut camera = HotFolderCamera::new(dir.path()).unwrap();
    let good = face_bytes("grace_hopper.jpg");

    // Looks finished (JPEG start and end markers) but holds no picture: reported at once.
    let mut broken = vec![0xff, 0xd8];
    broken.extend_from_slice(b"this is not a picture, only words");
    broken.extend_from_slice(&[0xff, 0xd9]);
    std::fs::write(dir.path().join("broken.jpg"), &broken).unwrap();
    match next_event(&mut camera, Duration::from_secs(2)) {
        Some(Err(e @ CameraError::BadFrame(_))) => {
            let message = e.to_string();
            assert!(message.contains("broken.jpg") && message.contains("相机画面无法读取"), "{message}");
        }
        other => panic!("expected a bad frame, got {other:?}"),
    }
    // Cut off with no end marker: waited for (a writer may be pausing), then reported incomplete
    // (the decoder alone would show it with a grey lower half).
    std::fs::write(dir.path().join("cut.jpg"), &good[..good.len() / 2]).unwrap();
    let written = Instant::now();
    match next_event(&mut camera, hot_folder::SETTLE + Duration::from_secs(2)) {
        Some(Err(CameraError::BadFrame(message))) => {
            assert!(message.zh.contains("cut.jpg") && message.zh.contains("不完整"), "{message:?}");
            assert!(message.en.contains("cut.jpg") && message.en.contains("incomplete"), "{message:?}");
        }
        other => panic!("expected a bad frame, got {other:?}"),
    }
    assert!(written.elapsed() >= hot_folder::SETTLE, "{:?}", written.elapsed());

    std::fs::write(dir.path().join("good.jpg"), &good).unwrap();
    let frame = next_event(&mut camera, Duration::from_secs(2)).expect("the good photo").unwrap();
    assert_eq!(frame.origin, Some(dir.path().join("good.jpg")));
}

#[test]
fn a_removed_folder_disconnects_and_the_worker_recovers_when_it_comes_back() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("tether");
    std::fs::create_dir(&dir).unwrap();
    let choice = CameraChoice::HotFolder { dir: dir.clone() };

    // The source itself says Disconnected, naming the folder.
    let mut camera = HotFolderCamera::new(&dir).unwrap();
    std::fs::remove_dir(&dir).unwrap();
    match camera.next_frame() {
        Err(e @ CameraError::Disconnected(_)) => {
            assert!(e.to_string().contains(&dir.display().to_string()), "{e}");
        }
        other => panic!("expected Disconnected, got {:?}", other.map(|f| f.is_some())),
    }
    assert!(matches!(HotFolderCamera::new(&dir), Err(CameraError::Disconnected(_))));
    std::fs::create_dir(&dir).unwrap();

    let worker = CameraWorker::for_choice(choice, [320, 240], Arc::new(|| {})).unwrap();
    let running = |w: &CameraWorker| matches!(w.status(), CameraStatus::Running { .. });
    wait_for("the worker to start", Duration::from_secs(2), || running(&worker).then_some(()));

    // A 6 MP still: full size for capture, at most 1920 px for display.
    let first = dir.join("first.jpg");
    std::fs::write(&first, big_jpeg()).unwrap();
    let PreviewFrame { frame, image } =
        wait_for("the first photo", Duration::from_secs(3), || worker.take_latest());
    assert_eq!(frame.origin, Some(first));
    assert_eq!((frame.width, frame.height), (3000, 2000));
    assert_eq!(image.size, [1920, 1280]);

    std::fs::remove_dir_all(&dir).unwrap();
    let message = wait_for("the folder to be missed", Duration::from_secs(2), || match worker.status() {
        CameraStatus::Failed(message) => Some(message),
        _ => None,
    });
    assert!(
        message.zh.contains("相机已断开") && message.zh.contains(&dir.display().to_string()),
        "{message:?}"
    );
    assert!(
        message.en.starts_with("The camera is disconnected")
            && message.en.contains(&dir.display().to_string())
    );

    std::fs::create_dir(&dir).unwrap();
    let back = Instant::now();
    wait_for("the worker to reopen the folder", Duration::from_secs(3), || running(&worker).then_some(()));
    println!("hot folder reopened {} ms after it came back", back.elapsed().as_millis());
    let second = dir.join("second.png");
    std::fs::write(&second, encode(&DynamicImage::ImageRgb8(RgbImage::new(64, 48)), ImageFormat::Png))
        .unwrap();
    let latest = wait_for("a photo after recovery", Duration::from_secs(3), || worker.take_latest());
    assert_eq!(latest.frame.origin, Some(second));
    assert_eq!(latest.image.size, [64, 48]);
    drop(worker); // stops and joins within a poll
}

#[test]
fn a_bad_photo_reaches_the_worker_as_a_problem_and_the_source_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let choice = CameraChoice::HotFolder { dir: dir.path().to_owned() };
    let worker = CameraWorker::for_choice(choice, [320, 240], Arc::new(|| {})).unwrap();
    wait_for("the worker to start", Duration::from_secs(2), || {
        matches!(worker.status(), CameraStatus::Running { .. }).then_some(())
    });
    std::fs::write(dir.path().join("notes.jpg"), b"not a photo at all").unwrap();
    let problem = wait_for("the problem", Duration::from_secs(2), || worker.take_problem());
    assert!(problem.zh.contains("notes.jpg") && problem.en.contains("notes.jpg"), "{problem:?}");
    assert!(problem.en.starts_with("The camera's picture cannot be read"), "{problem:?}");
    assert!(matches!(worker.status(), CameraStatus::Running { .. }), "still running");
    std::fs::write(dir.path().join("ok.jpg"), face_bytes("grace_hopper.jpg")).unwrap();
    let latest = wait_for("the next photo", Duration::from_secs(2), || worker.take_latest());
    assert_eq!(latest.frame.origin, Some(dir.path().join("ok.jpg")));
}

#[test]
fn camera_choices_round_trip_through_their_setting_strings() {
    let cases = [
        (CameraChoice::Demo, "demo"),
        (CameraChoice::Webcam { device: "/dev/video0".into() }, "webcam:/dev/video0"),
        (
            CameraChoice::HotFolder { dir: PathBuf::from("/srv/tether/今天 的照片") },
            "hotfolder:/srv/tether/今天 的照片",
        ),
        (CameraChoice::HotFolder { dir: PathBuf::from(r"D:\EOS\Tether") }, r"hotfolder:D:\EOS\Tether"),
    ];
    for (choice, text) in cases {
        assert_eq!(choice.to_setting(), text);
        assert_eq!(CameraChoice::from_setting(text), Some(choice));
    }
    assert_eq!(CameraChoice::from_setting("camera:3"), None);
    assert_eq!(CameraChoice::SETTING_KEY, "camera.source");
}

#[test]
fn opening_a_missing_webcam_or_folder_says_what_is_missing() {
    let missing = CameraChoice::Webcam { device: "/dev/video-missing".into() }.open([320, 240]);
    match missing {
        #[cfg(target_os = "linux")]
        Err(CameraError::Disconnected(message)) => assert!(message.contains("/dev/video-missing")),
        #[cfg(not(target_os = "linux"))]
        Err(CameraError::Unavailable(_)) => {}
        Err(other) => panic!("unexpected: {other}"),
        Ok(_) => panic!("opened a webcam that is not there"),
    }
    let gone = Path::new("/nonexistent/hot-folder");
    match (CameraChoice::HotFolder { dir: gone.to_owned() }).open([320, 240]) {
        Err(e @ CameraError::Disconnected(_)) => assert!(e.to_string().contains("/nonexistent/hot-folder")),
        Err(other) => panic!("unexpected: {other}"),
        Ok(_) => panic!("opened a folder that is not there"),
    }
    // No camera on a build machine: listing gives an empty list, never a panic.
    for webcam in idphoto_studio::camera::list_webcams() {
        assert!(!webcam.path.is_empty());
    }
}

#[test]
fn a_saved_camera_that_fails_is_shown_failing_not_replaced_by_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("unplugged-drive");
    {
        std::fs::create_dir_all(dir.path()).unwrap();
        let db = Database::open(&dir.path().join("studio.sqlite3")).unwrap();
        db.set_setting(CameraChoice::SETTING_KEY, &format!("hotfolder:{}", gone.display())).unwrap();
    }
    let mut h = harness(dir.path(), true);
    assert_eq!(h.state().app().camera_choice(), &CameraChoice::HotFolder { dir: gone.clone() });
    step_until(&mut h, "the camera to fail", |app| {
        matches!(app.camera_status(), Some(CameraStatus::Failed(_)))
    });
    // The status bar names the folder; no demo frame arrives in the meantime.
    h.get_by_label_contains("unplugged-drive");
    let until = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < until {
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(h.state().app().preview_size(), None, "no demo frames");
    assert!(
        matches!(h.state().app().camera_status(), Some(CameraStatus::Failed(_))),
        "still failing, retried"
    );

    // When the folder appears, the same worker picks it up without a restart.
    std::fs::create_dir(&gone).unwrap();
    step_until(&mut h, "the folder to be watched", |app| {
        matches!(app.camera_status(), Some(CameraStatus::Running { .. }))
    });
}

#[test]
fn the_settings_screen_chooses_a_hot_folder_and_it_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("tether");
    let mut h = harness(dir.path(), false);
    assert_eq!(h.state().app().camera_choice(), &CameraChoice::Demo);
    h.get_by_label("设置").click();
    h.run_steps(2);
    h.get_by_label_contains("正在使用：演示相机");
    // 应用 with the hot folder but no path: refused on the form.
    h.get_by_label("热文件夹").click();
    h.run_steps(1);
    h.get_by_label("应用").click();
    h.run_steps(2);
    h.get_by_label("请先填写或选择文件夹");
    assert_eq!(h.state().app().camera_choice(), &CameraChoice::Demo);

    h.get_by_label("文件夹路径").click();
    h.run_steps(1);
    h.get_by_label("文件夹路径").type_text(&folder.display().to_string());
    h.run_steps(1);
    h.get_by_label("应用").click();
    h.run_steps(2);
    let chosen = CameraChoice::HotFolder { dir: folder.clone() };
    assert_eq!(h.state().app().camera_choice(), &chosen);
    drop(h); // joins the I/O worker: the choice is written

    let db = Database::open(&dir.path().join("studio.sqlite3")).unwrap();
    assert_eq!(db.setting(CameraChoice::SETTING_KEY).unwrap(), Some(chosen.to_setting()));
    drop(db);
    let h = harness(dir.path(), false);
    assert_eq!(h.state().app().camera_choice(), &chosen, "remembered after a restart");
}
