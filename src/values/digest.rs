//! A file's SHA-256, the fingerprint the book cites its input files by.

use std::fmt::Write;

use sha2::Digest;

/// The SHA-256 of `bytes` as 64 lower-case hex digits, the form `sha256sum` prints, so that a
/// reader can check a cited file with the tools at hand.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_prints_as_sha256sum_does() {
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
