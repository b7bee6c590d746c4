//! ONNX → NNEF for the bundled models: each model with its fixed input (1×size×size×3, NHWC),
//! decluttered, written as a tar; then loaded back the way the app loads it and run
//! beside the ONNX original on the same inputs: the outputs must agree.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};
use tract_onnx::prelude::*;

/// (file stem, input side), as `src/vision/mod.rs` loads them.
const MODELS: &[(&str, usize)] = &[
    ("face_detection_short_range", 128),
    ("face_detection_full_range", 192),
    ("face_landmark", 192),
    ("iris_landmark", 64),
    ("selfie_segmentation", 256),
];

fn main() -> Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/models");
    std::fs::create_dir_all(root.join("nnef"))?;
    for &(name, size) in MODELS {
        let onnx_path = root.join(format!("{name}.onnx"));
        let nnef_path = root.join("nnef").join(format!("{name}.nnef.tar"));
        let typed = tract_onnx::onnx()
            .model_for_path(&onnx_path)?
            .with_input_fact(0, f32::fact([1, size, size, 3]).into())?
            .into_typed()?
            .into_decluttered()?;
        let nnef = tract_nnef::nnef().with_onnx();
        let file = std::fs::File::create(&nnef_path)?;
        nnef.write_to_tar_with_config(&typed, file, false, true)?;
        let (worst, [onnx_ms, nnef_ms]) = compare(&onnx_path, &nnef_path, size)?;
        let bytes = std::fs::metadata(&nnef_path)?.len();
        println!(
            "{name}: {bytes} bytes, max |ONNX − NNEF| over 3 inputs {worst:.2e}; \
             loaded and optimised in {onnx_ms:.0} ms from ONNX, {nnef_ms:.0} ms from NNEF"
        );
        ensure!(worst <= 1e-4, "{name}: outputs differ by {worst}");
    }
    Ok(())
}

/// Runs the ONNX original (as the app used to load it) and the NNEF archive (as the app loads it
/// now) on three fixed inputs; the largest absolute difference over every output value, and the
/// time each took to load and optimise (ms).
fn compare(onnx_path: &Path, nnef_path: &Path, size: usize) -> Result<(f32, [f64; 2])> {
    let start = std::time::Instant::now();
    let from_onnx = tract_onnx::onnx()
        .model_for_path(onnx_path)?
        .with_input_fact(0, f32::fact([1, size, size, 3]).into())?
        .into_optimized()?
        .into_runnable()?;
    let onnx_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = std::time::Instant::now();
    // Exactly as src/vision/models.rs does: tract-core's operators only, no ONNX extension, so an
    // archive the app could not read fails here.
    let from_nnef = tract_nnef::nnef()
        .model_for_path(nnef_path)
        .context("loading the NNEF back")?
        .into_optimized()?
        .into_runnable()?;
    let nnef_ms = start.elapsed().as_secs_f64() * 1e3;
    let mut worst = 0f32;
    for seed in 0..3u32 {
        // A deterministic pattern in [0, 1): gradients and a hash, so no input is flat.
        let input: Vec<f32> = (0..size * size * 3)
            .map(|i| {
                let h = (i as u32).wrapping_mul(2_654_435_761).wrapping_add(seed.wrapping_mul(97)) >> 8;
                (h % 1000) as f32 / 1000.0 * 0.5 + (i % (size * 3)) as f32 / (size * 3) as f32 * 0.5
            })
            .collect();
        let tensor = Tensor::from_shape(&[1, size, size, 3], &input)?;
        let a = from_onnx.run(tvec!(tensor.clone().into()))?;
        let b = from_nnef.run(tvec!(tensor.into()))?;
        ensure!(a.len() == b.len(), "output count {} vs {}", a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            let (x, y) = (x.to_plain_array_view::<f32>()?, y.to_plain_array_view::<f32>()?);
            ensure!(x.shape() == y.shape(), "shape {:?} vs {:?}", x.shape(), y.shape());
            for (p, q) in x.iter().zip(y.iter()) {
                worst = worst.max((p - q).abs());
            }
        }
    }
    Ok((worst, [onnx_ms, nnef_ms]))
}
