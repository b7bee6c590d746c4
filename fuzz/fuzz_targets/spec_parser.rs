//! A studio's own spec file, any bytes: parsed, resolved against the built-in specs (`extends`),
//! validated. Must never panic, hang or allocate without bound; errors are fine.
#![no_main]

use std::sync::OnceLock;

use idphoto_studio::domain::{Catalogue, SpecFile};
use libfuzzer_sys::fuzz_target;

fn builtin() -> &'static [SpecFile] {
    static FILES: OnceLock<Vec<SpecFile>> = OnceLock::new();
    FILES.get_or_init(idphoto_studio::spec_files::builtin_files)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut files = builtin().to_vec();
    files.push(SpecFile { name: "fuzz.toml".into(), text: text.to_owned(), local: true });
    let catalogue = Catalogue::load(&files);
    for e in catalogue.errors() {
        let _ = e.to_string();
    }
});
