//! USB webcams. On Linux through V4L2 with the pure-Rust `linuxvideo` crate (no libv4l, no system
//! package): MJPEG preferred (decoded by the `image` crate), else YUYV (converted here), at the
//! largest size up to [`MAX_SIZE`].
//!
//! Other systems are not supported yet (a follow-up can add `nokhwa` for Windows and macOS there):
//! [`list_webcams`] is empty and opening says so; the hot folder works everywhere.

use super::{CameraError, CameraSource, Frame};

/// The largest frame asked of a webcam: more only slows the stream and the live analysis.
pub const MAX_SIZE: [u32; 2] = [1920, 1080];

/// A webcam as the settings screen lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebcamInfo {
    /// What [`WebcamCamera::open`] takes (`/dev/video0`).
    pub path: String,
    /// The device's own name (`HD Pro Webcam C920`).
    pub name: String,
}

/// Converts YUYV 4:2:2 (`Y0 U Y1 V` for each pair of pixels, BT.601 video range, as webcams send it)
/// into opaque RGBA. `stride` is the bytes per source row (0: packed, `width * 2`). `None` if `data`
/// is too short for the size.
pub fn yuyv_to_rgba(data: &[u8], width: u32, height: u32, stride: usize) -> Option<Vec<u8>> {
    let (width, height) = (width as usize, height as usize);
    let row_bytes = width.div_ceil(2) * 4;
    let stride = if stride == 0 { width * 2 } else { stride };
    if stride < width * 2 {
        return None;
    }
    let mut rgba = Vec::with_capacity(width * height * 4);
    for y in 0..height {
        let row = data.get(y * stride..y * stride + row_bytes)?;
        for (pair, px) in row.chunks_exact(4).enumerate() {
            let (u, v) = (i32::from(px[1]) - 128, i32::from(px[3]) - 128);
            for (i, luma) in [px[0], px[2]].into_iter().enumerate() {
                if 2 * pair + i < width {
                    let c = 298 * (i32::from(luma) - 16) + 128;
                    let channel = |value: i32| (value >> 8).clamp(0, 255) as u8;
                    rgba.extend_from_slice(&[
                        channel(c + 409 * v),
                        channel(c - 100 * u - 208 * v),
                        channel(c + 516 * u),
                        255,
                    ]);
                }
            }
        }
    }
    Some(rgba)
}

/// The largest of `sizes` (by area) that fits inside `max`, else the smallest one.
fn best_size(sizes: &[[u32; 2]], max: [u32; 2]) -> Option<[u32; 2]> {
    let area = |s: &&[u32; 2]| u64::from(s[0]) * u64::from(s[1]);
    sizes
        .iter()
        .filter(|s| s[0] <= max[0] && s[1] <= max[1])
        .max_by_key(area)
        .or_else(|| sizes.iter().min_by_key(area))
        .copied()
}

#[cfg(target_os = "linux")]
pub use v4l2::{WebcamCamera, list_webcams};

#[cfg(target_os = "linux")]
mod v4l2 {
    use std::io::{self, Cursor};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use image::DynamicImage;
    use image::codecs::jpeg::JpegDecoder;
    use linuxvideo::format::{FrameSizes, PixFormat, PixelFormat};
    use linuxvideo::stream::ReadStream;
    use linuxvideo::{BufType, CapabilityFlags, Device};

    use super::{CameraError, CameraSource, Frame, MAX_SIZE, WebcamInfo, best_size, yuyv_to_rgba};

    /// How long `next_frame` waits for a frame before answering `Ok(None)`.
    const WAIT: Duration = Duration::from_millis(150);
    /// How often it looks while waiting.
    const CHECK: Duration = Duration::from_millis(4);
    /// Webcams often send a few broken frames (at start, on a busy USB bus): skipped quietly, and
    /// reported only when this many come in a row.
    const BAD_IN_A_ROW: u32 = 5;
    const ENODEV: i32 = 19;
    const EBUSY: i32 = 16;

