//! Opening-hours ranges: any text parses or is refused, and what parses prints back the same.
#![no_main]
use equilibri::hours::parse_range;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(range) = parse_range(text) {
        assert!(range.start < range.end && range.end <= 1440);
        assert_eq!(parse_range(&range.to_hhmm()).unwrap(), range);
    }
});
