//! Plan definitions: the model of the outline's action plans, loaded from `plans/*.toml` and linted.

mod model;

pub use model::*;
