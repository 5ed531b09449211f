//! Loading files into documents: formats, titles, dates, outlets and debris.
//!
//! A document's `text` is what every byte offset in Parallax indexes. For `.txt` and
//! `.md` it is the file's content verbatim; for HTML the extracted text; for JSON and
//! JSONL the object's `text` field.

pub mod debris;
pub mod html;
pub mod meta;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::Date;
pub use debris::DebrisRule;

/// Files larger than this are refused: an article is kilobytes, and a multi-megabyte
/// "article" is almost always a mistake (a dump, a binary).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// How many leading bytes are inspected to tell a binary file from text.
const BINARY_SNIFF_BYTES: usize = 8192;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
    JsonLines,
}

impl Format {
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" => Format::Html,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            _ => return None,
        })
    }
}

/// One line of a document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineInfo {
    /// Byte range of the line's content, without its terminator.
    pub range: Range<usize>,
    /// Why the line is debris, if it is.
    pub debris: Option<DebrisRule>,
}

/// One article.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Unique within the corpus: the file name without extension (for JSONL, the
    /// object's `id` or the file name plus line number).
    pub id: String,
    pub path: PathBuf,
    pub format: Format,
    pub title: String,
    /// The outlet, where metadata or the text names it.
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<Date>,
    pub text: String,
    pub lines: Vec<LineInfo>,
}

impl Document {
    /// Builds a document from its text, filling in what metadata does not give.
    pub fn new(id: String, path: PathBuf, format: Format, text: String, given: Metadata) -> Self {
        let line_ranges = line_ranges(&text);
        let line_strs: Vec<&str> = line_ranges.iter().map(|r| &text[r.clone()]).collect();
        let mut rules = debris::classify_lines(&line_strs);
        if format == Format::Markdown {
            mark_front_matter(&line_strs, &mut rules);
        }
        let is_debris: Vec<bool> = rules.iter().map(Option::is_some).collect();
        let front = if format == Format::Markdown {
            front_matter(&line_strs)
        } else {
            Metadata::default()
        };
        // A given title may clean to nothing ("###"): then the text's first line is used.
        let title = given
            .title
            .or(front.title)
            .map(|t| meta::clean_title(&t))
            .filter(|t| !t.is_empty())
            .or_else(|| {
                line_strs
                    .iter()
                    .zip(&rules)
                    .find(|(l, r)| r.is_none() && !meta::clean_title(l).is_empty())
                    .map(|(l, _)| meta::clean_title(l))
            })
            .unwrap_or_else(|| id.clone());
        let source = given
            .source
            .or(front.source)
            .or_else(|| meta::find_outlet(&line_strs, &is_debris));
        let published = given
            .published
            .or(front.published)
            .or_else(|| meta::find_dateline(&line_strs));
        let lines = line_ranges
            .into_iter()
            .zip(rules)
            .map(|(range, debris)| LineInfo { range, debris })
            .collect();
        Document {
            id,
            path,
            format,
            title,
            source,
            url: given.url.or(front.url),
            published,
            text,
            lines,
        }
    }

    pub fn is_debris_at(&self, offset: usize) -> bool {
        let idx = self.lines.partition_point(|l| l.range.end < offset);
        self.lines
            .get(idx)
            .is_some_and(|l| l.range.contains(&offset) && l.debris.is_some())
    }

    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Metadata given with a document (JSON fields, HTML head) rather than found in it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<Date>,
}

/// Byte ranges of the lines of `text`, without their terminators: `\n`, `\r\n`, or a
/// lone `\r` (old Mac files). The terminators are ASCII, so every range starts and ends
/// on a character boundary.
pub fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let terminator = match bytes[i] {
            b'\n' => 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
            b'\r' => 1,
            _ => {
                i += 1;
                continue;
            }
        };
        ranges.push(start..i);
        i += terminator;
        start = i;
    }
    if start < bytes.len() {
        ranges.push(start..bytes.len());
    }
    ranges
}

