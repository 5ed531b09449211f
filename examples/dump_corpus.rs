fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let corpus = parallax::corpus::load(&paths);
    for d in &corpus.documents {
        println!(
            "{} | {} | {:?} | {:?}",
            d.id,
            d.title,
            d.source,
            d.published.map(|d| d.to_string())
        );
        for l in &d.lines {
            if let Some(rule) = l.debris {
                println!(
                    "    debris {:>14}: {}",
                    rule.name(),
                    &d.text[l.range.clone()]
                );
            }
        }
    }
    for w in &corpus.warnings {
        println!("warning: {w}");
    }
}
