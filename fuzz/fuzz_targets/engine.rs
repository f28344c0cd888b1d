//! cargo-fuzz target: raw bytes → one or more files (see `case_from_fuzz_bytes`) → the
//! engine, checked by the same oracle as the mutation fuzzer and the corpus test.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fuzz_harness/mod.rs"]
mod fuzz_harness;

fuzz_target!(|data: &[u8]| {
    let case = fuzz_harness::case_from_fuzz_bytes(data);
    if let Err(e) = fuzz_harness::check(&case) {
        panic!("{e}");
    }
});
