//! 扫码领取: the customer scans a QR code at the counter and downloads their 电子回执 or 电子版 on the
//! studio's Wi-Fi, from a small HTTP server on the counter PC. Nothing else is served.
//!
//! - One link per file handed over: `http://<counter's LAN address>:<port>/d/<token>`. The token is
//!   128 random bits (32 hex digits; guessing one among ten live links takes about 2^124 tries).
//!   It works once, and for [`TTL`] (10 minutes) at most.
//! - Only GET of `/d/<token>` is answered. Every other path, method, token, an expired or used
//!   link: 404 (410 when expired), with no body that says more.
//! - Requests from outside the local network (by the connecting socket's address, never a header)
//!   are refused (403). A `Host` header that is not the server's own address is refused too, so a
//!   web page elsewhere cannot reach the server through DNS rebinding.
//! - The server is off unless the manager switched it on (设置, behind the PIN). It binds to the
//!   counter's LAN address only, and each download is reported back to be logged with the order.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a link lives.
pub const TTL: Duration = Duration::from_secs(600);

/// A file offered once.
struct Offer {
    bytes: Arc<Vec<u8>>,
    mime: &'static str,
    file_name: String,
    order_id: i64,
    what: String,
    expires: Instant,
}

/// A link that was used: which order, what, and the phone's address.
#[derive(Clone, Debug, PartialEq)]
pub struct Download {
    pub order_id: i64,
    pub what: String,
    pub peer: IpAddr,
}

/// A link handed to the customer.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub url: String,
    pub token: String,
    pub expires: Instant,
}

pub struct ShareServer {
    addr: SocketAddr,
    offers: Arc<Mutex<HashMap<String, Offer>>>,
    downloads: Receiver<Download>,
    stop: Arc<AtomicBool>,
    server: Arc<tiny_http::Server>,
    handle: Option<std::thread::JoinHandle<()>>,
}

/// Whether `ip` is on a local network: private IPv4 ranges, link-local, loopback, and IPv6 unique
/// local and link-local addresses.
pub fn is_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_private() || v4.is_link_local() || v4.is_loopback(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_local(IpAddr::V4(v4)),
            None => v6.is_loopback() || v6.is_unique_local() || v6.is_unicast_link_local(),
        },
    }
}

/// The address other machines on the studio's network reach this one at (the interface the
/// default route leaves by; no packet is sent), or loopback when there is no network.
pub fn lan_address() -> IpAddr {
    std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.168.0.1:9").map(|()| s))
        .and_then(|s| s.local_addr())
        .map(|a| a.ip())
        .ok()
        .filter(|ip| !ip.is_unspecified() && is_local(*ip))
        .unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

/// A fresh random token: 16 bytes as 32 hex digits.
fn token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn is_token(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

impl ShareServer {
    /// Starts serving on `ip` (port chosen by the system when `port` is 0).
    pub fn start(ip: IpAddr, port: u16) -> std::io::Result<ShareServer> {
        let server = tiny_http::Server::http(SocketAddr::new(ip, port)).map_err(std::io::Error::other)?;
        let addr = server.server_addr().to_ip().ok_or_else(|| std::io::Error::other("not an IP socket"))?;
        let server = Arc::new(server);
        let offers: Arc<Mutex<HashMap<String, Offer>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, downloads) = channel();
        let handle = {
            let (server, offers, stop) = (server.clone(), offers.clone(), stop.clone());
            std::thread::Builder::new()
                .name("share".into())
                .spawn(move || serve(&server, &offers, &stop, &tx, addr))?
        };
        Ok(ShareServer { addr, offers, downloads, stop, server, handle: Some(handle) })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Offers `bytes` once for `ttl` ([`TTL`] at the counter); returns the link.
    pub fn offer(
        &self,
        order_id: i64,
        what: &str,
        file_name: &str,
        mime: &'static str,
        bytes: Arc<Vec<u8>>,
        ttl: Duration,
    ) -> std::io::Result<Link> {
        let token = token()?;
        let expires = Instant::now() + ttl;
        let offer =
            Offer { bytes, mime, file_name: file_name.to_owned(), order_id, what: what.to_owned(), expires };
        let mut offers = self.offers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Links that ran out are forgotten here too, so memory never grows with old ones.
        let now = Instant::now();
        offers.retain(|_, o| o.expires > now);
        offers.insert(token.clone(), offer);
        Ok(Link { url: format!("http://{}/d/{token}", self.addr), token, expires })
    }

    /// The downloads since the last call.
    pub fn downloads(&self) -> Vec<Download> {
        self.downloads.try_iter().collect()
    }
}

impl Drop for ShareServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.server.unblock();
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

fn serve(
    server: &tiny_http::Server,
    offers: &Mutex<HashMap<String, Offer>>,
    stop: &AtomicBool,
    downloads: &Sender<Download>,
    addr: SocketAddr,
) {
    while !stop.load(Ordering::Relaxed) {
        let request = match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(r)) => r,
            Ok(None) => continue,
            Err(_) => break,
        };
        let peer = request.remote_addr().map(SocketAddr::ip);
        let host =
            request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_owned());
        let status = |code: u16| tiny_http::Response::empty(code);
        let reply = match (peer, request.method()) {
            (Some(ip), _) if !is_local(ip) => Err(403),
            (_, tiny_http::Method::Get) if host.as_deref() != Some(&addr.to_string()) => Err(403),
            (Some(ip), tiny_http::Method::Get) => {
                match request.url().strip_prefix("/d/").filter(|t| is_token(t)) {
                    Some(token) => {
                        let mut offers = offers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        match offers.remove(token) {
                            Some(o) if o.expires > Instant::now() => {
                                let _ = downloads.send(Download {
                                    order_id: o.order_id,
                                    what: o.what.clone(),
                                    peer: ip,
                                });
                                Ok(o)
                            }
                            Some(_) => Err(410),
                            None => Err(404),
                        }
                    }
                    None => Err(404),
                }
            }
            _ => Err(404),
        };
        let _ = match reply {
            Ok(o) => {
                let header =
                    |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
                // With its length, never chunked: a phone shows the download's progress.
                let mut response = tiny_http::Response::from_data(o.bytes.as_slice().to_vec())
                    .with_chunked_threshold(usize::MAX);
                let disposition = format!("inline; filename*=UTF-8''{}", percent(&o.file_name));
                for h in [
                    header("Content-Type", o.mime),
                    header("Content-Disposition", &disposition),
                    header("Cache-Control", "no-store"),
                ]
                .into_iter()
                .flatten()
                {
                    response = response.with_header(h);
                }
                request.respond(response)
            }
            Err(code) => request.respond(status(code)),
        };
    }
}

/// RFC 5987 percent-encoding of a file name (Chinese names download with their name).
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_means_the_studios_own_network() {
        for ip in [
            "192.168.1.20",
            "10.0.0.5",
            "172.16.3.4",
            "172.31.255.1",
            "169.254.1.1",
            "127.0.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:192.168.1.2",
        ] {
            assert!(is_local(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "172.32.0.1", "100.64.0.1", "2001:db8::1", "::ffff:8.8.8.8", "0.0.0.0"] {
            assert!(!is_local(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn tokens_are_random_hex_and_only_tokens_are_looked_up() {
        let a = token().unwrap();
        assert!(is_token(&a) && a != token().unwrap());
        for bad in ["", "../etc/passwd", &a[..31], &a.to_uppercase(), &format!("{a}0")] {
            assert!(!is_token(bad), "{bad}");
        }
    }
}
