//! Receipt PDF render time (placeholder while the receipt module is written).

use criterion::{Criterion, criterion_group, criterion_main};

fn receipt(_c: &mut Criterion) {}

criterion_group!(benches, receipt);
criterion_main!(benches);
