//! Reading a plan file: TOML syntax, then the model's shape, each problem with its line.
//!
//! serde stops at the first error, so a broken file is deserialized piece by piece (each
//! policy, focus area, plan and indicator on its own) and a piece's bad entry is dropped and
//! the piece read again; every problem thus gets its own diagnostic.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, ValueDeserializer};

use super::{FocusArea, GradingScale, Outline, Plan, PlanSet, Policy, Vocabulary};
use crate::diag::{Diagnostic, Source};

/// Byte offsets to 1-based line and column (in characters) of one source text.
pub(super) struct Locator<'a> {
    file: &'a str,
    source: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub(super) fn new(file: &'a str, source: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            file,
            source,
            line_starts,
        }
    }

    /// The place of a byte offset.
    pub(super) fn at(&self, offset: usize) -> Source {
        let offset = offset.min(self.source.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line.saturating_sub(1)];
        let column = self
            .source
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Source::line(self.file, line.max(1), column)
    }
}

/// Where each entry of the file is: TOML path (`plans[3].department`) → span of its key
/// (or, for array elements, of the element) and span of its value.
#[derive(Debug, Default)]
pub(super) struct SpanIndex {
    entries: BTreeMap<String, (Range<usize>, Range<usize>)>,
}

impl SpanIndex {
    pub(super) fn build(root: &DeTable<'_>) -> Self {
        let mut index = SpanIndex::default();
        index.table(root, "");
        index
    }

    fn table(&mut self, table: &DeTable<'_>, prefix: &str) {
        for (key, value) in table {
            let path = if prefix.is_empty() {
                key.get_ref().to_string()
            } else {
                format!("{prefix}.{}", key.get_ref())
            };
            self.entries
                .insert(path.clone(), (key.span(), value.span()));
            self.value(value, &path);
        }
    }

    fn value(&mut self, value: &Spanned<DeValue<'_>>, path: &str) {
        match value.get_ref() {
            DeValue::Table(table) => self.table(table, path),
            DeValue::Array(array) => {
                for (i, element) in array.iter().enumerate() {
                    let path = format!("{path}[{i}]");
                    self.entries
                        .insert(path.clone(), (element.span(), element.span()));
                    self.value(element, &path);
                }
            }
            _ => {}
        }
    }

    /// The start of the entry at `path`, or of its nearest recorded parent.
    pub(super) fn offset(&self, path: &str) -> usize {
        let mut path = path;
        loop {
            if let Some((key, _)) = self.entries.get(path) {
                return key.start;
            }
            match path.rfind(['.', '[']) {
                Some(i) => path = &path[..i],
                None => return 0,
            }
        }
    }

    /// The innermost entry under `prefix` whose value holds `span`.
    fn innermost(&self, prefix: &str, span: &Range<usize>) -> Option<&str> {
        self.entries
            .range(prefix.to_string()..)
            .take_while(|(path, _)| path.starts_with(prefix))
            .filter(|(_, (key, value))| covers(value, span) || covers(key, span))
            .min_by_key(|(path, (_, value))| (value.len(), std::cmp::Reverse(path.len())))
            .map(|(path, _)| path.as_str())
    }
}

fn covers(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && !outer.is_empty()
}

/// The model's parts as far as they could be read, with the problems found.
pub(super) struct Parts {
    pub outline: Option<Outline>,
    pub grading: Option<GradingScale>,
    /// Each with its index in the file's array.
    pub policies: Vec<(usize, Policy)>,
    pub focus_areas: Vec<(usize, FocusArea)>,
    pub plans: Vec<(usize, Plan)>,
    /// `[vocabulary]`, Azumino's words where absent.
    pub vocabulary: Option<Vocabulary>,
    /// Whether every piece was read (no shape errors).
    pub complete: bool,
}

impl Parts {
    /// The whole set, when every part was read.
    pub(super) fn into_set(self) -> Option<PlanSet> {
        if !self.complete {
            return None;
        }
        Some(PlanSet {
            outline: self.outline?,
            grading: self.grading?,
            policies: self.policies.into_iter().map(|(_, p)| p).collect(),
            focus_areas: self.focus_areas.into_iter().map(|(_, f)| f).collect(),
            plans: self.plans.into_iter().map(|(_, p)| p).collect(),
            other_outlines: Vec::new(),
            vocabulary: self.vocabulary?,
            source_file: None,
        })
    }
}

/// The result of reading: the parts, the span index and the problems.
pub(super) struct Read {
    pub parts: Parts,
    pub spans: SpanIndex,
    pub errors: Vec<Diagnostic>,
}

