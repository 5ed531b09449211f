//! `parallax compare`: the groups of claims as a table, one row per group (contested
//! first), one column per document, each cell that document's wording with the values
//! in conflict picked out, the conflicts listed with the row.

use serde::Serialize;

use crate::corpus::Corpus;
use crate::model::Analysis;
use crate::model::groups::{Group, Status};

pub const SCHEMA: &str = "parallax.compare/1";

/// Groups in the order rows are shown: contested, then corroborated, then single; by
/// number of documents, then first appearance.
pub fn row_order(analysis: &Analysis) -> Vec<usize> {
    let docs_of = |g: &Group| {
        let mut d: Vec<usize> = g.claims.iter().map(|&c| analysis.claims[c].doc).collect();
        d.sort_unstable();
        d.dedup();
        d.len()
    };
    let mut order: Vec<usize> = (0..analysis.groups.len()).collect();
    order.sort_by_key(|&g| {
        let group = &analysis.groups[g];
        (group.status, std::cmp::Reverse(docs_of(group)), g)
    });
    order
}

/// One cell: a document's wording, with byte ranges (into `text`) of the values that
/// are in conflict.
pub struct Cell {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// The cell of document `doc` in group `g`: its claims' wording, joined.
pub fn cell(corpus: &Corpus, analysis: &Analysis, g: usize, doc: usize) -> Option<Cell> {
    let group = &analysis.groups[g];
    if !group.claims.iter().any(|&c| analysis.claims[c].doc == doc) {
        return None;
    }
    let in_conflict: Vec<(usize, usize, usize)> = group
        .conflicts
        .iter()
        .flat_map(|c| c.values.iter())
        .filter_map(|v| {
            let claim = &analysis.claims[v.claim];
            claim
                .values
                .iter()
                .find(|cv| {
                    corpus.documents[claim.doc].text[cv.start..cv.end]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        == v.text
                })
                .map(|cv| (v.claim, cv.start, cv.end))
        })
        .collect();
    let mut text = String::new();
    let mut highlights = Vec::new();
    for &c in group
        .claims
        .iter()
        .filter(|&&c| analysis.claims[c].doc == doc)
    {
        let claim = &analysis.claims[c];
        let source = &corpus.documents[doc].text;
        if !text.is_empty() {
            text.push_str(" / ");
        }
        let mut marks: Vec<(usize, usize)> = in_conflict
            .iter()
            .filter(|(cl, s, e)| *cl == c && *s >= claim.start && *e <= claim.end)
            .map(|(_, s, e)| (*s, *e))
            .collect();
        marks.sort_unstable();
        marks.dedup();
        // Copy the wording with white space collapsed, keeping mark positions.
        let mut pos = claim.start;
        for (s, e) in marks {
            if s < pos {
                continue;
            }
            push_collapsed(&mut text, &source[pos..s]);
            let start = text.len();
            push_collapsed(&mut text, &source[s..e]);
            highlights.push((start, text.len()));
            pos = e;
        }
        push_collapsed(&mut text, &source[pos..claim.end]);
    }
    (!text.is_empty()).then_some(Cell { text, highlights })
}

fn push_collapsed(out: &mut String, text: &str) {
    let mut space = out.ends_with(' ');
    for c in text.chars() {
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
}

fn conflict_lines(corpus: &Corpus, analysis: &Analysis, g: usize) -> Vec<String> {
    analysis.groups[g]
        .conflicts
        .iter()
        .map(|c| {
            let values: Vec<String> = c
                .values
                .iter()
                .map(|v| {
                    let doc = &corpus.documents[analysis.claims[v.claim].doc].id;
                    match &v.normalized {
                        Some(n) if *n != v.text => format!("{doc}: {} ({n})", v.text),
                        _ => format!("{doc}: {}", v.text),
                    }
                })
                .collect();
            let note = c
                .note
                .as_ref()
                .map(|n| format!(" [{n}]"))
                .unwrap_or_default();
            format!("{}: {}{note}", c.slot, values.join("; "))
        })
        .collect()
}

/// The documents that state group `g`, in corpus order.
fn group_docs(analysis: &Analysis, g: usize) -> Vec<usize> {
    let mut d: Vec<usize> = analysis.groups[g]
        .claims
        .iter()
        .map(|&c| analysis.claims[c].doc)
        .collect();
    d.sort_unstable();
    d.dedup();
    d
}

/// Above this many documents a column each is unreadable: the table and the brief
/// list, under each row, the documents that state it.
pub const MAX_DOCUMENT_COLUMNS: usize = 8;

fn docs_in(analysis: &Analysis, g: usize) -> usize {
    let mut d: Vec<usize> = analysis.groups[g]
        .claims
        .iter()
        .map(|&c| analysis.claims[c].doc)
        .collect();
    d.sort_unstable();
    d.dedup();
    d.len()
}

/// A Markdown brief: one real table, contested rows first; the conflicts in the last
/// column.
pub fn to_markdown(corpus: &Corpus, analysis: &Analysis) -> String {
    to_markdown_with(corpus, analysis, None)
}

/// The Markdown table with an extra last column (its heading, and its text per group).
pub type ExtraColumn<'a> = (&'a str, &'a dyn Fn(usize) -> String);

pub fn to_markdown_with(
    corpus: &Corpus,
    analysis: &Analysis,
    extra: Option<ExtraColumn>,
) -> String {
    let escape = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    let multi = row_order(analysis)
        .into_iter()
        .filter(|&g| analysis.groups[g].status != Status::Single)
        .count();
    out.push_str(&format!(
        "# Comparison of {} documents\n\n{} groups of claims, {} stated by more than one document; contested first.\n\n",
        corpus.documents.len(),
        analysis.groups.len(),
        multi
    ));
    let wide = corpus.documents.len() > MAX_DOCUMENT_COLUMNS;
    let columns: Vec<usize> = if wide {
        Vec::new()
    } else {
        (0..corpus.documents.len()).collect()
    };
    out.push_str("| # | Status | Claim |");
    if wide {
        out.push_str(" Documents |");
    }
    for &d in &columns {
        out.push_str(&format!(" {} |", escape(&corpus.documents[d].id)));
    }
    out.push_str(" Conflicts |");
    if let Some((heading, _)) = extra {
        out.push_str(&format!(" {} |", escape(heading)));
    }
    out.push_str("\n|---|---|---|");
    if wide {
        out.push_str("---|");
    }
    for _ in &columns {
        out.push_str("---|");
    }
    out.push_str("---|");
    if extra.is_some() {
        out.push_str("---|");
    }
    out.push('\n');
    for (row, g) in row_order(analysis).into_iter().enumerate() {
        let group = &analysis.groups[g];
        out.push_str(&format!(
            "| {} | **{}** | {} |",
            row + 1,
            group.status.name(),
            escape(&group.label)
        ));
        let marked = |c: Cell| {
            let mut t = String::new();
            let mut pos = 0;
            for (s, e) in &c.highlights {
                t.push_str(&escape(&c.text[pos..*s]));
                t.push_str(&format!("**{}**", escape(&c.text[*s..*e])));
                pos = *e;
            }
            t.push_str(&escape(&c.text[pos..]));
            t
        };
        if wide {
            let cells: Vec<String> = group_docs(analysis, g)
                .into_iter()
                .filter_map(|d| {
                    cell(corpus, analysis, g, d)
                        .map(|c| format!("{}: {}", escape(&corpus.documents[d].id), marked(c)))
                })
                .collect();
            out.push_str(&format!(" {} |", cells.join("<br>")));
        }
        for &d in &columns {
            let text = match cell(corpus, analysis, g, d) {
                Some(c) => marked(c),
                None => "—".to_string(),
            };
            out.push_str(&format!(" {text} |"));
        }
        let conflicts = conflict_lines(corpus, analysis, g);
        out.push_str(&format!(" {} |", escape(&conflicts.join("<br>"))));
        if let Some((_, text)) = extra {
            out.push_str(&format!(" {} |", escape(&text(g))));
        }
        out.push('\n');
    }
    out
}

/// Wraps text to `width` columns, breaking at spaces; longer words are cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let mut chars: Vec<char> = word.chars().collect();
        let current = lines.last().map_or(0, |l| l.chars().count());
        if current > 0 && current + 1 + chars.len() > width {
            lines.push(String::new());
        } else if current > 0
            && let Some(l) = lines.last_mut()
        {
            l.push(' ');
        }
        while chars.len() > width {
            let head: String = chars.drain(..width).collect();
            if let Some(l) = lines.last_mut() {
                l.push_str(&head);
            }
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            l.extend(chars);
        }
    }
    lines
}

