//! UI frame timing, shown in the status bar and printed with `--frame-stats`: frames per second,
//! new preview frames per second, and the time the UI thread spends building a frame.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(2);

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FrameSummary {
    /// Frames drawn per second.
    pub fps: f32,
    /// New camera frames shown per second.
    pub preview_fps: f32,
    /// Time spent in the app's own code per frame (median and 95th percentile), ms.
    pub build_p50_ms: f32,
    pub build_p95_ms: f32,
    /// Longest gap between two frames, ms.
    pub worst_gap_ms: f32,
}

#[derive(Default)]
pub struct FrameStats {
    window_start: Option<Instant>,
    last_frame: Option<Instant>,
    frames: u32,
    previews: u32,
    build_ms: Vec<f32>,
    worst_gap_ms: f32,
    pub summary: Option<FrameSummary>,
    /// Summaries kept for `--frame-stats` (printed as they come).
    pub history: VecDeque<FrameSummary>,
}

impl FrameStats {
    /// Called at the start of a frame; `new_preview` when it shows a new camera frame.
    pub fn frame_started(&mut self, now: Instant, new_preview: bool) {
        let start = *self.window_start.get_or_insert(now);
        if let Some(last) = self.last_frame {
            self.worst_gap_ms = self.worst_gap_ms.max((now - last).as_secs_f32() * 1000.0);
        }
        self.last_frame = Some(now);
        self.frames += 1;
        self.previews += u32::from(new_preview);
        let elapsed = now - start;
        if elapsed >= WINDOW {
            let secs = elapsed.as_secs_f32();
            self.build_ms.sort_by(f32::total_cmp);
            let at = |q: f32| {
                self.build_ms
                    .get(((self.build_ms.len() as f32 - 1.0) * q).round() as usize)
                    .copied()
                    .unwrap_or(0.0)
            };
            let summary = FrameSummary {
                fps: self.frames as f32 / secs,
                preview_fps: self.previews as f32 / secs,
                build_p50_ms: at(0.5),
                build_p95_ms: at(0.95),
                worst_gap_ms: self.worst_gap_ms,
            };
            self.summary = Some(summary);
            self.history.push_back(summary);
            if self.history.len() > 64 {
                self.history.pop_front();
            }
            *self = FrameStats {
                summary: self.summary,
                history: std::mem::take(&mut self.history),
                ..Default::default()
            };
            self.window_start = Some(now);
            self.last_frame = Some(now);
        }
    }

    /// Called at the end of a frame with the time it took to build.
    pub fn frame_built(&mut self, took: Duration) {
        self.build_ms.push(took.as_secs_f32() * 1000.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarises_every_two_seconds() {
        let mut s = FrameStats::default();
        let t0 = Instant::now();
        // 30 frames per second for 2 s, every other one with a new preview, 4 ms each, one 90 ms gap.
        for i in 0..=60u64 {
            let gap = if i >= 30 { 90 } else { 0 };
            s.frame_started(t0 + Duration::from_millis(i * 100 / 3 + gap), i % 2 == 0);
            s.frame_built(Duration::from_millis(if i == 10 { 20 } else { 4 }));
        }
        let sum = s.summary.expect("a summary after 2 s");
        assert!((28.0..31.0).contains(&sum.fps), "{sum:?}");
        assert!((14.0..16.0).contains(&sum.preview_fps), "{sum:?}");
        assert!((sum.build_p50_ms - 4.0).abs() < 0.01 && sum.build_p95_ms <= 20.0, "{sum:?}");
        assert!(sum.worst_gap_ms > 120.0, "{sum:?}");
    }
}
