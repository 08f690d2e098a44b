//! `devkinddbg FILE [URL]`: the page's kind, what its kind's pruning removes and the chosen
//! main-text containers (development aid).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).unwrap();
    print!(
        "{}",
        kg_extract::debug_kind(&bytes, args.get(2).map(|s| s.as_str()))
    );
}