/// For corpora too wide for a column per document: each row, then the wording of each
/// document that states it, then the conflicts.
fn to_list(corpus: &Corpus, analysis: &Analysis, width: usize, include_single: bool) -> String {
    let status_w = 13;
    let mut out = String::new();
    let mut shown = 0;
    for g in row_order(analysis) {
        let group = &analysis.groups[g];
        if group.status == Status::Single && !include_single {
            continue;
        }
        shown += 1;
        let docs = group_docs(analysis, g);
        let head = format!(
            "{:<status_w$}{} documents: {}",
            group.status.name().to_uppercase(),
            docs.len(),
            group.label
        );
        for line in wrap(&head, width) {
            out.push_str(&line);
            out.push('\n');
        }
        for d in docs {
            let Some(c) = cell(corpus, analysis, g, d) else {
                continue;
            };
            let mut t = String::new();
            let mut pos = 0;
            for (s, e) in &c.highlights {
                t.push_str(&c.text[pos..*s]);
                t.push('«');
                t.push_str(&c.text[*s..*e]);
                t.push('»');
                pos = *e;
            }
            t.push_str(&c.text[pos..]);
            let line = format!("{}: {t}", corpus.documents[d].id);
            for (k, part) in wrap(&line, width.saturating_sub(status_w + 2))
                .into_iter()
                .enumerate()
            {
                let indent = if k == 0 { status_w } else { status_w + 2 };
                out.push_str(&format!("{}{part}\n", " ".repeat(indent)));
            }
        }
        for line in conflict_lines(corpus, analysis, g) {
            for (k, part) in wrap(&format!("! {line}"), width.saturating_sub(status_w + 2))
                .into_iter()
                .enumerate()
            {
                let indent = if k == 0 { status_w } else { status_w + 2 };
                out.push_str(&format!("{}{part}\n", " ".repeat(indent)));
            }
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{shown} groups shown of {}, contested first ({} documents)\n",
        analysis.groups.len(),
        corpus.documents.len()
    ));
    out
}

