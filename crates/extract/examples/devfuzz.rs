//! `devfuzz SECONDS FILE...`: feeds random mutations of the given pages to `extract` until the
//! time is up; a panic aborts the run (development robustness check, std only).
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let secs: u64 = args[1].parse().unwrap();
    let seeds: Vec<Vec<u8>> = args[2..]
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let tokens: &[&[u8]] = &[
        b"<",
        b">",
        b"</",
        b"<p>",
        b"</p>",
        b"<div class=\"article-body\">",
        b"</div>",
        b"<table><tr><td>",
        b"&",
        b"&#x",
        b";",
        b"<script>",
        b"</script>",
        b"<!--",
        b"-->",
        b"\"",
        b"'",
        b"=",
        b"\xc3",
        b"\xff",
        b"<li>",
        b"<pre>",
        b"25.12.2025, 14.17 Uhr",
        b"<meta charset=",
        b"<time datetime=\"",
        b"<h1>",
        b"{\"@type\":\"NewsArticle\",\"datePublished\":\"",
    ];
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(secs) {
        let mut page = seeds[(rnd() as usize) % seeds.len()].clone();
        for _ in 0..(1 + rnd() % 20) {
            if page.is_empty() {
                page.push(b'<');
            }
            let pos = (rnd() as usize) % page.len();
            match rnd() % 4 {
                0 => page[pos] = rnd() as u8,
                1 => {
                    let t = tokens[(rnd() as usize) % tokens.len()];
                    page.splice(pos..pos, t.iter().copied());
                }
                2 => {
                    let end = (pos + (rnd() as usize) % 200).min(page.len());
                    page.drain(pos..end);
                }
                _ => {
                    let end = (pos + (rnd() as usize) % 500).min(page.len());
                    let chunk: Vec<u8> = page[pos..end].to_vec();
                    let at = (rnd() as usize) % page.len();
                    page.splice(at..at, chunk);
                }
            }
        }
        let ct = if rnd() % 3 == 0 {
            Some("text/html; charset=iso-8859-1")
        } else {
            None
        };
        let a = kg_extract::extract(&page, Some("https://www.example.de/2025/01/02/a.html"), ct);
        let _ = a.text();
        n += 1;
    }
    eprintln!("{n} mutated pages, no panic");
}