    #[derive(Clone, Copy, Debug)]
    enum Encoding {
        Jpeg,
        Yuyv { stride: usize },
    }

    /// The formats we can decode, best first.
    fn encoding_rank(format: PixelFormat) -> Option<usize> {
        [PixelFormat::MJPG, PixelFormat::JPEG, PixelFormat::YUYV].iter().position(|f| *f == format)
    }

    fn capture_formats(device: &Device) -> Vec<PixelFormat> {
        device.formats(BufType::VIDEO_CAPTURE).filter_map(Result::ok).map(|f| f.pixel_format()).collect()
    }

    /// The video-capture devices that offer MJPEG or YUYV, by path. Empty when there are none or
    /// `/dev` cannot be read; devices that cannot be opened are left out.
    pub fn list_webcams() -> Vec<WebcamInfo> {
        let Ok(devices) = linuxvideo::list() else { return Vec::new() };
        let mut found: Vec<WebcamInfo> = devices
            .filter_map(Result::ok)
            .filter_map(|device| {
                let caps = device.capabilities().ok()?;
                if !caps.device_capabilities().contains(CapabilityFlags::VIDEO_CAPTURE)
                    || !capture_formats(&device).into_iter().any(|f| encoding_rank(f).is_some())
                {
                    return None;
                }
                let path = device.path().ok()?.to_string_lossy().into_owned();
                let name = caps.card().trim();
                Some(WebcamInfo { name: if name.is_empty() { path.clone() } else { name.to_owned() }, path })
            })
            .collect();
        found.sort_by(|a, b| (a.path.len(), &a.path).cmp(&(b.path.len(), &b.path)));
        found
    }

    pub struct WebcamCamera {
        device: String,
        name: String,
        stream: ReadStream,
        encoding: Encoding,
        width: u32,
        height: u32,
        seq: u64,
        bad_in_a_row: u32,
    }

    impl WebcamCamera {
        /// Opens `device` (`/dev/video0`) at the largest size up to [`MAX_SIZE`] and starts streaming.
        pub fn open(device: &str) -> Result<WebcamCamera, CameraError> {
            let dev = Device::open(device).map_err(|e| open_error(device, &e))?;
            let caps = dev.capabilities().map_err(|e| open_error(device, &e))?;
            let name = match caps.card().trim() {
                "" => device.to_owned(),
                card => card.to_owned(),
            };
            if !caps.device_capabilities().contains(CapabilityFlags::VIDEO_CAPTURE) {
                return Err(CameraError::Unavailable(format!("{device}（{name}）不是视频采集设备")));
            }
            let formats = capture_formats(&dev);
            let Some(format) = formats
                .iter()
                .copied()
                .filter(|f| encoding_rank(*f).is_some())
                .min_by_key(|f| encoding_rank(*f))
            else {
                let offered: Vec<String> = formats.iter().map(ToString::to_string).collect();
                return Err(CameraError::Unavailable(format!(
                    "{name}（{device}）只提供 {} 格式，本程序支持 MJPEG 和 YUYV",
                    offered.join("、")
                )));
            };
            let [width, height] = match dev.frame_sizes(format) {
                Ok(FrameSizes::Discrete(sizes)) => {
                    let sizes: Vec<[u32; 2]> = sizes.iter().map(|s| [s.width(), s.height()]).collect();
                    best_size(&sizes, MAX_SIZE).unwrap_or(MAX_SIZE)
                }
                Ok(FrameSizes::Stepwise(s) | FrameSizes::Continuous(s)) => {
                    [s.max_width().min(MAX_SIZE[0]), s.max_height().min(MAX_SIZE[1])]
                }
                // The driver picks the nearest size it has.
                Err(_) => MAX_SIZE,
            };
            let capture = dev
                .video_capture(PixFormat::new(width, height, format))
                .map_err(|e| open_error(device, &e))?;
            let chosen = capture.format();
            let encoding = match encoding_rank(chosen.pixel_format()) {
                Some(0 | 1) => Encoding::Jpeg,
                Some(_) => Encoding::Yuyv { stride: chosen.bytes_per_line() as usize },
                None => {
                    return Err(CameraError::Unavailable(format!(
                        "{name}（{device}）改用了不支持的格式 {}",
                        chosen.pixel_format()
                    )));
                }
            };
            let (width, height) = (chosen.width(), chosen.height());
            let stream = capture.into_stream().map_err(|e| open_error(device, &e))?;
            Ok(WebcamCamera {
                device: device.to_owned(),
                name,
                stream,
                encoding,
                width,
                height,
                seq: 0,
                bad_in_a_row: 0,
            })
        }