/// Reads TOML text into the model; `Err` with every syntax error when the TOML itself is broken.
pub(super) fn read(source: &str, locator: &Locator<'_>) -> Result<Read, Vec<Diagnostic>> {
    let (root, syntax) = DeTable::parse_recoverable(source);
    if !syntax.is_empty() {
        return Err(syntax.iter().map(|e| syntax_error(e, locator)).collect());
    }
    let spans = SpanIndex::build(root.get_ref());
    let mut reader = Reader {
        locator,
        spans: &spans,
        errors: Vec::new(),
    };

    // The common case: the whole file is well formed.
    let whole = PlanSet::deserialize_from(root.clone());
    let parts = match whole {
        Ok(set) => Parts {
            outline: Some(set.outline),
            grading: Some(set.grading),
            policies: set.policies.into_iter().enumerate().collect(),
            focus_areas: set.focus_areas.into_iter().enumerate().collect(),
            plans: set.plans.into_iter().enumerate().collect(),
            vocabulary: Some(set.vocabulary),
            complete: true,
        },
        Err(whole_error) => {
            let mut parts = reader.parts(&root);
            if reader.errors.is_empty() {
                // The pieces read but the whole did not: report serde's own finding.
                reader.serde_error(&whole_error, "", None);
            }
            parts.complete = false;
            parts
        }
    };
    let errors = reader.errors;
    Ok(Read {
        parts,
        spans,
        errors,
    })
}

trait DeserializeFrom: Sized {
    fn deserialize_from(root: Spanned<DeTable<'_>>) -> Result<Self, toml::de::Error>;
}

impl<T: DeserializeOwned> DeserializeFrom for T {
    fn deserialize_from(root: Spanned<DeTable<'_>>) -> Result<Self, toml::de::Error> {
        let span = root.span();
        let value = Spanned::new(span, DeValue::Table(root.into_inner()));
        T::deserialize(ValueDeserializer::from(value))
    }
}

/// The top-level entries a plan file must have, in the order they are read.
const SECTIONS: [&str; 5] = ["outline", "grading", "policies", "focus_areas", "plans"];

/// The field names serde knows for a struct, asked from its derived `Deserialize`; so the
/// top-level check keeps up with fields added to [`PlanSet`] later.
fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("probe")
        }
    }
    impl std::error::Error for Stop {}
    impl serde::de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> serde::Deserializer<'de> for &mut Probe {
        type Error = Stop;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut probe = Probe(None);
    let _ = T::deserialize(&mut probe);
    probe.0.unwrap_or(&SECTIONS)
}

struct Reader<'a, 'l> {
    locator: &'a Locator<'l>,
    spans: &'a SpanIndex,
    errors: Vec<Diagnostic>,
}

impl Reader<'_, '_> {
    fn parts(&mut self, root: &Spanned<DeTable<'_>>) -> Parts {
        let table = root.get_ref();
        let known = struct_fields::<PlanSet>();
        for (key, _) in table {
            if !known.contains(&key.get_ref().as_ref()) {
                let d = Diagnostic::error(
                    "plan-unknown-field",
                    format!("不明な項目 `{}` があります", key.get_ref()),
                )
                .at(self.locator.at(key.span().start))
                .field(key.get_ref().to_string())
                .hint(format!("最上位に書ける項目: {}", known.join(", ")));
                self.errors.push(d);
            }
        }
        for name in SECTIONS {
            if !table.contains_key(name) {
                self.errors.push(
                    Diagnostic::error(
                        "plan-missing-field",
                        format!("必須の項目 `{name}` がありません"),
                    )
                    .at(self.locator.at(0))
                    .field(name)
                    .hint(format!("`[{name}]` の節を書いてください")),
                );
            }
        }
        let plans = match table.get("plans") {
            Some(value) => self.array("plans", value, |reader, path, element| {
                reader.plan(path, element)
            }),
            None => Vec::new(),
        };
        Parts {
            outline: table.get("outline").and_then(|v| self.piece("outline", v)),
            grading: table.get("grading").and_then(|v| self.piece("grading", v)),
            policies: table
                .get("policies")
                .map(|v| self.array("policies", v, |r, p, e| r.piece(p, e)))
                .unwrap_or_default(),
            focus_areas: table
                .get("focus_areas")
                .map(|v| self.array("focus_areas", v, |r, p, e| r.piece(p, e)))
                .unwrap_or_default(),
            plans,
            vocabulary: match table.get("vocabulary") {
                Some(v) => self.piece("vocabulary", v),
                None => Some(Vocabulary::default()),
            },
            complete: false,
        }
    }

