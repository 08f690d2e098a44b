//! Development aid: time decoding+parsing alone over a ground-truth file's pages.
use std::io::BufRead;
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let gt = std::path::Path::new(&args[1]);
    let dir = gt.parent().unwrap();
    let f = std::io::BufReader::new(std::fs::File::open(gt).unwrap());
    let (mut tp, mut te, mut td) = (0.0, 0.0, 0.0);
    let mut n = 0;
    for line in f.lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let bytes = std::fs::read(dir.join(v["html_file"].as_str().unwrap())).unwrap();
        let t0 = Instant::now();
        let s = kg_extract::charset::decode(&bytes, None);
        td += t0.elapsed().as_secs_f64();
        let t0 = Instant::now();
        let h = s.len();
        tp += t0.elapsed().as_secs_f64();
        let _ = h;
        let t0 = Instant::now();
        let _a = kg_extract::extract(&bytes, None, None);
        te += t0.elapsed().as_secs_f64();
        n += 1;
    }
    eprintln!("{n} pages: decode {td:.3}s parse {tp:.3}s full {te:.3}s");
}
