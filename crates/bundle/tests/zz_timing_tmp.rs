mod common;
use common::*;
use waystone_bundle::*;
#[test]
fn t() {
    let a = keys(); let b = keys();
    let bundle = create(&manifest(BundleKind::Case), &parts(150_000), &a, &[b.public()]).unwrap();
    let pinned=[pin("A",&a.public())];
    let t = std::time::Instant::now();
    for _ in 0..20 { open(&bundle, &b, &pinned).unwrap(); }
    eprintln!("open 150k: {:?}", t.elapsed()/20);
    let mut x = bundle.clone(); x[30] ^= 1;
    let t = std::time::Instant::now();
    for _ in 0..20 { let _ = open(&x, &b, &pinned); }
    eprintln!("hdr flip: {:?}", t.elapsed()/20);
    let t = std::time::Instant::now();
    for _ in 0..20 { let _ = UserKeys::generate(); }
    eprintln!("keygen: {:?}", t.elapsed()/20);
}