        /// An error while streaming: the camera was unplugged or stopped answering.
        fn lost(&self, e: &io::Error) -> CameraError {
            CameraError::Disconnected(if e.raw_os_error() == Some(ENODEV) {
                format!("摄像头 {}（{}）已拔出", self.name, self.device)
            } else {
                format!("摄像头 {}（{}）：{e}", self.name, self.device)
            })
        }

        fn decode(&self, data: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
            match self.encoding {
                Encoding::Jpeg => {
                    let decoder = JpegDecoder::new(Cursor::new(data)).map_err(|e| e.to_string())?;
                    let image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?.into_rgba8();
                    Ok((image.width(), image.height(), image.into_raw()))
                }
                Encoding::Yuyv { stride } => yuyv_to_rgba(data, self.width, self.height, stride)
                    .map(|rgba| (self.width, self.height, rgba))
                    .ok_or_else(|| format!("YUYV 帧太短（{} 字节）", data.len())),
            }
        }
    }

    fn open_error(device: &str, e: &io::Error) -> CameraError {
        match (e.kind(), e.raw_os_error()) {
            (io::ErrorKind::NotFound, _) | (_, Some(ENODEV)) => {
                CameraError::Disconnected(format!("找不到摄像头 {device}（未连接或已拔出）"))
            }
            (io::ErrorKind::PermissionDenied, _) => CameraError::Unavailable(format!(
                "没有权限打开摄像头 {device}（请把当前用户加入 video 组后重新登录）"
            )),
            (_, Some(EBUSY)) => CameraError::Unavailable(format!("摄像头 {device} 正被其他程序占用")),
            _ => CameraError::Unavailable(format!("摄像头 {device} 无法打开：{e}")),
        }
    }

    impl CameraSource for WebcamCamera {
        fn name(&self) -> String {
            self.name.clone()
        }

