//! `parallax compare`: the groups of claims as a table, one row per group (contested
//! first), one column per document, each cell that document's wording with the values
//! in conflict picked out, the conflicts listed with the row.

use super::counted;
use std::collections::HashMap;

use serde::Serialize;

use crate::corpus::Corpus;
use crate::model::Analysis;
use crate::model::groups::Status;

pub const SCHEMA: &str = "parallax.compare/1";

/// Groups in the order rows are shown: contested, then corroborated, then single; by
/// number of documents, then first appearance.
pub fn row_order(analysis: &Analysis) -> Vec<usize> {
    let mut order: Vec<usize> = (0..analysis.groups.len()).collect();
    order.sort_by_cached_key(|&g| group_key(analysis, g));
    order
}

/// Where group `g` sorts among groups: status, then more documents, then first.
fn group_key(analysis: &Analysis, g: usize) -> (Status, std::cmp::Reverse<usize>, usize) {
    (
        analysis.groups[g].status,
        std::cmp::Reverse(analysis.group_documents(g).len()),
        g,
    )
}

/// Groups in the order `compare` shows them: under their event (events with a contested
/// group first, then by number of documents, then first appearance), and within an
/// event as [`row_order`] orders them.
pub fn rows_by_event(analysis: &Analysis) -> Vec<usize> {
    let event_key = |g: usize| {
        let e = analysis.groups[g].event;
        match analysis.events.get(e) {
            Some(event) => (event.status, std::cmp::Reverse(event.docs.len()), e),
            // An analysis without events (an older session's): every group its own.
            None => (Status::Single, std::cmp::Reverse(0), usize::MAX),
        }
    };
    let mut order: Vec<usize> = (0..analysis.groups.len()).collect();
    order.sort_by_cached_key(|&g| (event_key(g), group_key(analysis, g)));
    order
}

/// The event a row's group belongs to, when the analysis has events.
pub fn event_of_row(analysis: &Analysis, g: usize) -> Option<usize> {
    let e = analysis.groups.get(g)?.event;
    (e < analysis.events.len()).then_some(e)
}

/// An event's heading: "EVENT 3 · contested · 2024-01-09 · Seoul · 4 documents · 2
/// groups: LABEL".
pub fn event_heading(analysis: &Analysis, e: usize) -> String {
    let Some(event) = analysis.events.get(e) else {
        return String::new();
    };
    let mut parts = vec![format!("EVENT {}", e + 1), event.status.name().to_string()];
    if let Some(day) = event.day {
        parts.push(day.to_string());
    }
    if let Some(place) = event.place.and_then(|p| analysis.entities.get(p)) {
        parts.push(place.name.clone());
    }
    parts.push(counted(event.docs.len(), "document"));
    parts.push(counted(event.groups.len(), "group"));
    format!("{}: {}", parts.join(" · "), event.label)
}

/// One cell: a document's wording, with byte ranges (into `text`) of the values that
/// are in conflict.
pub struct Cell {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

impl Cell {
    /// The wording with each conflicting value between `open` and `close`; `escape`
    /// prepares the text for the output format.
    pub fn marked(&self, open: &str, close: &str, escape: &dyn Fn(&str) -> String) -> String {
        let mut t = String::new();
        let mut pos = 0;
        for (s, e) in &self.highlights {
            t.push_str(&escape(&self.text[pos..*s]));
            t.push_str(open);
            t.push_str(&escape(&self.text[*s..*e]));
            t.push_str(close);
            pos = *e;
        }
        t.push_str(&escape(&self.text[pos..]));
        t
    }
}

/// Text wrapped to `width`, its first line indented by `indent`, the rest by two more.
fn push_hanging(out: &mut String, text: &str, width: usize, indent: usize) {
    for (k, part) in wrap(text, width.saturating_sub(indent + 2))
        .into_iter()
        .enumerate()
    {
        let pad = if k == 0 { indent } else { indent + 2 };
        out.extend(std::iter::repeat_n(' ', pad));
        out.push_str(&part);
        out.push('\n');
    }
}

/// The cell of document `doc` in group `g`: its claims' wording, joined.
pub fn cell(corpus: &Corpus, analysis: &Analysis, g: usize, doc: usize) -> Option<Cell> {
    let group = &analysis.groups[g];
    let mut claims = group
        .claims
        .iter()
        .copied()
        .filter(|&c| analysis.claims[c].doc == doc)
        .peekable();
    claims.peek()?;
    cell_of(
        corpus,
        analysis,
        doc,
        claims,
        &conflict_marks(corpus, analysis, g),
    )
}

/// The cells of every document that states group `g`, in corpus order, each with the
/// claims it holds: one pass over the group, however many documents it spans.
pub fn cells<'a>(
    corpus: &Corpus,
    analysis: &'a Analysis,
    g: usize,
) -> Vec<(usize, &'a [usize], Cell)> {
    let marks = conflict_marks(corpus, analysis, g);
    let group = &analysis.groups[g];
    // A group's claims are in document order.
    group
        .claims
        .chunk_by(|&a, &b| analysis.claims[a].doc == analysis.claims[b].doc)
        .filter_map(|run| {
            let doc = analysis.claims[run[0]].doc;
            cell_of(corpus, analysis, doc, run.iter().copied(), &marks).map(|c| (doc, run, c))
        })
        .collect()
}

