//! The plan file and input folder a bench reads: the shipped sample, or the synthetic city
//! `HYOKA_BENCH_CITY` names (made by bench/scale.sh).

use std::path::{Path, PathBuf};

/// `(plan file, input folder)` of the city the benches time.
pub fn plan_and_input() -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match std::env::var_os("HYOKA_BENCH_CITY") {
        Some(city) => {
            let city = root.join(city);
            (city.join("plans.toml"), city.join("input"))
        }
        None => (root.join("plans/azumino-4th.toml"), root.join("input")),
    }
}
