//! QR codes as small inline SVG: one path of dark runs, drawn from the `fast_qr` crate's matrix.
//! Nothing from content reaches the SVG except through the encoded modules.

use fast_qr::{QRBuilder, ECL};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

/// The light margin the QR specification requires around the code, in modules.
pub const QUIET_ZONE: usize = 4;

/// Codes already drawn, once `remember_codes` has been called.
static REMEMBERED: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();

/// Makes `qr_svg` remember the codes it draws: for the dev server, which builds the same site
/// again and again (drawing 2,000 codes takes a noticeable part of a rebuild). A single build
/// does not need the memory.
pub fn remember_codes() {
    REMEMBERED.get_or_init(Mutex::default);
}

/// An SVG QR code for `text` (error correction M: survives a folded or smudged flyer).
/// The SVG is `aria-hidden`: the page prints the address it encodes next to it.
pub fn qr_svg(text: &str) -> Result<String, String> {
    let Some(remembered) = REMEMBERED.get() else {
        return draw(text);
    };
    if let Some(svg) = remembered
        .lock()
        .ok()
        .and_then(|codes| codes.get(text).cloned())
    {
        return Ok(svg);
    }
    let svg = draw(text)?;
    if let Ok(mut codes) = remembered.lock() {
        codes.insert(text.to_string(), svg.clone());
    }
    Ok(svg)
}

fn draw(text: &str) -> Result<String, String> {
    let code = QRBuilder::new(text)
        .ecl(ECL::M)
        .build()
        .map_err(|error| format!("cannot make a QR code for {text}: {error}"))?;
    let width = code.size;
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::new();
    for y in 0..width {
        let row = &code[y];
        let mut x = 0;
        while x < width {
            if !row[x].value() {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|module| module.value()).count();
            // Writing into a String cannot fail.
            let _ = write!(
                path,
                "M{},{}h{run}v1h-{run}z",
                x + QUIET_ZONE,
                y + QUIET_ZONE
            );
            x += run;
        }
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\" aria-hidden=\"true\" focusable=\"false\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}
