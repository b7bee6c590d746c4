//! Test photos: the bundled portraits, and crafted files for each kind of bad or unusual input.
#![allow(dead_code)]

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, RgbImage};

pub const FACES: [&str; 3] = ["astronaut.png", "grace_hopper.jpg", "einstein.jpg"];

pub fn face_bytes(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo").join(name)).unwrap()
}

pub fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A JPEG with an EXIF APP1 segment carrying `orientation`, inserted after SOI.
pub fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II\x2A\x00");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_le_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&0u16.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A 60×40 picture whose top-left quadrant is red and the rest blue.
pub fn marker_image() -> RgbImage {
    RgbImage::from_fn(60, 40, |x, y| {
        if x < 30 && y < 20 { image::Rgb([230, 20, 20]) } else { image::Rgb([20, 20, 230]) }
    })
}

/// A BMP header claiming `w`×`h` pixels with almost no data (a decompression bomb's shape).
pub fn huge_bmp(w: u32, h: u32) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(b"BM");
    b.extend_from_slice(&(54u32 + 16).to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&54u32.to_le_bytes());
    b.extend_from_slice(&40u32.to_le_bytes());
    b.extend_from_slice(&(w as i32).to_le_bytes());
    b.extend_from_slice(&(h as i32).to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&24u16.to_le_bytes());
    b.extend_from_slice(&[0; 24]);
    b.extend_from_slice(&[0; 16]);
    b
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name),
    )
    .unwrap()
}

/// einstein.pts: 68 points, 1-based, `x y` per line between braces.
pub fn einstein_truth() -> Vec<idphoto_studio::vision::Point> {
    fixture_text("einstein.pts")
        .lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace().map(str::parse::<f32>);
            match (it.next(), it.next()) {
                (Some(Ok(x)), Some(Ok(y))) => Some(idphoto_studio::vision::Point::new(x, y)),
                _ => None,
            }
        })
        .collect()
}

/// A hand-annotated `.truth` file: `name x y` per line, `#` comments.
pub fn hand_truth(name: &str) -> std::collections::HashMap<String, idphoto_studio::vision::Point> {
    fixture_text(name)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            let (key, x, y) = (it.next()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
            Some((key.to_owned(), idphoto_studio::vision::Point::new(x, y)))
        })
        .collect()
}
