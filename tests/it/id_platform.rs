//! Our resident-ID check against the collection platform's own (`checkID` in its
//! `JS/checkidcard.js`, run under Node.js) on a corpus generated here: every province code 00–99,
//! birth dates from 1850 to 2030 (real and impossible), right and wrong check characters, lower-case
//! x, old 15-digit numbers, wrong lengths and letters, and numbers typed in full-width digits.
//!
//! Every disagreement must be one whose reason is known and where we are right: 83 (Taiwan
//! residents' residence permits, 2018, newer than the platform's list), 91 (the platform's own
//! 国外, no GB/T 2260 province), a birth date after today, or a birth year before 1880. Anything else
//! fails the test. Node.js is installed by `.ci/run`; elsewhere the test says why it skips.

use std::io::Write;
use std::process::{Command, Stdio};

use idphoto_studio::domain::id_number::{IdNumberError, id_check_char, validate_id_number};
use idphoto_studio::domain::typed_text::compact_code;
use sha2::Digest;

const ORACLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/platform/checkidcard.js");
const ORACLE_SHA256: &str = "74a233364c01dff97adde8b9baa6fbc05724017d3008d36b0886324a76d1124e";

/// A small deterministic generator (xorshift64*), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn with_check(first17: &str) -> String {
    format!("{first17}{}", id_check_char(first17).unwrap())
}

/// The corpus: (what the operator typed, what the platform is given).
fn corpus() -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::new();
    let body = |rng: &mut Rng, province: u64| {
        let year = 1850 + rng.below(181);
        let month = 1 + rng.below(13); // 13: an impossible month now and then
        let day = 1 + rng.below(31); // 29–31 do not exist in every month
        format!("{province:02}{:04}{year:04}{month:02}{day:02}{:03}", rng.below(10_000), rng.below(1000))
    };
    // Every province code, several times, with the right check character.
    for province in 0..100 {
        for _ in 0..8 {
            out.push(with_check(&body(&mut rng, province)));
        }
    }
    // Real provinces, real-looking dates: right, wrong and lower-case check characters.
    for _ in 0..600 {
        let province = [11, 31, 44, 45, 50, 51, 65, 71, 81, 82, 83][rng.below(11) as usize];
        let right = with_check(&body(&mut rng, province));
        let wrong_check = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'][rng.below(11) as usize];
        let wrong = format!("{}{wrong_check}", &right[..17]);
        out.push(right.to_lowercase());
        out.push(wrong);
    }
    // Old 15-digit numbers, wrong lengths, a letter inside.
    for _ in 0..200 {
        let b = body(&mut rng, 44);
        out.push(format!("{}{}", &b[..6], &b[8..17]));
        out.push(b.clone());
        out.push(format!("{b}12"));
        let mut letters: Vec<char> = with_check(&b).chars().collect();
        letters[rng.below(17) as usize] = 'A';
        out.push(letters.into_iter().collect());
    }
    // Typed in full-width mode, with an ideographic space.
    for _ in 0..200 {
        let id = with_check(&body(&mut rng, 44));
        let full: Vec<char> =
            id.chars().map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c)).collect();
        let (head, tail) = full.split_at(10);
        out.push(format!("{}\u{3000}{}", head.iter().collect::<String>(), tail.iter().collect::<String>()));
    }
    out
}

/// The known reasons we refuse what the platform accepts, or accept what it refuses.
fn explained(ours: &Result<String, IdNumberError>, platform_ok: bool, given: &str) -> Option<&'static str> {
    match (ours, platform_ok) {
        (Ok(_), false) if given.starts_with("83") => Some("83: Taiwan residents' residence permits (2018)"),
        (Err(IdNumberError::Province(p)), true) if p == "91" => {
            Some("91: the platform's 国外, not in GB/T 2260")
        }
        (Err(IdNumberError::FutureBirth(_)), true) => Some("birth date after today"),
        (Err(IdNumberError::BirthDate(d)), true)
            if d.get(..4).and_then(|y| y.parse::<u32>().ok()).is_some_and(|y| y < 1880) =>
        {
            Some("birth year before 1880")
        }
        _ => None,
    }
}