/// A plain-text table for the terminal, `width` columns wide; conflicts under each row.
pub fn to_table(
    corpus: &Corpus,
    analysis: &Analysis,
    width: usize,
    include_single: bool,
) -> String {
    if corpus.documents.len() > MAX_DOCUMENT_COLUMNS {
        return to_list(corpus, analysis, width, include_single);
    }
    let docs = corpus.documents.len();
    let status_w = 13;
    let label_w = 30.min(width / 4);
    let doc_w = ((width.saturating_sub(status_w + label_w + 2)) / docs.max(1)).max(12) - 1;
    let mut out = String::new();
    let mut header = format!("{:<status_w$}{:<label_w$} ", "STATUS", "CLAIM");
    for d in &corpus.documents {
        let id: String = d.id.chars().take(doc_w).collect();
        header.push_str(&format!("{id:<doc_w$} "));
    }
    out.push_str(header.trim_end());
    out.push('\n');
    out.push_str(&"─".repeat(header.trim_end().chars().count()));
    out.push('\n');
    for g in row_order(analysis) {
        let group = &analysis.groups[g];
        if group.status == Status::Single && !include_single {
            continue;
        }
        let mut columns: Vec<Vec<String>> = vec![
            vec![group.status.name().to_uppercase()],
            wrap(&group.label, label_w.saturating_sub(1)),
        ];
        for d in 0..docs {
            let text = match cell(corpus, analysis, g, d) {
                Some(c) => {
                    let mut t = String::new();
                    let mut pos = 0;
                    for (s, e) in &c.highlights {
                        t.push_str(&c.text[pos..*s]);
                        t.push('«');
                        t.push_str(&c.text[*s..*e]);
                        t.push('»');
                        pos = *e;
                    }
                    t.push_str(&c.text[pos..]);
                    t
                }
                None => "—".to_string(),
            };
            columns.push(wrap(&text, doc_w));
        }
        let height = columns.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let mut row = String::new();
            for (k, col) in columns.iter().enumerate() {
                let w = match k {
                    0 => status_w,
                    1 => label_w,
                    _ => doc_w + 1,
                };
                let cell = col.get(line).map(String::as_str).unwrap_or("");
                let pad = w.saturating_sub(cell.chars().count());
                row.push_str(cell);
                row.push_str(&" ".repeat(pad));
            }
            out.push_str(row.trim_end());
            out.push('\n');
        }
        for line in conflict_lines(corpus, analysis, g) {
            for (k, part) in wrap(&format!("! {line}"), width.saturating_sub(status_w + 2))
                .into_iter()
                .enumerate()
            {
                let indent = if k == 0 { status_w } else { status_w + 2 };
                out.push_str(&format!("{}{part}\n", " ".repeat(indent)));
            }
        }
        out.push('\n');
    }
    let multi = analysis
        .groups
        .iter()
        .filter(|g| g.status != Status::Single)
        .count();
    out.push_str(&format!(
        "{} groups: {} contested, {} corroborated, {} single{}\n",
        analysis.groups.len(),
        analysis
            .groups
            .iter()
            .filter(|g| g.status == Status::Contested)
            .count(),
        analysis
            .groups
            .iter()
            .filter(|g| g.status == Status::Corroborated)
            .count(),
        analysis.groups.len() - multi,
        if include_single {
            ""
        } else {
            " (not shown; --all shows them)"
        }
    ));
    out
}