/// Markdown front matter: `---` lines around `key: value` pairs at the very top.
fn front_matter_end(lines: &[&str]) -> Option<usize> {
    // A byte order mark is not white space to `trim`.
    if lines
        .first()
        .map(|l| l.trim_start_matches('\u{feff}').trim())
        != Some("---")
    {
        return None;
    }
    lines
        .iter()
        .enumerate()
        .skip(1)
        .take(50)
        .find(|(_, l)| l.trim() == "---")
        .map(|(i, _)| i)
}

fn front_matter(lines: &[&str]) -> Metadata {
    let mut m = Metadata::default();
    let Some(end) = front_matter_end(lines) else {
        return m;
    };
    // `front_matter_end` finds `end` after the first line, inside `lines`.
    for line in &lines[1..end] {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim().to_string();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => m.title = Some(value),
            "source" | "outlet" | "publisher" | "site" => m.source = Some(value),
            "url" | "link" => m.url = Some(value),
            "date" | "published" => m.published = Date::parse_iso(&value),
            _ => {}
        }
    }
    m
}

/// Front matter is metadata, not article text: dimmed like debris.
fn mark_front_matter(lines: &[&str], rules: &mut [Option<DebrisRule>]) {
    if let Some(end) = front_matter_end(lines) {
        for rule in rules.iter_mut().take(end + 1) {
            *rule = Some(DebrisRule::Navigation);
        }
    }
}

/// Something that did not load, or loaded with a caveat. Shown to the user, never fatal
/// to the rest of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// The documents of a corpus, in a stable order (by path, then position in the file).
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub warnings: Vec<Warning>,
}

impl Corpus {
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }
}

/// Loads every supported file under `paths` (files, or directories read recursively).
/// Files that cannot be read become warnings; the rest loads.
pub fn load(paths: &[PathBuf]) -> Corpus {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        collect_files(path, true, &mut files, &mut warnings, &mut HashSet::new());
    }
    let mut documents = Vec::new();
    let mut seen_files = HashSet::new();
    // Each path is made canonical in parallel (a system call per file, which one thread
    // would make ten thousand times while the other core waits); the first path to each
    // file is kept, in order.
    use rayon::prelude::*;
    let keys: Vec<PathBuf> = files
        .par_iter()
        .map(|file| std::fs::canonicalize(file).unwrap_or_else(|_| file.clone()))
        .collect();
    let mut keys = keys.into_iter();
    files.retain(|_| keys.next().is_some_and(|key| seen_files.insert(key)));
    // Files are read and laid out in parallel; the results are taken in order.
    let loaded: Vec<_> = files.par_iter().map(|file| load_file(file)).collect();
    for (file, result) in files.iter().zip(loaded) {
        match result {
            Ok((docs, mut file_warnings)) => {
                documents.extend(docs);
                warnings.append(&mut file_warnings);
            }
            Err(message) => warnings.push(Warning {
                path: file.clone(),
                message,
            }),
        }
    }
    assign_unique_ids(&mut documents);
    Corpus {
        documents,
        warnings,
    }
}

fn collect_files(
    path: &Path,
    explicit: bool,
    files: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
    visited_dirs: &mut HashSet<PathBuf>,
) {
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(err) => {
            let message = if err.kind() == std::io::ErrorKind::NotFound {
                if path.symlink_metadata().is_ok() {
                    "broken symbolic link".to_string()
                } else {
                    "no such file or directory".to_string()
                }
            } else {
                describe_io_error(&err)
            };
            warnings.push(Warning {
                path: path.to_path_buf(),
                message,
            });
            return;
        }
    };
    if metadata.is_dir() {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !visited_dirs.insert(canonical) {
            warnings.push(Warning {
                path: path.to_path_buf(),
                message: "directory already visited (symbolic link loop?); skipped".into(),
            });
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(err) => {
                warnings.push(Warning {
                    path: path.to_path_buf(),
                    message: describe_io_error(&err),
                });
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            let hidden = child
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if !hidden {
                collect_files(&child, false, files, warnings, visited_dirs);
            }
        }
    } else if Format::from_path(path).is_some() {
        files.push(path.to_path_buf());
    } else if explicit {
        warnings.push(Warning {
            path: path.to_path_buf(),
            message: "unsupported file type (expected .txt, .md, .html, .htm, .json or .jsonl)"
                .into(),
        });
    }
}

