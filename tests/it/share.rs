//! 扫码领取: the one-time link server. It serves a file once with the right token and refuses a
//! second download, a wrong or expired token, any other path or method, and a foreign `Host`
//! (DNS rebinding). Downloads are reported to be logged. The counter opens the QR code from an
//! order, the phone gets the 电子回执, and 200 concurrent bad requests leave the window responsive.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use idphoto_studio::services::share::{ShareServer, TTL};

/// A raw HTTP/1.1 request from this machine: (status, body).
fn request(addr: SocketAddr, method: &str, path: &str, host: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |p| p + 4);
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, raw[head_end..].to_vec())
}

fn get(addr: SocketAddr, path: &str) -> (u16, Vec<u8>) {
    request(addr, "GET", path, &addr.to_string())
}

fn path_of(url: &str) -> String {
    url.split_once("/d/").map(|(_, t)| format!("/d/{t}")).unwrap()
}

#[test]
fn a_link_serves_its_file_once_and_nothing_else_is_served() {
    let server = ShareServer::start("127.0.0.1".parse().unwrap(), 0).unwrap();
    let addr = server.addr();
    let bytes = Arc::new(b"\x89PNG fake receipt".to_vec());
    let link = server.offer(7, "电子回执", "电子回执-X.png", "image/png", bytes.clone(), TTL).unwrap();
    assert!(link.url.starts_with(&format!("http://{addr}/d/")) && link.token.len() == 32, "{}", link.url);
    let path = path_of(&link.url);
    // A page elsewhere reaching the server by DNS rebinding names its own host: refused, and the
    // link is not spent.
    assert_eq!(request(addr, "GET", &path, "evil.example:80").0, 403);
    // Other methods, paths and tokens: nothing.
    assert_eq!(request(addr, "POST", &path, &addr.to_string()).0, 404);
    for other in
        ["/", "/d/", "/d", "/index.html", "/../studio.sqlite3", "/d/0123456789abcdef0123456789abcdef"]
    {
        assert_eq!(get(addr, other).0, 404, "{other}");
    }
    assert_eq!(get(addr, &path.to_uppercase()).0, 404, "tokens are exact");
    // The right one, once.
    let (status, body) = get(addr, &path);
    assert_eq!((status, body), (200, bytes.as_slice().to_vec()));
    assert_eq!(get(addr, &path).0, 404, "a second download is refused");
    let downloads = server.downloads();
    assert_eq!(downloads.len(), 1);
    assert_eq!((downloads[0].order_id, downloads[0].what.as_str()), (7, "电子回执"));
    assert_eq!(downloads[0].peer.to_string(), "127.0.0.1");
    // An expired link.
    let short =
        server.offer(8, "电子版", "电子版-X.jpg", "image/jpeg", bytes, Duration::from_millis(1)).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(get(addr, &path_of(&short.url)).0, 410);
    assert!(server.downloads().is_empty());
}

#[test]
fn two_hundred_concurrent_bad_requests_are_all_refused_quickly() {
    let server = ShareServer::start("127.0.0.1".parse().unwrap(), 0).unwrap();
    let addr = server.addr();
    let good = server.offer(1, "电子回执", "a.png", "image/png", Arc::new(vec![1, 2, 3]), TTL).unwrap();
    let started = Instant::now();
    let threads: Vec<_> =
        (0..200).map(|i| std::thread::spawn(move || get(addr, &format!("/d/{:032x}", i)).0)).collect();
    let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let took = started.elapsed();
    assert!(statuses.iter().all(|s| *s == 404), "{statuses:?}");
    // The one real link still works after the flood.
    assert_eq!(get(addr, &path_of(&good.url)).0, 200);
    println!("200 concurrent bad-token requests answered in {:.0} ms", took.as_secs_f64() * 1e3);
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn the_counter_shows_a_qr_code_that_gives_the_phone_its_receipt_once() {
    use egui_kittest::kittest::Queryable;
    let tmp = tempfile::tempdir().unwrap();
    let dir = idphoto_studio::paths::DataDir::at(tmp.path());
    dir.create().unwrap();
    let number = {
        let mut db = idphoto_studio::storage::Database::open(&dir.database()).unwrap();
        db.set_setting("share.enabled", "1").unwrap();
        super::receipts::add_order(
            &mut db,
            super::receipts::catalogue().get("gd-guangzhou-id-card").unwrap(),
            "欧阳玥",
            None,
        )
    };
    let mut h = super::common::harness(tmp.path(), false);
    super::common::open_only_order(&mut h, &number);
    // The first of the two (电子回执; the second is the 电子版), scrolled into view.
    h.query_all_by_label("扫码领取").next().unwrap().scroll_to_me();
    h.run_steps(10);
    h.query_all_by_label("扫码领取").next().unwrap().click();
    super::common::step_until(&mut h, "the QR code", |app| app.share_link().is_some());
    h.get_by_label("请顾客用手机扫码领取");
    let url = h.state().app().share_link().unwrap().to_owned();
    let addr: SocketAddr = url.trim_start_matches("http://").split('/').next().unwrap().parse().unwrap();
    // 200 clients with bad tokens at once, again and again, while the window draws 120 frames.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flood: Vec<_> = (0..200)
        .map(|i| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut answered = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    answered.push(get(addr, &format!("/d/{:032x}", i + 1)).0);
                }
                answered
            })
        })
        .collect();
    let mut frames = Vec::new();
    let started = Instant::now();
    for _ in 0..120 {
        let t = Instant::now();
        h.step();
        frames.push(t.elapsed().as_secs_f64() * 1e3);
        // A frame about every 16 ms, as the window would.
        std::thread::sleep(Duration::from_millis(16).saturating_sub(t.elapsed()));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let answered: Vec<u16> = flood.into_iter().flat_map(|t| t.join().unwrap()).collect();
    let seconds = started.elapsed().as_secs_f64();
    assert!(answered.iter().all(|s| *s == 404));
    frames.sort_by(f64::total_cmp);
    let (p50, p95, worst) = (frames[60], frames[114], frames[119]);
    println!(
        "{} bad requests from 200 clients in {seconds:.1} s ({:.0}/s); 120 frames: p50 {p50:.1} ms, p95 {p95:.1} ms, worst {worst:.1} ms",
        answered.len(),
        answered.len() as f64 / seconds
    );
    // The customer's phone: the 电子回执, once.
    let (status, png) = get(addr, &path_of(&url));
    assert_eq!(status, 200);
    let img = image::load_from_memory(&png).unwrap();
    assert_eq!(img.width(), 1080);
    assert_eq!(get(addr, &path_of(&url)).0, 404);
    super::common::wait_for_label(&mut h, "顾客已领取");
    // Logged with the order once the I/O thread has written it.
    super::common::step_until(&mut h, "the download logged", |_| {
        let db = idphoto_studio::storage::Database::open(&dir.database()).unwrap();
        let row = db.order_by_number(&number).unwrap().unwrap();
        db.order_event_count(row.id, "download").unwrap() == 1
    });
    assert!(worst < 500.0, "a frame took {worst:.0} ms during the flood");
}
