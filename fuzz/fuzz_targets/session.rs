//! Session files from any bytes: refused or read, never a panic; a session read is
//! saved back to the same value, and its anchors are placed in any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax::session::store;

fuzz_target!(|data: &[u8]| {
    let Ok(session) = store::from_bytes(data) else {
        return;
    };
    let again = store::from_bytes(&store::to_bytes(&session)).expect("a saved session reads back");
    assert_eq!(again, session);
    let text = String::from_utf8_lossy(data);
    let hash = parallax::session::anchor::content_hash(&text);
    for a in &session.annotations {
        if let Some(p) = a.anchor.place(&text, &hash) {
            assert!(p.start <= p.end && p.end <= text.len());
            let _ = &text[p.start..p.end];
        }
    }
});