    /// Reads each element of an array on its own.
    fn array<T>(
        &mut self,
        path: &str,
        value: &Spanned<DeValue<'_>>,
        mut element: impl FnMut(&mut Self, &str, &Spanned<DeValue<'_>>) -> Option<T>,
    ) -> Vec<(usize, T)> {
        let DeValue::Array(array) = value.get_ref() else {
            self.wrong_shape(path, value, "配列（[[…]] の並び）");
            return Vec::new();
        };
        array
            .iter()
            .enumerate()
            .filter_map(|(i, e)| element(self, &format!("{path}[{i}]"), e).map(|t| (i, t)))
            .collect()
    }

    /// A plan: its own fields first (with its indicators set aside), then each indicator.
    fn plan(&mut self, path: &str, value: &Spanned<DeValue<'_>>) -> Option<Plan> {
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_shape(path, value, "テーブル（[[plans]]）");
            return None;
        };
        let Some((indicators_key, indicators)) = table.get_key_value("indicators") else {
            // Nothing to set aside: serde reports the missing list along with the rest.
            return self.piece(path, value);
        };
        let mut without = table.clone();
        without.insert(
            indicators_key.clone(),
            Spanned::new(indicators.span(), DeValue::Array(DeArray::new())),
        );
        let own: Option<Plan> =
            self.piece(path, &Spanned::new(value.span(), DeValue::Table(without)));
        let read = self.array(&format!("{path}.indicators"), indicators, |r, p, e| {
            r.piece(p, e)
        });
        let complete = matches!(indicators.get_ref(), DeValue::Array(a) if a.len() == read.len());
        let mut plan = own?;
        plan.indicators = read.into_iter().map(|(_, i)| i).collect();
        complete.then_some(plan)
    }

