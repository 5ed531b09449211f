//! Keymap files from any text: errors or a keymap, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(errors) = parallax::tui::keymap::Keymap::parse(&text, "fuzz.toml") {
        for e in errors {
            let _ = e.to_string();
        }
    }
});