#[derive(Serialize)]
struct CellJson<'a> {
    doc: &'a str,
    claims: Vec<String>,
    text: String,
    /// Byte ranges of `text` holding the values in conflict.
    highlights: Vec<(usize, usize)>,
}

#[derive(Serialize)]
struct RowJson<'a> {
    group: String,
    status: &'static str,
    label: &'a str,
    documents: usize,
    cells: Vec<CellJson<'a>>,
    conflicts: Vec<String>,
}

#[derive(Serialize)]
struct CompareJson<'a> {
    schema: &'static str,
    documents: Vec<&'a str>,
    rows: Vec<RowJson<'a>>,
}

pub fn to_json(corpus: &Corpus, analysis: &Analysis) -> String {
    let rows = row_order(analysis)
        .into_iter()
        .map(|g| {
            let group = &analysis.groups[g];
            RowJson {
                group: format!("G{}", g + 1),
                status: group.status.name(),
                label: &group.label,
                documents: docs_in(analysis, g),
                cells: group_docs(analysis, g)
                    .into_iter()
                    .filter_map(|d| {
                        cell(corpus, analysis, g, d).map(|c| CellJson {
                            doc: &corpus.documents[d].id,
                            claims: group
                                .claims
                                .iter()
                                .filter(|&&x| analysis.claims[x].doc == d)
                                .map(|x| format!("C{}", x + 1))
                                .collect(),
                            text: c.text,
                            highlights: c.highlights,
                        })
                    })
                    .collect(),
                conflicts: conflict_lines(corpus, analysis, g),
            }
        })
        .collect();
    let out = CompareJson {
        schema: SCHEMA,
        documents: corpus.documents.iter().map(|d| d.id.as_str()).collect(),
        rows,
    };
    crate::export::json::pretty(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }
}
