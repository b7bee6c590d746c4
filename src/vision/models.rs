//! The bundled ONNX models, loaded with tract and run on `f32` NHWC tensors.

use std::sync::Arc;

use tract_onnx::prelude::*;

use super::VisionError;

pub const SHORT_RANGE: &[u8] = include_bytes!("../../assets/models/face_detection_short_range.onnx");
pub const FULL_RANGE: &[u8] = include_bytes!("../../assets/models/face_detection_full_range.onnx");
pub const FACE_MESH: &[u8] = include_bytes!("../../assets/models/face_landmark.onnx");
pub const IRIS: &[u8] = include_bytes!("../../assets/models/iris_landmark.onnx");
pub const SELFIE: &[u8] = include_bytes!("../../assets/models/selfie_segmentation.onnx");

/// A model ready to run on one square RGB input of `size`×`size`.
pub struct Model {
    plan: Arc<TypedRunnableModel>,
    pub size: usize,
}

impl Model {
    pub fn load(name: &str, bytes: &[u8], size: usize) -> Result<Model, VisionError> {
        let err = |e: TractError| VisionError::Model(format!("{name}: {e}"));
        let plan = tract_onnx::onnx()
            .model_for_read(&mut &*bytes)
            .map_err(err)?
            .with_input_fact(0, f32::fact([1, size, size, 3]).into())
            .map_err(err)?
            .into_optimized()
            .map_err(err)?
            .into_runnable()
            .map_err(err)?;
        Ok(Model { plan, size })
    }

    /// Runs on `input` (NHWC, `size`²×3 values) and returns each output flattened.
    pub fn run(&self, input: Vec<f32>) -> Result<Vec<Vec<f32>>, VisionError> {
        let err = |e: TractError| VisionError::Model(e.to_string());
        let tensor = Tensor::from_shape(&[1, self.size, self.size, 3], &input).map_err(err)?;
        let outputs = self.plan.run(tvec!(tensor.into())).map_err(err)?;
        outputs
            .iter()
            .map(|o| o.to_plain_array_view::<f32>().map(|v| v.iter().copied().collect()).map_err(err))
            .collect()
    }
}
