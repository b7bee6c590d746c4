//! Telling a barcode scanner from a person at the keyboard.
//!
//! A USB scanner is a keyboard: it types the code's characters a few milliseconds apart and ends with
//! Enter. A person types at most about ten characters a second. So printable ASCII characters that
//! follow each other within [`MAX_GAP_S`] are held back for a moment; when Enter ends a held burst of
//! at least [`MIN_LEN`] characters, the burst is a scan and never reaches the text field that has the
//! focus. Anything else (a slow key, a pause, another key, Chinese input) releases what was held, in
//! order, so typing is unchanged but for a delay of one gap.
//!
//! Pure: times are seconds on any clock that only moves forward (egui's input time).

/// Longest pause between two characters of one scan. Scanners send a character every 2–20 ms; a fast
/// typist's keys are 80 ms or more apart.
pub const MAX_GAP_S: f64 = 0.05;

/// Shortest scan: image numbers have 15 or 18 characters; anything under 10 is a person's Enter.
pub const MIN_LEN: usize = 10;

/// Longest code held back: past it, the characters are released (no barcode we read is longer).
pub const MAX_LEN: usize = 64;

/// One key event, as far as scanning cares.
#[derive(Clone, Debug, PartialEq)]
pub enum Key<'a> {
    /// Typed text (one character, or several when they arrived in the same frame).
    Text(&'a str),
    Enter,
    /// Any other key or input: releases what is held.
    Other,
}

/// What becomes of a key event: first the characters `released` (held, and now known to be typing)
/// go to the window, in order; then the event itself is held, passed on, or ends a scan.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub released: String,
    pub action: Action,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Held back: it may be part of a scan.
    Hold,
    /// Passed on as it is.
    Pass,
    /// A scan ended with this Enter (swallowed): the code.
    Scan(String),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScanReader {
    held: String,
    last_at: f64,
}

fn scannable(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_graphic())
}

impl ScanReader {
    /// Whether characters are being held back (the window should look again within a gap).
    pub fn holding(&self) -> bool {
        !self.held.is_empty()
    }

    /// Feeds one key event that happened at `at`.
    pub fn key(&mut self, at: f64, key: Key<'_>) -> Verdict {
        let in_burst = self.holding() && at - self.last_at <= MAX_GAP_S;
        let released = if in_burst { String::new() } else { std::mem::take(&mut self.held) };
        let action = match key {
            Key::Text(text) if scannable(text) && self.held.len() + text.len() <= MAX_LEN => {
                self.held.push_str(text);
                self.last_at = at;
                Action::Hold
            }
            Key::Enter if in_burst && self.held.chars().count() >= MIN_LEN => {
                Action::Scan(std::mem::take(&mut self.held))
            }
            Key::Text(_) | Key::Enter | Key::Other => {
                // Not a scan after all: what was held goes first, then this event.
                let mut released = released;
                released.push_str(&std::mem::take(&mut self.held));
                return Verdict { released, action: Action::Pass };
            }
        };
        Verdict { released, action }
    }

    /// Called once a frame: characters held longer than a gap were typed by a person.
    pub fn tick(&mut self, now: f64) -> Option<String> {
        (self.holding() && now - self.last_at > MAX_GAP_S).then(|| std::mem::take(&mut self.held))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Types `text` one character every `gap` seconds from `t`, then Enter one gap later; returns
    /// what reached the window (released and passed characters) and the scans.
    fn run(reader: &mut ScanReader, t: f64, gap: f64, text: &str, enter: bool) -> (String, Vec<String>) {
        let (mut window, mut scans) = (String::new(), Vec::new());
        let mut at = t;
        let mut one = |reader: &mut ScanReader, at: f64, key: Key<'_>, shown: &str| {
            if let Some(r) = reader.tick(at) {
                window.push_str(&r);
            }
            let v = reader.key(at, key);
            window.push_str(&v.released);
            match v.action {
                Action::Pass => window.push_str(shown),
                Action::Scan(code) => scans.push(code),
                Action::Hold => {}
            }
        };
        for c in text.chars() {
            let s = c.to_string();
            one(reader, at, Key::Text(&s), &s);
            at += gap;
        }
        if enter {
            one(reader, at, Key::Enter, "⏎");
        }
        if let Some(r) = reader.tick(at + 1.0) {
            window.push_str(&r);
        }
        (window, scans)
    }