#[test]
fn our_id_check_agrees_with_the_platforms_on_a_generated_corpus() {
    if Command::new("node").arg("--version").output().is_err() {
        super::common::skip("`node` is not installed (Debian: nodejs; .ci/run installs it)");
        return;
    }
    let js = std::fs::read(ORACLE).unwrap();
    assert_eq!(
        format!("{:x}", sha2::Sha256::digest(&js)),
        ORACLE_SHA256,
        "the oracle is the platform's file, unchanged"
    );
    let typed = corpus();
    // The platform is given what our field hands on: the normalised text (full-width folded).
    let given: Vec<String> = typed.iter().map(|t| compact_code(t)).collect();
    let script = format!(
        "const fs = require('fs'); const vm = require('vm');\n\
         vm.runInThisContext(fs.readFileSync({ORACLE:?}, 'utf8').replace(/^\\uFEFF/, ''));\n\
         const input = JSON.parse(fs.readFileSync(0, 'utf8'));\n\
         process.stdout.write(JSON.stringify(input.map(s => {{ const r = checkID(s); return r === true ? 'ok' : String(r); }})));"
    );
    let mut child = Command::new("node")
        .args(["-e", &script])
        .env("TZ", "Asia/Shanghai") // a counter's browser in Guangdong
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(serde_json::to_string(&given).unwrap().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed");
    let verdicts: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdicts.len(), typed.len());

    let today = chrono::Local::now().date_naive();
    let (mut agree, mut accepted_by_both) = (0, 0);
    let mut known: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut unexplained = Vec::new();
    for ((t, g), v) in typed.iter().zip(&given).zip(&verdicts) {
        let ours = validate_id_number(t, today);
        let platform_ok = v == "ok";
        if ours.is_ok() == platform_ok {
            agree += 1;
            accepted_by_both += usize::from(platform_ok);
            if let Ok(id) = &ours {
                assert_eq!(id, &g.to_uppercase(), "ours hands on what the platform checked");
            }
        } else if let Some(reason) = explained(&ours, platform_ok, g) {
            *known.entry(reason).or_default() += 1;
        } else {
            unexplained.push(format!("{t:?}: ours {ours:?}, platform {v}"));
        }
    }
    println!(
        "ID differential: {} numbers, {agree} agree ({accepted_by_both} accepted by both), {} known disagreements {known:?}, {} unexplained",
        typed.len(),
        known.values().sum::<usize>(),
        unexplained.len()
    );
    assert!(typed.len() >= 2000, "corpus of {}", typed.len());
    assert!(accepted_by_both >= 300, "the corpus must hold real numbers too: {accepted_by_both}");
    assert!(unexplained.is_empty(), "{}", unexplained.join("\n"));
    for reason in [
        "83: Taiwan residents' residence permits (2018)",
        "91: the platform's 国外, not in GB/T 2260",
        "birth date after today",
    ] {
        assert!(known.contains_key(reason), "the corpus exercises {reason}");
    }
}

/// The two strings of the crash report, through the command line: refused with the field's message
/// (characters counted, not bytes), exit 1, never 101.
#[test]
fn the_crash_strings_are_refused_by_order_add() {
    let (_tmp, dir) = super::common::data_dir();
    for (id, says) in [("440103194910014\u{FF18}", "现在是 16 位"), ("4401031949100149é", "现在是 17 位")]
    {
        let out = Command::new(env!("CARGO_BIN_EXE_idphoto-studio"))
            .arg("--data-dir")
            .arg(dir.root())
            .args(["order", "add", "--spec", "gd-shenzhen-driving-licence", "--photo", "/nonexistent.jpg"])
            .args(["--name", "张三", "--id-number", id])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{id}: {stderr}");
        assert!(stderr.contains(says), "{id}: {stderr}");
    }
    // An old 15-digit number: refused, with its 18-digit form to confirm.
    let out = Command::new(env!("CARGO_BIN_EXE_idphoto-studio"))
        .arg("--data-dir")
        .arg(dir.root())
        .args(["order", "add", "--spec", "gd-shenzhen-driving-licence", "--photo", "/nonexistent.jpg"])
        .args(["--name", "张三", "--id-number", "440524800101001"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--id-number 440524198001010013"), "{stderr}");
}
