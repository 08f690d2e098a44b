//! `devone FILE [URL]`: prints the extraction of one page (development aid).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).unwrap();
    let a = kg_extract::extract(&bytes, args.get(2).map(|s| s.as_str()), None);
    eprintln!("{}", kg_extract::debug_candidates(&bytes));
    let mut a2 = a.clone();
    a2.blocks.clear();
    println!("{}", serde_json::to_string_pretty(&a2).unwrap());
    for b in &a.blocks {
        println!("[{:?}] {}", b.kind, b.text);
    }
}
