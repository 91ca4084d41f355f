#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| netbook::fuzz::run("bash", data));
