//! Any bytes as a photo (what a phone, the hot folder or a customer's USB stick gives): sniffed,
//! decoded with size limits, EXIF-rotated, colour-converted. Must never panic or run out of memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(photo) = idphoto_studio::imaging::load_photo(data) {
        assert!(photo.image.width() > 0 && photo.image.height() > 0);
    }
});