    #[test]
    fn a_fast_burst_ending_in_enter_is_a_scan_and_reaches_no_field() {
        let mut r = ScanReader::default();
        let (window, scans) = run(&mut r, 10.0, 0.008, "440300260305000123", true);
        assert_eq!(scans, ["440300260305000123"]);
        assert_eq!(window, "");
    }

    #[test]
    fn typing_reaches_the_field_whole_and_in_order() {
        let mut r = ScanReader::default();
        let (window, scans) = run(&mut r, 10.0, 0.12, "440300260305000123", true);
        assert!(scans.is_empty());
        assert_eq!(window, "440300260305000123⏎");
        // A short fast burst (a person's quick "ok" and Enter) is typing too.
        let (window, scans) = run(&mut r, 20.0, 0.01, "ok12", true);
        assert!(scans.is_empty());
        assert_eq!(window, "ok12⏎");
        // Chinese text and spaces are never held.
        let (window, scans) = run(&mut r, 30.0, 0.0, "张三 李四", false);
        assert!(scans.is_empty());
        assert_eq!(window, "张三 李四");
    }

    #[test]
    fn a_burst_without_enter_is_released_when_the_gap_passes() {
        let mut r = ScanReader::default();
        let (window, scans) = run(&mut r, 10.0, 0.005, "ABCDEFGHIJKL", false);
        assert!(scans.is_empty());
        assert_eq!(window, "ABCDEFGHIJKL");
        assert!(!r.holding());
    }

    #[test]
    fn a_pause_inside_a_burst_splits_it_into_typing() {
        let mut r = ScanReader::default();
        let mut window = String::new();
        for (i, c) in "ABCDE".chars().enumerate() {
            window.push_str(&r.key(1.0 + i as f64 * 0.005, Key::Text(&c.to_string())).released);
        }
        // 0.2 s later: the first five were a person's, the rest may still be a scan.
        for (i, c) in "FGHIJKLMNOP".chars().enumerate() {
            window.push_str(&r.key(1.2 + i as f64 * 0.005, Key::Text(&c.to_string())).released);
        }
        let v = r.key(1.2 + 11.0 * 0.005, Key::Enter);
        assert_eq!(window + &v.released, "ABCDE");
        assert_eq!(v.action, Action::Scan("FGHIJKLMNOP".into()));
    }

    #[test]
    fn any_sequence_keeps_every_character_once() {
        // Whatever arrives, each typed character reaches the window or a scan exactly once.
        let mut seed = 7_u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 8
        };
        let mut r = ScanReader::default();
        let (mut typed, mut out) = (String::new(), String::new());
        let mut at = 0.0;
        for _ in 0..5000 {
            at += f64::from(next() % 120) / 1000.0;
            if let Some(x) = r.tick(at) {
                out.push_str(&x);
            }
            let key = match next() % 10 {
                0 => Key::Enter,
                1 => Key::Other,
                2 => Key::Text("证"),
                _ => Key::Text(["A", "7", "x", "-"][(next() % 4) as usize]),
            };
            if let Key::Text(t) = key {
                typed.push_str(t);
            }
            let v = r.key(at, key.clone());
            out.push_str(&v.released);
            match (v.action, key) {
                (Action::Pass, Key::Text(t)) => out.push_str(t),
                (Action::Scan(code), _) => out.push_str(&code),
                _ => {}
            }
        }
        if let Some(x) = r.tick(at + 1.0) {
            out.push_str(&x);
        }
        assert_eq!(out, typed);
    }
}