        fn next_frame(&mut self) -> Result<Option<Frame>, CameraError> {
            let deadline = Instant::now() + WAIT;
            while self.stream.will_block().map_err(|e| self.lost(&e))? {
                if Instant::now() >= deadline {
                    return Ok(None);
                }
                std::thread::sleep(CHECK);
            }
            let (data, flagged) =
                self.stream.dequeue(|buf| Ok((buf.to_vec(), buf.is_error()))).map_err(|e| self.lost(&e))?;
            let decoded =
                if flagged { Err("驱动标记此帧有错".to_owned()) } else { self.decode(&data) };
            match decoded {
                Ok((width, height, rgba)) => {
                    self.bad_in_a_row = 0;
                    let frame = Frame { width, height, rgba: Arc::new(rgba), seq: self.seq, origin: None };
                    self.seq += 1;
                    Ok(Some(frame))
                }
                Err(message) => {
                    self.bad_in_a_row += 1;
                    if self.bad_in_a_row < BAD_IN_A_ROW {
                        return Ok(None);
                    }
                    self.bad_in_a_row = 0;
                    let name = &self.name;
                    Err(CameraError::BadFrame(crate::words!(
                        "{name}：连续 {BAD_IN_A_ROW} 帧无法解码（{message}）",
                        "{name}: {BAD_IN_A_ROW} frames in a row could not be decoded ({message})"
                    )))
                }
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub use other::{WebcamCamera, list_webcams};

#[cfg(not(target_os = "linux"))]
mod other {
    use super::{CameraError, CameraSource, Frame, WebcamInfo};

    /// Webcams are not supported on this system yet: there are none to list.
    pub fn list_webcams() -> Vec<WebcamInfo> {
        Vec::new()
    }

    /// Cannot be made on this system.
    pub struct WebcamCamera {
        never: std::convert::Infallible,
    }

    impl WebcamCamera {
        pub fn open(device: &str) -> Result<WebcamCamera, CameraError> {
            Err(CameraError::Unavailable(format!(
                "本系统暂不支持直接连接摄像头（{device}）：请使用热文件夹或演示相机"
            )))
        }
    }

    impl CameraSource for WebcamCamera {
        fn name(&self) -> String {
            match self.never {}
        }

        fn next_frame(&mut self) -> Result<Option<Frame>, CameraError> {
            match self.never {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuyv_black_white_grey_and_red_convert_as_bt601_video_range() {
        // Two pixels per 4 bytes: black and white share neutral chroma; then a red pair.
        let data = [16, 128, 235, 128, 81, 90, 81, 240];
        let rgba = yuyv_to_rgba(&data, 4, 1, 0).unwrap();
        assert_eq!(&rgba[0..8], &[0, 0, 0, 255, 255, 255, 255, 255]);
        let red = &rgba[8..12];
        assert!(red[0] >= 250 && red[1] <= 5 && red[2] <= 5, "{red:?}");
        assert_eq!(&rgba[8..12], &rgba[12..16], "both pixels of a pair share chroma");
        let grey = yuyv_to_rgba(&[126, 128, 126, 128], 2, 1, 0).unwrap();
        assert_eq!(grey, [128, 128, 128, 255, 128, 128, 128, 255]);
    }

    #[test]
    fn yuyv_rows_honour_the_stride_and_short_buffers_are_refused() {
        // 2×2 with 4 padding bytes per row.
        let data = [16, 128, 16, 128, 9, 9, 9, 9, 235, 128, 235, 128, 9, 9, 9, 9];
        let rgba = yuyv_to_rgba(&data, 2, 2, 8).unwrap();
        assert_eq!(rgba.len(), 16);
        assert_eq!(&rgba[0..4], &[0, 0, 0, 255]);
        assert_eq!(&rgba[8..12], &[255, 255, 255, 255]);
        assert_eq!(yuyv_to_rgba(&data[..10], 2, 2, 8), None);
        assert_eq!(yuyv_to_rgba(&data, 2, 2, 2), None, "stride narrower than a row");
        // An odd width uses half of the last pair.
        assert_eq!(yuyv_to_rgba(&[16, 128, 235, 128], 1, 1, 0).unwrap(), [0, 0, 0, 255]);
    }

    #[test]
    fn the_largest_size_within_1080p_is_chosen() {
        let sizes = [[640, 480], [1920, 1080], [1280, 720], [3840, 2160], [2592, 1944]];
        assert_eq!(best_size(&sizes, MAX_SIZE), Some([1920, 1080]));
        assert_eq!(best_size(&[[3840, 2160], [2592, 1944]], MAX_SIZE), Some([2592, 1944]));
        assert_eq!(best_size(&[], MAX_SIZE), None);
    }

    #[test]
    fn listing_without_cameras_is_empty_and_a_missing_device_is_disconnected() {
        // This machine has no /dev/video*; on one that has, the list is simply longer.
        let listed = list_webcams();
        assert!(listed.iter().all(|w| !w.path.is_empty() && !w.name.is_empty()));
        match WebcamCamera::open("/dev/video-does-not-exist") {
            #[cfg(target_os = "linux")]
            Err(CameraError::Disconnected(message)) => assert!(message.contains("/dev/video-does-not-exist")),
            #[cfg(not(target_os = "linux"))]
            Err(CameraError::Unavailable(message)) => assert!(message.contains("热文件夹")),
            Err(other) => panic!("unexpected error: {other}"),
            Ok(_) => panic!("opened a device that does not exist"),
        }
    }
}
