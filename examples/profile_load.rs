use std::time::{Duration, Instant};
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let t = Instant::now();
    for f in &files {
        let _ = std::fs::canonicalize(f);
    }
    eprintln!("canonicalize {:?}", t.elapsed());
    let t = Instant::now();
    let bytes: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    eprintln!("read {:?}", t.elapsed());
    let texts: Vec<String> = bytes
        .iter()
        .map(|b| String::from_utf8(b.clone()).unwrap())
        .collect();
    let (mut lr, mut cl, mut fo, mut fd, mut ti) = (
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
    );
    let mut nlines = 0;
    for text in &texts {
        let t = Instant::now();
        let ranges = parallax::corpus::line_ranges(text);
        let lines: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        nlines += lines.len();
        lr += t.elapsed();
        let t = Instant::now();
        let rules = parallax::corpus::debris::classify_lines(&lines);
        cl += t.elapsed();
        let deb: Vec<bool> = rules.iter().map(|r| r.is_some()).collect();
        let t = Instant::now();
        let _ = parallax::corpus::meta::find_outlet(&lines, &deb);
        fo += t.elapsed();
        let t = Instant::now();
        let _ = parallax::corpus::meta::find_dateline(&lines);
        fd += t.elapsed();
        let t = Instant::now();
        let _ = lines
            .iter()
            .find(|l| !parallax::corpus::meta::clean_title(l).is_empty());
        ti += t.elapsed();
    }
    eprintln!(
        "{nlines} lines: line_ranges {lr:?} classify {cl:?} outlet {fo:?} dateline {fd:?} title {ti:?}"
    );
    let t = Instant::now();
    for (f, b) in files.iter().zip(bytes) {
        let _ = parallax::corpus::load_bytes(f, b);
    }
    eprintln!("load_bytes all {:?}", t.elapsed());
}