fn describe_io_error(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        _ => err.to_string(),
    }
}

/// Reads a file's bytes: refuses huge files before reading them.
fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| describe_io_error(&e))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "file is {} MiB, over the {} MiB limit; skipped",
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    std::fs::read(path).map_err(|e| describe_io_error(&e))
}

/// A file's bytes as text: refuses binary files, decodes invalid UTF-8 with replacement
/// characters (and says so).
fn decode_text(path: &Path, bytes: Vec<u8>, warnings: &mut Vec<Warning>) -> Result<String, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "file is over the {} MiB limit; skipped",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    if looks_binary(&bytes) {
        return Err("binary file (not text); skipped".into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => {
            let valid_up_to = err.utf8_error().valid_up_to();
            warnings.push(Warning {
                path: path.to_path_buf(),
                message: format!(
                    "invalid UTF-8 (first at byte {valid_up_to}); decoded with replacement characters"
                ),
            });
            Ok(String::from_utf8_lossy(err.as_bytes()).into_owned())
        }
    }
}

/// A NUL byte in the first few kilobytes marks a binary file (as git and grep judge).
/// UTF-16 text also has NULs; it is reported as binary rather than shown as garbage.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(BINARY_SNIFF_BYTES).any(|b| *b == 0)
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into())
}

fn load_file(path: &Path) -> Result<(Vec<Document>, Vec<Warning>), String> {
    Format::from_path(path).ok_or("unsupported file type")?;
    load_bytes(path, read_bytes(path)?)
}

/// Documents from a file's bytes, read as the format its name says: what loading a
/// file does once the bytes are in memory (and what the fuzzer drives).
pub fn load_bytes(path: &Path, bytes: Vec<u8>) -> Result<(Vec<Document>, Vec<Warning>), String> {
    let mut warnings = Vec::new();
    let format = Format::from_path(path).ok_or("unsupported file type")?;
    let text = decode_text(path, bytes, &mut warnings)?;
    let stem = file_stem(path);
    let docs = match format {
        Format::Text | Format::Markdown => vec![Document::new(
            stem,
            path.to_path_buf(),
            format,
            text,
            Metadata::default(),
        )],
        Format::Html => {
            let page = html::extract(&text);
            let given = Metadata {
                title: page.title,
                source: page.site_name,
                url: page.url,
                published: page.published,
            };
            vec![Document::new(
                stem,
                path.to_path_buf(),
                format,
                page.text,
                given,
            )]
        }
        // A byte order mark is not JSON; the texts are the objects' fields, so dropping
        // it moves no offset.
        Format::Json => load_json(path, &stem, without_bom(&text), &mut warnings)?,
        Format::JsonLines => load_jsonl(path, &stem, without_bom(&text), &mut warnings)?,
    };
    Ok((docs, warnings))
}

/// A JSON article object. Unknown fields are ignored.
#[derive(Debug, Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    title: Option<String>,
    text: Option<String>,
    source: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

impl JsonArticle {
    fn into_document(self, id: String, path: &Path, format: Format) -> Result<Document, String> {
        let text = self.text.ok_or("object has no \"text\" field")?;
        let given = Metadata {
            title: self.title,
            source: self.source.filter(|s| !s.trim().is_empty()),
            url: self.url,
            published: self.published.as_deref().and_then(Date::parse_iso),
        };
        Ok(Document::new(id, path.to_path_buf(), format, text, given))
    }

    fn explicit_id(&self) -> Option<String> {
        match &self.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
    }
}

fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn load_json(
    path: &Path,
    stem: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Document>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    match value {
        // An item that is not an article (a field of the wrong type, no text) is
        // skipped with a warning, as a bad line of JSONL is; the others load.
        serde_json::Value::Array(items) => {
            let mut docs = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                let item_no = i + 1;
                let parsed = serde_json::from_value::<JsonArticle>(item)
                    .map_err(|e| format!("not an article object: {e}"))
                    .and_then(|article| {
                        let id = article
                            .explicit_id()
                            .unwrap_or_else(|| format!("{stem}:{item_no}"));
                        article.into_document(id, path, Format::Json)
                    });
                match parsed {
                    Ok(doc) => docs.push(doc),
                    Err(message) => warnings.push(Warning {
                        path: path.to_path_buf(),
                        message: format!("item {item_no}: {message}; skipped"),
                    }),
                }
            }
            Ok(docs)
        }
        // Parallax's own files (a session saved in the corpus folder, an export) are
        // not articles.
        serde_json::Value::Object(ref map)
            if map
                .get("schema")
                .and_then(|s| s.as_str())
                .is_some_and(|s| s.starts_with("parallax.")) =>
        {
            Ok(Vec::new())
        }
        serde_json::Value::Object(_) => {
            let article: JsonArticle =
                serde_json::from_value(value).map_err(|e| format!("not an article object: {e}"))?;
            let id = article.explicit_id().unwrap_or_else(|| stem.to_string());
            Ok(vec![article.into_document(id, path, Format::Json)?])
        }
        _ => Err("expected an article object or an array of them".into()),
    }
}

fn load_jsonl(
    path: &Path,
    stem: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Document>, String> {
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<JsonArticle>(line)
            .map_err(|e| format!("invalid JSON: {e}"))
            .and_then(|article| {
                let id = article
                    .explicit_id()
                    .unwrap_or_else(|| format!("{stem}:{line_no}"));
                article.into_document(id, path, Format::JsonLines)
            });
        match parsed {
            Ok(doc) => docs.push(doc),
            Err(message) => warnings.push(Warning {
                path: path.to_path_buf(),
                message: format!("line {line_no}: {message}; skipped"),
            }),
        }
    }
    Ok(docs)
}

