//! Every kind of input the counter meets: orientations 1–8, CMYK, 16-bit, grey, alpha, colour
//! profiles, HEIC, and each class of bad file — a clear message, never a panic.

use super::common::photos::{encode, huge_bmp, marker_image, with_exif_orientation};
use idphoto_studio::imaging::{DecodeError, load_photo};
use image::{DynamicImage, ImageFormat, imageops};

#[test]
fn exif_orientations_1_to_8_are_applied() {
    let original = marker_image();
    for orientation in 1u16..=8 {
        // Store the picture so that applying `orientation` gives the original back.
        let stored = match orientation {
            1 => original.clone(),
            2 => imageops::flip_horizontal(&original),
            3 => imageops::rotate180(&original),
            4 => imageops::flip_vertical(&original),
            5 => imageops::flip_horizontal(&imageops::rotate90(&original)),
            6 => imageops::rotate270(&original),
            7 => imageops::flip_vertical(&imageops::rotate90(&original)),
            _ => imageops::rotate90(&original),
        };
        let jpeg =
            with_exif_orientation(&encode(&DynamicImage::ImageRgb8(stored), ImageFormat::Jpeg), orientation);
        let photo = load_photo(&jpeg).unwrap();
        assert_eq!(photo.orientation, orientation as u8);
        assert_eq!(photo.image.dimensions(), (60, 40), "orientation {orientation}");
        let tl = photo.image.get_pixel(8, 6);
        let br = photo.image.get_pixel(52, 34);
        assert!(tl[0] > 150 && tl[2] < 100, "orientation {orientation}: top-left {tl:?}");
        assert!(br[2] > 150 && br[0] < 100, "orientation {orientation}: bottom-right {br:?}");
    }
}

#[test]
fn cmyk_jpeg_is_converted_to_rgb() {
    let (w, h) = (32u16, 16u16);
    // Left half no ink (white), right half full black ink.
    let mut data = Vec::new();
    for _y in 0..h {
        for x in 0..w {
            data.extend_from_slice(if x < 16 { &[0, 0, 0, 0] } else { &[0, 0, 0, 255] });
        }
    }
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 95).encode(&data, w, h, jpeg_encoder::ColorType::Cmyk).unwrap();
    let photo = load_photo(&jpeg).unwrap();
    assert_eq!(photo.image.dimensions(), (32, 16));
    let left = photo.image.get_pixel(4, 8);
    let right = photo.image.get_pixel(28, 8);
    assert!(left.0.iter().all(|&v| v > 200), "no ink is white: {left:?}");
    assert!(right.0.iter().all(|&v| v < 60), "full black ink is black: {right:?}");
}

#[test]
fn sixteen_bit_grey_and_alpha_are_handled() {
    let deep = image::ImageBuffer::<image::Rgb<u16>, _>::from_pixel(8, 8, image::Rgb([65535, 32768, 0]));
    let photo = load_photo(&encode(&DynamicImage::ImageRgb16(deep), ImageFormat::Png)).unwrap();
    assert!(photo.was_16_bit);
    assert_eq!(photo.image.get_pixel(0, 0).0, [255, 128, 0]);

    let grey = image::GrayImage::from_pixel(8, 8, image::Luma([77]));
    let photo = load_photo(&encode(&DynamicImage::ImageLuma8(grey), ImageFormat::Png)).unwrap();
    assert!(photo.was_grey);
    assert_eq!(photo.image.get_pixel(0, 0).0, [77, 77, 77]);

    let mut rgba = image::RgbaImage::from_pixel(8, 8, image::Rgba([0, 0, 0, 0]));
    rgba.put_pixel(0, 0, image::Rgba([10, 20, 30, 255]));
    let photo = load_photo(&encode(&DynamicImage::ImageRgba8(rgba), ImageFormat::Png)).unwrap();
    assert!(photo.had_alpha);
    assert_eq!(photo.image.get_pixel(4, 4).0, [255, 255, 255], "transparent becomes white, not black");
    assert_eq!(photo.image.get_pixel(0, 0).0, [10, 20, 30]);
}

fn png_with_profile(rgb: [u8; 3], profile: &[u8]) -> Vec<u8> {
    use image::ImageEncoder;
    let img = image::RgbImage::from_pixel(4, 4, image::Rgb(rgb));
    let mut out = Vec::new();
    let mut enc = image::codecs::png::PngEncoder::new(&mut out);
    enc.set_icc_profile(profile.to_vec()).unwrap();
    enc.write_image(img.as_raw(), 4, 4, image::ExtendedColorType::Rgb8).unwrap();
    out
}

#[test]
fn a_display_p3_profile_is_converted_and_srgb_is_left_alone() {
    let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let photo = load_photo(&png_with_profile([200, 100, 50], &p3)).unwrap();
    assert!(photo.converted_profile);
    let p = photo.image.get_pixel(0, 0).0;
    // P3 orange is more saturated than the same numbers in sRGB: red up, green and blue down.
    assert!(p[0] > 200 && p[1] < 100 && p[2] < 50, "{p:?}");

    let srgb = moxcms::ColorProfile::new_srgb().encode().unwrap();
    let photo = load_photo(&png_with_profile([200, 100, 50], &srgb)).unwrap();
    assert!(!photo.converted_profile);
    assert_eq!(photo.image.get_pixel(0, 0).0, [200, 100, 50]);
}

#[test]
fn bad_inputs_get_clear_messages() {
    let msg = |r: Result<idphoto_studio::imaging::SourcePhoto, DecodeError>| r.expect_err("must be refused");

    assert!(matches!(msg(load_photo(b"")), DecodeError::Empty));
    assert!(matches!(msg(load_photo(b"hello, this is a text file\n")), DecodeError::UnknownFormat));

    let heic = [&[0, 0, 0, 24][..], b"ftypheic", &[0; 12]].concat();
    let e = msg(load_photo(&heic));
    assert!(matches!(e, DecodeError::Heic));
    assert!(e.to_string().contains("JPEG"), "{e}");

    match msg(load_photo(&huge_bmp(20_000, 20_000))) {
        DecodeError::TooLarge { width, height, .. } => assert_eq!((width, height), (20_000, 20_000)),
        other => panic!("{other}"),
    }

    let jpeg = encode(&DynamicImage::ImageRgb8(marker_image()), ImageFormat::Jpeg);
    let mut corrupt = jpeg.clone();
    for b in corrupt.iter_mut().skip(200) {
        *b = 0xFF;
    }
    assert!(load_photo(&corrupt).is_err(), "corrupt JPEG refused");
    let truncated = &jpeg[..jpeg.len() / 3];
    assert!(matches!(msg(load_photo(truncated)), DecodeError::Corrupt(_)), "truncated JPEG refused");
    let png = encode(&DynamicImage::ImageRgb8(marker_image()), ImageFormat::Png);
    assert!(matches!(msg(load_photo(&png[..png.len() - 20])), DecodeError::Corrupt(_)));
    assert!(!DecodeError::Corrupt("x".into()).to_string().is_empty());
}