/// Byte ranges of the values in conflict, per claim.
fn conflict_marks(
    corpus: &Corpus,
    analysis: &Analysis,
    g: usize,
) -> HashMap<usize, Vec<(usize, usize)>> {
    let mut marks: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for v in analysis.groups[g]
        .conflicts
        .iter()
        .flat_map(|c| c.values.iter())
    {
        let claim = &analysis.claims[v.claim];
        let found = claim.values.iter().find(|cv| {
            corpus.documents[claim.doc].text[cv.start..cv.end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                == v.text
        });
        if let Some(cv) = found {
            if cv.start >= claim.start && cv.end <= claim.end {
                marks.entry(v.claim).or_default().push((cv.start, cv.end));
            }
        }
    }
    for list in marks.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    marks
}

/// One document's cell: the wording of its claims, joined, with marks kept.
fn cell_of(
    corpus: &Corpus,
    analysis: &Analysis,
    doc: usize,
    claims: impl Iterator<Item = usize>,
    marks: &HashMap<usize, Vec<(usize, usize)>>,
) -> Option<Cell> {
    let mut text = String::new();
    let mut highlights = Vec::new();
    let source = &corpus.documents[doc].text;
    // A line repeated in one article (a headline printed as title and as heading) is
    // shown once.
    let mut shown: Vec<&str> = Vec::new();
    for c in claims {
        let claim = &analysis.claims[c];
        let wording = source[claim.start..claim.end].trim();
        if shown.contains(&wording) {
            continue;
        }
        shown.push(wording);
        if !text.is_empty() {
            text.push_str(" / ");
        }
        // Copy the wording with white space collapsed, keeping mark positions.
        let mut pos = claim.start;
        for &(s, e) in marks.get(&c).map_or(&[][..], Vec::as_slice) {
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

/// Above this many documents a column each is unreadable: the table and the brief
/// list, under each row, the documents that state it.
pub const MAX_DOCUMENT_COLUMNS: usize = 8;

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
    let multi = rows_by_event(analysis)
        .into_iter()
        .filter(|&g| analysis.groups[g].status != Status::Single)
        .count();
    out.push_str(&format!(
        "# Comparison of {}\n\n{} of claims, {} stated by more than one document; contested first.\n\n",
        counted(corpus.documents.len(), "document"),
        counted(analysis.groups.len(), "group"),
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
    let rows = rows_by_event(analysis);
    for (row, &g) in rows.iter().enumerate() {
        let group = &analysis.groups[g];
        if let Some(e) = new_event(analysis, &rows, row) {
            let cells = columns.len() + 1 + usize::from(wide) + usize::from(extra.is_some());
            out.push_str(&format!(
                "| | | **{}** |{}\n",
                escape(&event_heading(analysis, e)),
                " |".repeat(cells)
            ));
        }
        out.push_str(&format!(
            "| {} | **{}** | {} |",
            row + 1,
            group.status.name(),
            escape(&group.label)
        ));
        let marked = |c: Cell| c.marked("**", "**", &escape);
        if wide {
            let listed: Vec<String> = cells(corpus, analysis, g)
                .into_iter()
                .map(|(d, _, c)| format!("{}: {}", escape(&corpus.documents[d].id), marked(c)))
                .collect();
            out.push_str(&format!(" {} |", listed.join("<br>")));
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
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Characters in `line`, kept as it grows rather than counted again for each word.
    let mut current = 0;
    for word in text.split_whitespace() {
        let mut rest = word;
        let mut chars = rest.chars().count();
        if current > 0 && current + 1 + chars > width {
            lines.push(std::mem::take(&mut line));
            current = 0;
        } else if current > 0 {
            line.push(' ');
            current += 1;
        }
        // A word longer than a line is cut every `width` characters.
        while chars > width {
            let at = rest
                .char_indices()
                .nth(width)
                .map_or(rest.len(), |(at, _)| at);
            line.push_str(&rest[..at]);
            lines.push(std::mem::take(&mut line));
            rest = &rest[at..];
            chars -= width;
            current = 0;
        }
        line.push_str(rest);
        current += chars;
    }
    lines.push(line);
    lines
}

/// For corpora too wide for a column per document: each row, then the wording of each
/// document that states it, then the conflicts.
fn to_list(corpus: &Corpus, analysis: &Analysis, width: usize, include_single: bool) -> String {
    use rayon::prelude::*;
    let status_w = 13;
    let rows: Vec<usize> = rows_by_event(analysis)
        .into_iter()
        .filter(|&g| include_single || analysis.groups[g].status != Status::Single)
        .collect();
    let shown = rows.len();
    // Each group's lines on their own, in parallel (a corpus of ten thousand articles
    // lists tens of megabytes), then joined in order.
    let parts: Vec<String> = rows
        .par_iter()
        .enumerate()
        .with_min_len(64)
        .map(|(k, &g)| {
            let entry = list_entry(corpus, analysis, g, width, status_w);
            match new_event(analysis, &rows, k) {
                Some(e) => {
                    let mut out = String::new();
                    push_wrapped(&mut out, &event_heading(analysis, e), width);
                    out.push('\n');
                    out + &entry
                }
                None => entry,
            }
        })
        .collect();
    let mut out = String::with_capacity(parts.iter().map(String::len).sum::<usize>() + 128);
    for part in &parts {
        out.push_str(part);
    }
    out.push_str(&format!(
        "{} shown of {}, contested first ({})\n",
        counted(shown, "group"),
        analysis.groups.len(),
        counted(corpus.documents.len(), "document")
    ));
    out
}

/// Appends `text` wrapped to `width`, a line each.
fn push_wrapped(out: &mut String, text: &str, width: usize) {
    for line in wrap(text, width) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// The event that row `k` of `rows` opens: its group's, when the row before is of
/// another event.
fn new_event(analysis: &Analysis, rows: &[usize], k: usize) -> Option<usize> {
    let e = event_of_row(analysis, rows[k])?;
    let before = k
        .checked_sub(1)
        .and_then(|j| event_of_row(analysis, rows[j]));
    (before != Some(e)).then_some(e)
}

/// One group of the list: its status and label, each document's wording, conflicts.
fn list_entry(
    corpus: &Corpus,
    analysis: &Analysis,
    g: usize,
    width: usize,
    status_w: usize,
) -> String {
    let mut out = String::new();
    {
        let group = &analysis.groups[g];
        let docs = analysis.group_documents(g);
        let head = format!(
            "{:<status_w$}{}: {}",
            group.status.name().to_uppercase(),
            counted(docs.len(), "document"),
            group.label
        );
        push_wrapped(&mut out, &head, width);
        for (d, _, c) in cells(corpus, analysis, g) {
            let line = format!(
                "{}: {}",
                corpus.documents[d].id,
                c.marked("«", "»", &|t| t.to_string())
            );
            push_hanging(&mut out, &line, width, status_w);
        }
        for line in conflict_lines(corpus, analysis, g) {
            push_hanging(&mut out, &format!("! {line}"), width, status_w);
        }
        out.push('\n');
    }
    out
}

/// The comparison folded: each event's heading, then how many of its groups are
/// contested, corroborated and single. Without `include_single`, events of single groups
/// only are left out, as their rows are from the table.
pub fn to_outline(
    corpus: &Corpus,
    analysis: &Analysis,
    width: usize,
    include_single: bool,
) -> String {
    let mut out = String::new();
    let mut shown = 0;
    let rows = rows_by_event(analysis);
    for k in 0..rows.len() {
        let Some(e) = new_event(analysis, &rows, k) else {
            continue;
        };
        let event = &analysis.events[e];
        if !include_single && event.status == Status::Single {
            continue;
        }
        shown += 1;
        push_wrapped(&mut out, &event_heading(analysis, e), width);
        let statuses = [Status::Contested, Status::Corroborated, Status::Single];
        let counts: Vec<String> = statuses
            .iter()
            .filter_map(|&s| {
                let n = event
                    .groups
                    .iter()
                    .filter(|&&g| analysis.groups[g].status == s)
                    .count();
                (n > 0).then(|| format!("{n} {}", s.name()))
            })
            .collect();
        push_hanging(
            &mut out,
            &format!(
                "{} · {}",
                counts.join(" · "),
                counted(event.claims.len(), "claim")
            ),
            width,
            2,
        );
    }
    if analysis.events.is_empty() {
        out.push_str("no events: the analysis holds none\n");
    }
    out.push_str(&format!(
        "{} shown of {} ({}, {}){}\n",
        counted(shown, "event"),
        analysis.events.len(),
        counted(analysis.groups.len(), "group"),
        counted(corpus.documents.len(), "document"),
        if include_single || shown == analysis.events.len() {
            ""
        } else {
            "; --all shows the single ones"
        }
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
    let rows: Vec<usize> = rows_by_event(analysis)
        .into_iter()
        .filter(|&g| include_single || analysis.groups[g].status != Status::Single)
        .collect();
    for (k, &g) in rows.iter().enumerate() {
        let group = &analysis.groups[g];
        if let Some(e) = new_event(analysis, &rows, k) {
            push_wrapped(&mut out, &event_heading(analysis, e), width);
        }
        let mut columns: Vec<Vec<String>> = vec![
            vec![group.status.name().to_uppercase()],
            wrap(&group.label, label_w.saturating_sub(1)),
        ];
        for d in 0..docs {
            let text = match cell(corpus, analysis, g, d) {
                Some(c) => c.marked("«", "»", &|t| t.to_string()),
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
            push_hanging(&mut out, &format!("! {line}"), width, status_w);
        }
        out.push('\n');
    }
    let multi = analysis
        .groups
        .iter()
        .filter(|g| g.status != Status::Single)
        .count();
    out.push_str(&format!(
        "{}: {} contested, {} corroborated, {} single{}\n",
        counted(analysis.groups.len(), "group"),
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
    /// The event the group tells of ("EV1"), as in `parallax.extract/1`.
    event: Option<String>,
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
    let rows = rows_by_event(analysis)
        .into_iter()
        .map(|g| {
            let group = &analysis.groups[g];
            RowJson {
                group: format!("G{}", g + 1),
                event: event_of_row(analysis, g).map(|e| format!("EV{}", e + 1)),
                status: group.status.name(),
                label: &group.label,
                documents: analysis.group_documents(g).len(),
                cells: cells(corpus, analysis, g)
                    .into_iter()
                    .map(|(d, run, c)| CellJson {
                        doc: &corpus.documents[d].id,
                        claims: run.iter().map(|x| format!("C{}", x + 1)).collect(),
                        text: c.text,
                        highlights: c.highlights,
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
        assert_eq!(wrap("ab abcdefgh x", 4), ["ab", "abcd", "efgh", "x"]);
        assert_eq!(wrap("éééé ü «ab»", 4), ["éééé", "ü", "«ab»"]);
        assert_eq!(wrap("", 4), [""]);
        assert_eq!(wrap("  ", 0), [""]);
        assert_eq!(wrap("abc", 0), ["a", "b", "c"]);
    }
}
