//! `devtree FILE DEPTH`: prints the parsed element tree (development aid).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).unwrap();
    print!(
        "{}",
        kg_extract::debug_tree(&bytes, args[2].parse().unwrap())
    );
}
