//! Face analysis: detection, landmarks and person segmentation from the bundled MediaPipe models.
//!
//! Not built yet: the face-analysis issue fills this layer. Until then the program places crops by
//! hand or centred, and says so.
