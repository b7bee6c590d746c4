//! The bundled models, loaded with tract and run on `f32` NHWC tensors. They are MediaPipe's models
//! as ONNX (`assets/models/*.onnx`, the provenance), converted once to NNEF archives with their
//! input fixed (`scripts/nnef-convert`, which checks that both give the same outputs): the app then
//! needs only tract's NNEF reader, not its ONNX front end (docs/build.md).

use std::sync::Arc;

use tract_nnef::prelude::*;

use super::VisionError;

pub const SHORT_RANGE: &[u8] = include_bytes!("../../assets/models/nnef/face_detection_short_range.nnef.tar");
pub const FULL_RANGE: &[u8] = include_bytes!("../../assets/models/nnef/face_detection_full_range.nnef.tar");
pub const FACE_MESH: &[u8] = include_bytes!("../../assets/models/nnef/face_landmark.nnef.tar");
pub const IRIS: &[u8] = include_bytes!("../../assets/models/nnef/iris_landmark.nnef.tar");
pub const SELFIE: &[u8] = include_bytes!("../../assets/models/nnef/selfie_segmentation.nnef.tar");

/// A model ready to run on one square RGB input of `size`×`size`.
pub struct Model {
    plan: Arc<TypedRunnableModel>,
    pub size: usize,
}

impl Model {
    pub fn load(name: &str, bytes: &[u8], size: usize) -> Result<Model, VisionError> {
        let err = |e: TractError| VisionError::Model(format!("{name}: {e}"));
        let model = tract_nnef::nnef().model_for_read(&mut &*bytes).map_err(err)?;
        // Each archive was written with its input fixed (scripts/nnef-convert): another size is
        // refused, not reshaped.
        let expected = f32::fact([1, size, size, 3]);
        let input = model.input_fact(0).map_err(err)?;
        if *input != expected {
            return Err(VisionError::Model(format!("{name}: input {input:?}, expected {expected:?}")));
        }
        let plan = model.into_optimized().map_err(err)?.into_runnable().map_err(err)?;
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
