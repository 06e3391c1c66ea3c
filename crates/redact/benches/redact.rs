// placeholder until the redaction benchmark lands
fn main() {}
