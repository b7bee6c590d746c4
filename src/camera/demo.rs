//! The demo camera: bundled public-domain portraits played as a gently moving stream, so a newcomer
//! without a camera sees the real flow.
//!
//! Each portrait is placed once on a studio backdrop a little larger than the frame; every frame is a
//! window into that scene that sways slowly, as a person in front of a camera does. The portraits
//! change every [`SCENE_SECONDS`]. Frames are a pure function of time ([`DemoCamera::frame_at`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use image::{RgbImage, imageops};

use super::{CameraError, CameraSource, Frame};
use crate::imaging::decode_rgb;

/// The bundled portraits (see `assets/demo/README.md`).
pub const DEMO_PORTRAITS: [(&str, &[u8]); 3] = [
    ("astronaut", include_bytes!("../../assets/demo/astronaut.png")),
    ("grace_hopper", include_bytes!("../../assets/demo/grace_hopper.jpg")),
    ("einstein", include_bytes!("../../assets/demo/einstein.jpg")),
];

pub const SCENE_SECONDS: f64 = 8.0;
const FPS: f64 = 30.0;
/// Backdrop around the frame that the sway moves over, in pixels.
const MARGIN: u32 = 40;
const BACKDROP: [u8; 3] = [196, 200, 204];

pub struct DemoCamera {
    width: u32,
    height: u32,
    scenes: Vec<RgbImage>,
    started: Instant,
    seq: u64,
}

impl DemoCamera {
    /// A demo stream of `width`×`height` frames. Decoding and scaling happen here, once.
    pub fn new(width: u32, height: u32) -> Result<DemoCamera, CameraError> {
        let scenes = DEMO_PORTRAITS
            .iter()
            .map(|(name, bytes)| {
                let portrait = decode_rgb(bytes)
                    .map_err(|e| CameraError::BadFrame(crate::domain::Words::same(format!("{name}: {e}"))))?;
                Ok(scene(&portrait, width + 2 * MARGIN, height + 2 * MARGIN))
            })
            .collect::<Result<Vec<_>, CameraError>>()?;
        Ok(DemoCamera { width, height, scenes, started: Instant::now(), seq: 0 })
    }

    /// The frame shown `t` seconds after start.
    pub fn frame_at(&self, t: f64, seq: u64) -> Frame {
        let index = (t / SCENE_SECONDS) as usize % self.scenes.len();
        let scene = &self.scenes[index];
        let m = f64::from(MARGIN);
        let dx = (m + 0.8 * m * (t * 0.9).sin()).round() as u32;
        let dy = (m + 0.5 * m * (t * 1.3).sin()).round() as u32;
        let mut rgba = Vec::with_capacity((self.width * self.height * 4) as usize);
        for y in dy..dy + self.height {
            let row = &scene.as_raw()[((y * scene.width() + dx) * 3) as usize
                ..((y * scene.width() + dx + self.width) * 3) as usize];
            for px in row.chunks_exact(3) {
                rgba.extend_from_slice(&[px[0], px[1], px[2], 255]);
            }
        }
        Frame { width: self.width, height: self.height, rgba: Arc::new(rgba), seq, origin: None }
    }
}

impl CameraSource for DemoCamera {
    fn name(&self) -> String {
        "demo".into()
    }

    /// Paced at 25 frames a second: never `Ok(None)`.
    fn next_frame(&mut self) -> Result<Option<Frame>, CameraError> {
        let due = self.started + Duration::from_secs_f64(self.seq as f64 / FPS);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let frame = self.frame_at(self.started.elapsed().as_secs_f64(), self.seq);
        self.seq += 1;
        Ok(Some(frame))
    }
}

/// The portrait scaled to the scene's height and centred on the backdrop.
fn scene(portrait: &RgbImage, width: u32, height: u32) -> RgbImage {
    let scale = f64::from(height) / f64::from(portrait.height());
    let w = ((f64::from(portrait.width()) * scale).round() as u32).min(width);
    let scaled = imageops::resize(portrait, w, height, imageops::FilterType::CatmullRom);
    let mut canvas = RgbImage::from_pixel(width, height, image::Rgb(BACKDROP));
    imageops::overlay(&mut canvas, &scaled, i64::from((width - w) / 2), 0);
    canvas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_have_the_size_asked_and_move_over_time() {
        let cam = DemoCamera::new(320, 240).unwrap();
        let a = cam.frame_at(0.0, 0);
        let b = cam.frame_at(1.0, 1);
        assert_eq!((a.width, a.height, a.rgba.len()), (320, 240, 320 * 240 * 4));
        assert_ne!(a.rgba, b.rgba, "the stream sways");
        // A later scene shows another portrait.
        let c = cam.frame_at(SCENE_SECONDS + 0.01, 2);
        let differing = a.rgba.iter().zip(c.rgba.iter()).filter(|(x, y)| x != y).count();
        assert!(differing > a.rgba.len() / 4, "scene changed: {differing}");
        assert!(a.rgba.chunks_exact(4).all(|p| p[3] == 255), "opaque");
    }
}
