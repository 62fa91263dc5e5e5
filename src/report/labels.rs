//! The words of every metric (labels, descriptions, units, direction):
//! they live beside the names, in [`crate::metrics::labels`].

pub use crate::metrics::labels::*;
