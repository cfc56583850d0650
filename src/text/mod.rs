//! Text positions: byte offsets ↔ lines and columns in chars, UTF-16 or UTF-8 units;
//! character classes of Chinese text.

pub mod cjk;
mod line_index;
mod links;

pub use line_index::{LineIndex, PositionEncoding};
pub use links::links;
