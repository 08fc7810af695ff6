//! Base URLs and slugs: any text is parsed or refused, slugs are safe path segments, and links
//! stay under the base path.
#![no_main]
use equilibri::slug::{is_slug, slugify};
use equilibri::url::BaseUrl;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let slug = slugify(text);
    assert!(slug.is_empty() || is_slug(&slug));
    assert!(!slug.contains('.') && !slug.contains('/'));
    if let Ok(base) = BaseUrl::parse(text) {
        assert!(base.path().starts_with('/') && base.path().ends_with('/'));
        let link = base.root_relative(&slug);
        assert!(link.starts_with(base.path()));
        assert!(!link.split('/').any(|segment| segment == ".."));
    }
});