/// Ids must be unique: a second "report" becomes "report~2".
fn assign_unique_ids(documents: &mut [Document]) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for doc in documents.iter_mut() {
        let n = counts.entry(doc.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            doc.id = format!("{}~{}", doc.id, n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, content).unwrap();
        path
    }

    #[test]
    fn text_file_is_verbatim_with_title_date_and_debris() {
        let dir = tempfile::tempdir().unwrap();
        let content = "WhatsApp Channel Join Now\n\nMinisters meet in the capital\n\nMar. 4, 2023 - 09:12 By Jane Roe\nThe ministers met on Tuesday.\r\n\nscroll to top";
        let path = write(dir.path(), "report.txt", content.as_bytes());
        let corpus = load(&[path]);
        assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
        let doc = &corpus.documents[0];
        assert_eq!(doc.id, "report");
        assert_eq!(doc.text, content);
        assert_eq!(doc.title, "Ministers meet in the capital");
        assert_eq!(doc.published, Date::new(2023, 3, 4));
        assert_eq!(doc.lines[0].debris, Some(DebrisRule::Social));
        assert_eq!(
            doc.lines.last().unwrap().debris,
            Some(DebrisRule::ScrollToTop)
        );
        // CRLF: the line range stops before "\r".
        let body = doc
            .lines
            .iter()
            .find(|l| doc.text[l.range.clone()].starts_with("The ministers"))
            .unwrap();
        assert!(doc.text[body.range.clone()].ends_with("Tuesday."));
        assert!(doc.is_debris_at(0));
        assert!(!doc.is_debris_at(body.range.start));
    }

    #[test]
    fn markdown_title_and_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let p1 = write(dir.path(), "a.md", b"# The headline\n\nBody text.\n");
        let p2 = write(
            dir.path(),
            "b.md",
            b"---\ntitle: \"Front title\"\nsource: Example Wire\ndate: 2023-07-01\n---\n# Other\n",
        );
        let corpus = load(&[p1, p2]);
        assert_eq!(corpus.documents[0].title, "The headline");
        let b = &corpus.documents[1];
        assert_eq!(b.title, "Front title");
        assert_eq!(b.source.as_deref(), Some("Example Wire"));
        assert_eq!(b.published, Date::new(2023, 7, 1));
        assert!(b.lines[0].debris.is_some());
    }

    #[test]
    fn html_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "page.htm",
            br#"<html><head><meta property="og:site_name" content="Wire"><title>T</title></head><body><h1>Big news</h1><p>It happened.</p></body></html>"#,
        );
        let corpus = load(&[p]);
        let doc = &corpus.documents[0];
        assert_eq!(doc.title, "Big news");
        assert_eq!(doc.source.as_deref(), Some("Wire"));
        assert_eq!(doc.format, Format::Html);
        assert!(doc.text.contains("It happened."));
    }

    #[test]
    fn json_object_array_and_jsonl() {
        let dir = tempfile::tempdir().unwrap();
        let one = write(
            dir.path(),
            "one.json",
            br#"{"title": "T1", "text": "Body one.", "source": "Wire", "published": "2022-11-08", "url": "https://example.org/1"}"#,
        );
        let many = write(
            dir.path(),
            "many.json",
            br#"[{"id": "x", "title": "T2", "text": "Two."}, {"title": "T3", "text": "Three."}]"#,
        );
        let lines = write(
            dir.path(),
            "feed.jsonl",
            b"{\"title\": \"L1\", \"text\": \"Line one.\"}\n\n{\"id\": 7, \"title\": \"L3\", \"text\": \"Line three.\"}\nnot json\n{\"title\": \"no text\"}\n",
        );
        let corpus = load(&[one, many, lines.clone()]);
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["one", "x", "many:2", "feed:1", "7"]);
        let one = &corpus.documents[0];
        assert_eq!(one.source.as_deref(), Some("Wire"));
        assert_eq!(one.published, Date::new(2022, 11, 8));
        assert_eq!(one.url.as_deref(), Some("https://example.org/1"));
        assert_eq!(corpus.warnings.len(), 2);
        assert!(
            corpus.warnings[0]
                .message
                .starts_with("line 4: invalid JSON")
        );
        assert!(
            corpus.warnings[1]
                .message
                .contains("line 5: object has no \"text\" field")
        );
        assert_eq!(corpus.warnings[0].path, lines);
    }

    #[test]
    fn directories_recursive_sorted_hidden_skipped() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.txt", b"B title\n");
        write(dir.path(), "sub/a.txt", b"A title\n");
        write(dir.path(), ".hidden.txt", b"Hidden\n");
        write(dir.path(), "notes.pdf", b"%PDF");
        write(dir.path(), "sub/deeper/b.md", b"Another b\n");
        write(
            dir.path(),
            "s.json",
            br#"{"schema": "parallax.session", "version": 1, "corpus": []}"#,
        );
        let corpus = load(&[dir.path().to_path_buf()]);
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "b~2"]);
        assert!(corpus.warnings.is_empty());
    }

    #[test]
    fn unreadable_inputs_are_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "good.txt", b"Fine\n");
        let binary = write(dir.path(), "bin.txt", b"\x00\x01\x02binary");
        let bad_utf8 = write(dir.path(), "latin.txt", b"Caf\xe9 au lait\n");
        let bad_json = write(dir.path(), "broken.json", b"{ not json");
        let odd = write(dir.path(), "x.pdf", b"%PDF");
        let missing = dir.path().join("missing.txt");
        let empty = write(dir.path(), "empty.txt", b"");
        let corpus = load(&[
            good,
            binary.clone(),
            bad_utf8.clone(),
            bad_json.clone(),
            odd,
            missing.clone(),
            empty,
        ]);
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["good", "latin", "empty"]);
        let messages: Vec<String> = corpus.warnings.iter().map(|w| w.to_string()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with(&binary.display().to_string()) && m.contains("binary file"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with(&bad_utf8.display().to_string())
                    && m.contains("invalid UTF-8"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with(&bad_json.display().to_string())
                    && m.contains("invalid JSON"))
        );
        assert!(messages.iter().any(|m| m.contains("unsupported file type")));
        assert!(
            messages.iter().any(
                |m| m.starts_with(&missing.display().to_string()) && m.contains("no such file")
            )
        );
        let latin = &corpus.documents[1];
        assert_eq!(latin.text, "Caf\u{FFFD} au lait\n");
        let empty = &corpus.documents[2];
        assert_eq!(empty.text, "");
        assert_eq!(empty.title, "empty");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", b"A\n");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let corpus = load(&[dir.path().to_path_buf()]);
        assert_eq!(corpus.documents.len(), 1);
        assert!(corpus.warnings.iter().any(|w| w.message.contains("loop")));
    }

    #[test]
    fn line_ranges_handle_crlf_and_no_final_newline() {
        assert_eq!(line_ranges("a\r\nbc\n\nd"), vec![0..1, 3..5, 6..6, 7..8]);
        assert_eq!(line_ranges(""), Vec::<Range<usize>>::new());
    }

    #[test]
    fn line_ranges_end_lines_at_a_lone_carriage_return() {
        assert_eq!(line_ranges("a\rb\r\nc\r"), vec![0..1, 2..3, 5..6]);
        assert_eq!(line_ranges("\r\r\n"), vec![0..0, 1..1]);
        assert_eq!(line_ranges("\r"), vec![0..0]);
        let doc = load_bytes(Path::new("mac.txt"), b"Old Mac title\rBody.\r".to_vec())
            .unwrap()
            .0
            .remove(0);
        assert_eq!(doc.title, "Old Mac title");
        assert_eq!(doc.lines.len(), 2);
    }

    /// Checks what every document must satisfy, whatever its input: line ranges in
    /// order, inside the text, on character boundaries; a title that is not empty and,
    /// for plain text, is the id or comes from the text.
    fn assert_sound(doc: &Document) {
        let mut previous_end = 0;
        for line in &doc.lines {
            let r = &line.range;
            assert!(previous_end <= r.start && r.start <= r.end, "{doc:?}");
            assert!(doc.text.get(r.clone()).is_some(), "{r:?} in {:?}", doc.text);
            previous_end = r.end;
        }
        assert!(!doc.title.trim().is_empty(), "{doc:?}");
        if matches!(doc.format, Format::Text | Format::Markdown) && doc.title != doc.id {
            let shown = doc.title.trim_end_matches('…');
            assert!(
                doc.text.contains(shown),
                "{:?} not in {:?}",
                doc.title,
                doc.text
            );
        }
    }

    /// Loads `bytes` as every format; none may panic, and what loads must be sound.
    fn load_as_every_format(bytes: &[u8]) {
        for name in ["a.txt", "a.md", "a.html", "a.json", "a.jsonl"] {
            if let Ok((docs, _)) = load_bytes(Path::new(name), bytes.to_vec()) {
                docs.iter().for_each(assert_sound);
            }
        }
    }

    #[test]
    fn hostile_inputs_load_soundly_in_every_format() {
        let inputs: &[&[u8]] = &[
            b"",
            b" ",
            b" \t\n \n",
            b"\n",
            b"\r",
            b"\r\n\r\n",
            b"x",
            b"\xef\xbb\xbf",
            b"\xef\xbb\xbfTitle after a byte order mark\nBody.",
            b"Caf\xe9\xff\xfe\n\xc3",
            b"\" , ( ) . ; : -- ...",
            b"@x @ x #tag \xf0\x9f\x98\x80 https://example.org/a 12 A",
            b"ALL CAPS LINE\nANOTHER ONE",
            b"| a | b |\n|---|---|\n| 1 | 2 |",
            b"- one\n- two\n* three",
            b"Share\nTweet\nEmail\nHome\nscroll to top",
            b"### \n#\n##",
            b"February 30, 2024\nMarch 0, 2023\n0 March 2023\n2023-13-01\n99999-01-01\n+123-01-01",
            b"Published:\n\nPublished: 9999-12-31T99",
            b"By \xc4\xb0\xc4\xb0, March 4, 2023",
            b"\xc2\xa9\xc4\xb0\xc4\xb0\xc4\xb0\xc4\xb0",
            b"Copyright (C) \xc8\xba\xc8\xba News.",
            b"Source:\xc4\xb0",
            b"Home \xc4\xb0\nHome \xe2\x80\xba x",
            b"---\ntitle: ###\n---",
            b"\xef\xbb\xbf---\ndate: 2023-02-30\n---\nBody",
            b"&#xFFFFFFFF;&#0;&#;&#x;&amp",
            b"<script>",
            b"<!-- never closed",
            b"<p",
            b"<p attr='x>text",
            b"<svg></object></object><svg><svg></svg>",
            b"<title>never closed",
            b"<h1></h1><h1>###</h1>",
            b"<meta content=\"\xc4\xb0\" name=\"og:title\">",
            b"{\"text\": 5}",
            b"{\"text\": \"x\", \"title\": [1]}",
            b"{\"id\": 1e400, \"text\": \"x\"}",
            b"{\"id\": 18446744073709551616, \"text\": \"x\"}",
            b"{\"id\": \"  \", \"text\": \"\", \"title\": \"###\"}",
            b"[1, {\"text\": \"ok\"}, null, {}]",
            b"\"just a string\"",
            b"null",
            b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            b"\n\n{\"text\": \"a\"}\n{broken\n\r\n{\"text\": \"b\"}",
        ];
        for input in inputs {
            load_as_every_format(input);
        }
        let long_line = "word ".repeat(50_000);
        load_as_every_format(long_line.as_bytes());
    }

    #[test]
    fn multibyte_characters_at_every_position_of_sliced_lines() {
        // Lines the loader slices by bytes: labels, datelines, bylines, copyright and
        // promotion lines, breadcrumbs, headings, front matter, tags and entities.
        let lines = [
            "Published: March 4, 2023",
            "By Jane Roe, Mar. 4, 2023 - 09:12",
            "Saturday, 2023-03-04 10:00",
            "4th March 2023",
            "Source: Example Wire",
            "Copyright (c) 2023 Example News. All rights reserved",
            "Big news! Examplenews24 is now on Telegram.",
            "Home > World > Ministers meet in the capital",
            "## A headline",
            "---",
            "<p a='1'>x&amp;y&#x41;</p>",
        ];
        for line in lines {
            let boundaries: Vec<usize> = line
                .char_indices()
                .map(|(i, _)| i)
                .chain([line.len()])
                .collect();
            for at in boundaries {
                for inserted in ["é", "İ", "Ⱥ", "😀", "\u{feff}", "\u{a0}", "©", "\r"] {
                    let text =
                        format!("{}{inserted}{}\nMinisters meet\n", &line[..at], &line[at..]);
                    load_as_every_format(text.as_bytes());
                }
            }
        }
    }

    #[test]
    fn byte_order_marks_do_not_hide_json_or_front_matter() {
        let (docs, warnings) = load_bytes(
            Path::new("bom.json"),
            b"\xef\xbb\xbf{\"title\": \"T\", \"text\": \"Body.\"}".to_vec(),
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(docs[0].title, "T");
        let (docs, warnings) = load_bytes(
            Path::new("bom.jsonl"),
            b"\xef\xbb\xbf{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n".to_vec(),
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(docs.len(), 2);
        let (docs, _) = load_bytes(
            Path::new("bom.md"),
            b"\xef\xbb\xbf---\ntitle: Front\n---\nBody.\n".to_vec(),
        )
        .unwrap();
        assert_eq!(docs[0].title, "Front");
        // The text stays the file's: offsets still index the bytes as read.
        assert!(docs[0].text.starts_with('\u{feff}'));
    }

    #[test]
    fn json_array_items_that_are_not_articles_are_skipped() {
        let (docs, warnings) = load_bytes(
            Path::new("many.json"),
            br#"[{"text": "One."}, {"text": 5}, 7, {"title": "no text"}, {"text": "Five."}]"#
                .to_vec(),
        )
        .unwrap();
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["many:1", "many:5"]);
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("item 2: not an article object"));
        assert!(messages[2].starts_with("item 4: object has no \"text\" field"));
        assert!(messages.iter().all(|m| m.ends_with("; skipped")));
    }

    #[test]
    fn titles_that_clean_to_nothing_fall_back() {
        let (docs, _) = load_bytes(
            Path::new("hashes.json"),
            b"{\"title\": \"###\", \"text\": \"Real headline\\nBody.\"}".to_vec(),
        )
        .unwrap();
        assert_eq!(docs[0].title, "Real headline");
        // Every line debris or empty once cleaned: the id.
        let (docs, _) = load_bytes(
            Path::new("debris.txt"),
            b"Share\n##\n***\nscroll to top\n".to_vec(),
        )
        .unwrap();
        assert_eq!(docs[0].title, "debris");
    }
}
