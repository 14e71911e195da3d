// Labelled stub detector sample (Rust). Each function is preceded by its label.

// expect: stub r1
fn r1() -> u32 { todo!() }

// expect: stub r2
fn r2() { unimplemented!() }

// expect: stub r3
fn r3(x: u8) -> u8 { todo!("decode {x}") }

// expect: stub r4
fn r4() {}

impl Store {
    // expect: stub Store.r5
    fn r5(&self) -> Result<()> { unimplemented!("flush") }

    // expect: stub Store.r6
    pub fn r6(&mut self) {}
}

// expect: stub r7
fn r7() -> Vec<String> {
    // TODO: read the directory
    Vec::new()
}

// expect: stub r8
fn r8() -> bool {
    // FIXME: real check
    true
}

// expect: stub r9
fn r9() {
    panic!("not implemented")
}

// expect: stub r10
fn r10() -> Result<(), Error> {
    // TODO: upload
    Ok(())
}

// expect: stub r11
fn r11() {
    println!("placeholder: metrics exporter");
}

impl Exporter for Prom {
    // expect: stub Prom.r12
    fn r12(&self) { todo!() }
}

// expect: stub r13
async fn r13() -> u64 { todo!() }

// expect: stub r14
fn r14() -> Option<u32> {
    // TODO
    None
}

// expect: stub r15
fn r15() -> i64 {
    // TODO: compute
    0
}

// expect: stub r16
fn r16() -> String {
    // TODO
    String::new()
}

// expect: stub r17
fn r17() {
    eprintln!("not implemented yet");
}

// expect: stub r18
fn r18(_x: &str) -> Result<u8, E> {
    unimplemented!()
}

// expect: stub r19
fn r19() {
    // TODO: handle SIGHUP
}

// expect: stub r20
pub fn r20() -> usize { todo!() }

// expect: stub r21
fn r21() -> &'static str {
    // TODO: version from build
    "0.0.0"
}

// expect: stub r22
fn r22() {
    log::warn!("stub: no persistence");
}

trait Hook {
    // expect: ok Hook.q1
    fn q1(&self) {}
}

impl Drop for Guard {
    // expect: ok Guard.drop
    fn drop(&mut self) {}
}

// expect: ok q3
fn q3(x: u8) -> u8 {
    match x {
        0 => unreachable!(),
        n => n * 2,
    }
}

// expect: ok q4
fn q4() -> u32 { 42 }

// expect: ok q5
fn q5(x: Option<u8>) -> u8 {
    if x.is_none() {
        todo!("none case")
    }
    x.unwrap()
}

// expect: ok q6
fn q6() {
    // intentionally empty: the signal is handled by the runtime
}

// expect: ok main
fn main() {
    run();
}

impl Visitor for Counter {
    // expect: ok Counter.visit_expr
    fn visit_expr(&mut self) {}
}

// expect: ok q9
fn q9() -> Result<(), E> {
    // TODO: retry on EINTR
    let f = open()?;
    f.sync()
}

// expect: ok q10
fn q10() -> Vec<u8> { Vec::new() }

// expect: ok q11
fn q11() {
    println!("usage: placeholder values are {{name}}");
    print_help();
}

// expect: ok q12
fn q12(s: &str) -> bool { s.is_empty() }

struct NoopSink;
impl NoopSink {
    // expect: ok NoopSink.q13
    fn q13(&self) {}
}

// expect: ok q14
fn q14() -> Result<(), String> {
    Err("not supported on this platform".into())
}

// expect: ok noop
fn noop() {}

// expect: ok q16
fn q16() {
    let _ = std::fs::remove_file("x");
}

// expect: ok q17
fn q17() -> Option<u8> { None }

impl Default for Cfg {
    // expect: ok Cfg.default
    fn default() -> Self { Self {} }
}

// expect: ok q19
fn q19(v: &mut Vec<u8>) {
    v.clear();
}

// expect: ok q20
fn q20() -> &'static str {
    "todo list"
}

// expect: ok q21
fn q21(v: &[u8]) -> usize {
    v.iter().filter(|b| **b == 0).count()
}

// expect: ok q22
fn q22() {
    tracing::info!("started");
}
