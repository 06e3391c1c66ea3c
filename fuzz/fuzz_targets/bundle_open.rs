//! Bundles (crates/bundle): `open` with a fixed recipient and a pinned sender.
//! First byte 0: the input is the whole file (age header and payload). Otherwise the rest is
//! the inner archive, sealed to the recipient here, so the fuzzer works on what lies behind
//! the encryption: framing, manifest, signature, parts and limits.
//! The two key pairs are synthetic, made for these seeds only.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waystone_bundle::{open, testing, PinnedSender, UserKeys};

const RECIPIENT: &str = "5753554b014a4147452d5345435245542d4b45592d315650384346445a3534343646413745585138535633343543525a4b564a3658344c33575350455a4a4753395154415a36474c515353395241583768a19aeb308d4bf6f48652e17317d6e8ae994e2d0eea943d8eff98046e52fc18";
const SENDER: &str = "5753554b014a4147452d5345435245542d4b45592d315341394d58415948524e575645344734535035344e444a543752334d535553444741503534534e434a54364c5a5453544e48435147364854534624cd6e6216114077131df98b7efe310399e44427754b62519be6849d827d72ed";

fn keys(hex_text: &str) -> UserKeys {
    let bytes: Vec<u8> = (0..hex_text.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(&hex_text[i..i + 2], 16).ok())
        .collect();
    match UserKeys::from_secret_bytes(&bytes) {
        Ok(k) => k,
        Err(_) => std::process::abort(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let recipient = keys(RECIPIENT);
    let pinned = [PinnedSender {
        name: "synthetic sender".into(),
        keys: keys(SENDER).public(),
    }];
    if mode == 0 {
        let _ = open(rest, &recipient, &pinned);
    } else if let Ok(sealed) = testing::seal(rest, &[recipient.public()]) {
        let _ = open(&sealed, &recipient, &pinned);
    }
});