    /// Deserializes one piece; on error reports it, drops the entry at fault and tries again,
    /// so that every bad entry of the piece is reported.
    fn piece<T: DeserializeOwned>(
        &mut self,
        path: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<T> {
        let mut value = value.clone();
        let mut dropped: Vec<String> = Vec::new();
        let mut failed = false;
        // Each round drops one entry, so the table's size bounds the rounds.
        loop {
            let error = match T::deserialize(ValueDeserializer::from(value.clone())) {
                Ok(t) => return (!failed).then_some(t),
                Err(error) => error,
            };
            failed = true;
            if missing_field(error.message()).is_some_and(|f| dropped.iter().any(|d| d == f)) {
                // Only missing because it was dropped: already reported.
                return None;
            }
            let span = error.span();
            self.serde_error(&error, path, span.clone());
            let (Some(span), DeValue::Table(table)) = (span, value.get_mut()) else {
                return None;
            };
            let at_fault = table
                .iter()
                .find(|(k, v)| covers(&v.span(), &span) || covers(&k.span(), &span))
                .map(|(k, _)| k.get_ref().to_string());
            let at_fault = at_fault?;
            table.remove(at_fault.as_str())?;
            dropped.push(at_fault);
        }
    }

    fn wrong_shape(&mut self, path: &str, value: &Spanned<DeValue<'_>>, expected: &str) {
        self.errors.push(
            Diagnostic::error(
                "plan-wrong-type",
                format!(
                    "`{path}` の値の型が違います（{}ではなく{expected}が必要です）",
                    japanese_type(value.get_ref().type_str())
                ),
            )
            .at(self.locator.at(self.spans.offset(path)))
            .field(path),
        );
    }

    /// Turns a serde error met while reading `path` into a diagnostic.
    fn serde_error(&mut self, error: &toml::de::Error, path: &str, span: Option<Range<usize>>) {
        let span = span.or_else(|| error.span());
        let mut field = span
            .as_ref()
            .and_then(|s| self.spans.innermost(path, s))
            .unwrap_or(path)
            .to_string();
        let offset = span.map_or_else(|| self.spans.offset(path), |s| s.start);
        let message = error.message();
        let (code, text, hint) = if let Some(name) = missing_field(message) {
            let owner = std::mem::take(&mut field);
            field = if owner.is_empty() {
                name.to_string()
            } else {
                format!("{owner}.{name}")
            };
            (
                "plan-missing-field",
                format!("`{owner}` に必須の項目 `{name}` がありません"),
                format!("`{name} = …` を書いてください"),
            )
        } else if let Some((name, expected)) = unknown(message, "unknown field `") {
            (
                "plan-unknown-field",
                format!("不明な項目 `{name}` があります"),
                format!("書ける項目: {expected}（綴りを確かめてください）"),
            )
        } else if let Some((name, expected)) = unknown(message, "unknown variant `") {
            (
                "plan-invalid-value",
                format!("`{field}` の値 `{name}` は使えません"),
                format!("使える値: {expected}"),
            )
        } else if let Some((found, expected)) = invalid_type(message) {
            (
                "plan-wrong-type",
                format!(
                    "`{field}` の値の型が違います（{expected}が必要なところに「{found}」があります）"
                ),
                format!("元のメッセージ: {message}"),
            )
        } else {
            (
                "plan-invalid-value",
                format!("`{field}` の値が正しくありません"),
                format!("元のメッセージ: {message}"),
            )
        };
        self.errors.push(
            Diagnostic::error(code, text)
                .at(self.locator.at(offset))
                .field(field)
                .hint(hint),
        );
    }
}

fn syntax_error(error: &toml::de::Error, locator: &Locator<'_>) -> Diagnostic {
    let offset = error.span().map_or(0, |s| s.start);
    Diagnostic::error(
        "plan-toml-syntax",
        "TOML の書き方に誤りがあります（引用符・括弧の閉じ忘れ、重複したキーなど）",
    )
    .at(locator.at(offset))
    .hint(format!(
        "TOML パーサーのメッセージ: {}",
        error.message().trim()
    ))
}

/// `missing field `x`` → `x`.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// `unknown field `x`, expected one of `a`, `b`` → (`x`, "a, b").
fn unknown(message: &str, prefix: &str) -> Option<(String, String)> {
    let rest = message.strip_prefix(prefix)?;
    let (name, rest) = rest.split_once('`')?;
    let expected = rest
        .trim_start_matches(", expected ")
        .trim_start_matches("one of ")
        .replace('`', "");
    Some((name.to_string(), expected))
}

/// `invalid type: string "x", expected u32` → (「文字列 "x"」, 「整数」).
fn invalid_type(message: &str) -> Option<(String, String)> {
    let rest = message.strip_prefix("invalid type: ")?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let (kind, shown) = found.split_once(' ').unwrap_or((found, ""));
    let found = match kind {
        "string" => format!("文字列 {shown}"),
        "integer" => format!("整数 {shown}"),
        "floating" => format!("小数 {}", shown.trim_start_matches("point ")),
        "boolean" => format!("真偽値 {shown}"),
        "sequence" => "配列".to_string(),
        "map" => "テーブル".to_string(),
        _ => found.to_string(),
    };
    Some((found.trim_end().to_string(), japanese_expected(expected)))
}

fn japanese_expected(expected: &str) -> String {
    let e = expected.trim();
    if e.contains("Decimal") || e.contains("number") {
        "数値".into()
    } else if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize",
    ]
    .contains(&e)
        || e.contains("fiscal year")
    {
        "整数".into()
    } else if e.contains("string") {
        "文字列".into()
    } else if e.contains("bool") {
        "真偽値（true / false）".into()
    } else if e.contains("sequence") {
        "配列".into()
    } else if e.starts_with("struct") || e.contains("map") {
        "テーブル".into()
    } else {
        e.to_string()
    }
}

fn japanese_type(type_str: &str) -> &'static str {
    match type_str {
        "string" => "文字列",
        "integer" => "整数",
        "float" => "小数",
        "boolean" => "真偽値",
        "datetime" => "日時",
        "array" => "配列",
        "table" => "テーブル",
        _ => "別の型",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_sees_planset_fields() {
        let fields = struct_fields::<PlanSet>();
        for section in SECTIONS {
            assert!(fields.contains(&section), "{section}");
        }
    }

    #[test]
    fn serde_messages_in_japanese() {
        assert_eq!(missing_field("missing field `unit`"), Some("unit"));
        assert_eq!(
            unknown(
                "unknown field `x`, expected one of `a`, `b`",
                "unknown field `"
            ),
            Some(("x".to_string(), "a, b".to_string()))
        );
        let (found, expected) =
            invalid_type("invalid type: string \"一\", expected u32").expect("parsed");
        assert_eq!(
            (found.as_str(), expected.as_str()),
            ("文字列 \"一\"", "整数")
        );
    }

    #[test]
    fn locator_lines_and_columns() {
        let locator = Locator::new("f.toml", "a\n総務課 = 1\n");
        assert_eq!(locator.at(0).line, Some((1, 1)));
        assert_eq!(locator.at(2).line, Some((2, 1)));
        // After three 3-byte characters and a space.
        assert_eq!(locator.at(12).line, Some((2, 5)));
        assert_eq!(locator.at(1000).line, Some((3, 1)));
    }
}
