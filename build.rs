//! Embeds every `city_specs/**/*.toml` into the binary, so the app runs with its built-in specs
//! from any directory.

use std::path::{Path, PathBuf};

#[path = "src/spec_walk.rs"]
mod spec_walk;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("city_specs");
    println!("cargo:rerun-if-changed=city_specs");
    let files = spec_walk::toml_files(&root);
    let mut code = String::from(
        "/// Built-in spec files: (path under city_specs/, text).\npub const BUILTIN_SPECS: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file.strip_prefix(&root).unwrap_or(file).to_string_lossy().replace('\\', "/");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", file.display().to_string()));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_specs.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
