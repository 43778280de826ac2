//! The error type of the fallible calls.

/// What can go wrong in the calls that can fail. [`crate::repair`] and [`crate::repair_str`]
/// never fail: they always return the best text they can make.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A charset hint (e.g. from an HTTP `Content-Type`) names no known encoding.
    #[error("unknown encoding label {0:?}")]
    UnknownEncoding(String),
    /// Reading the input or writing the output failed while streaming.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// Strict mode: the input is not UTF-8 and carries no BOM and no usable declaration, so its
    /// encoding could only have been guessed.
    #[error("the encoding is not declared and strict mode refuses to guess it")]
    Undetermined,
}
