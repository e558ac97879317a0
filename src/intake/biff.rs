//! A bounded look into an .xls file before calamine reads it.
//!
//! calamine reads every sheet of an .xls at once, each into a dense rectangle from its
//! first to its last cell, and reserves room for the rectangle its DIMENSIONS record
//! declares. So a 10 KB file with one value in IV65536 costs 1 GB of memory per sheet,
//! and a DIMENSIONS record that declares 4 billion rows aborts the process. This module
//! walks the compound file and the BIFF records (no values are decoded) to measure each
//! worksheet first; intake refuses the file when one is over the limits.
//!
//! Anything this reader does not understand is left to calamine, which reports it.

/// What the records say about one worksheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetExtent {
    /// Sheet name (from its BOUNDSHEET record; 「(n)」 when that is missing).
    pub name: String,
    /// Rows and cells (rows × columns) of the rectangle spanned by the value cells.
    pub rows: usize,
    /// See `rows`.
    pub cells: usize,
    /// The DIMENSIONS record is impossible (last row before the first, or beyond BIFF8).
    pub bad_dimensions: bool,
}

/// BIFF8's largest sheet: 65,536 rows × 256 columns.
const BIFF8_CELLS: u64 = 65_536 * 256;

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// The compound file's sectors. It reads what calamine reads when it opens an .xls (the
/// DIFAT and every FAT sector it lists, the directory, the mini stream, the workbook
/// stream) and gives up where calamine would read past the end of the file: calamine
/// 0.38 panics on some of those sectors (a truncated .xls).
struct Cfb<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
    dir: Vec<u8>,
    mini: Option<(Vec<u8>, Vec<u32>)>,
}

/// Sector ids from here on are markers, not sectors (calamine's bound for the DIFAT chain).
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
/// Marks a DIFAT sector in the FAT; FAT sector ids below it are read.
const DIFSECT: u32 = 0xFFFF_FFFC;

impl<'a> Cfb<'a> {
    fn open(bytes: &'a [u8]) -> Option<Cfb<'a>> {
        if bytes.len() < 512 || bytes[..8] != [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
            return None;
        }
        let shift = u32::from(u16_at(bytes, 0x1E)?);
        if !(7..=16).contains(&shift) {
            return None;
        }
        let mut cfb = Cfb {
            bytes,
            shift,
            fat: Vec::new(),
            dir: Vec::new(),
            mini: None,
        };
        // The FAT's own sectors: 109 in the header, then the DIFAT chain, whose last entry
        // in each sector is the next one.
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let mut steps = 0;
        while difat < RESERVED_SECTORS {
            steps += 1;
            if steps > cfb.sector_count() + 1 {
                return None;
            }
            let sector = cfb.sector(difat)?;
            fat_sectors.extend((0..cfb.sector_size() / 4).filter_map(|i| u32_at(sector, 4 * i)));
            difat = fat_sectors.pop()?;
        }
        for s in fat_sectors.into_iter().filter(|s| *s < DIFSECT) {
            let sector = cfb.sector(s)?;
            cfb.fat
                .extend((0..cfb.sector_size() / 4).filter_map(|i| u32_at(sector, 4 * i)));
        }
        cfb.dir = cfb.chain(&cfb.fat, u32_at(bytes, 0x30)?, None, |s| cfb.sector(s))?;
        let root = cfb.dir.get(..128)?.to_vec();
        let mini_fat_sectors = u32_at(bytes, 0x40)? as usize;
        if mini_fat_sectors > 0 {
            let stream = cfb.chain(
                &cfb.fat,
                u32_at(&root, 0x74)?,
                Some(u32_at(&root, 0x78)? as usize),
                |s| cfb.sector(s),
            )?;
            let table = cfb.chain(
                &cfb.fat,
                u32_at(bytes, 0x3C)?,
                Some(mini_fat_sectors.checked_mul(cfb.sector_size())?),
                |s| cfb.sector(s),
            )?;
            let table = (0..table.len() / 4)
                .filter_map(|k| u32_at(&table, 4 * k))
                .collect();
            cfb.mini = Some((stream, table));
        }
        Some(cfb)
    }

    fn sector_size(&self) -> usize {
        1 << self.shift
    }

    fn sector_count(&self) -> usize {
        self.bytes.len() >> self.shift
    }

    /// Sector `n`, whole: `None` when the file ends before its end.
    fn sector(&self, n: u32) -> Option<&'a [u8]> {
        let start = (n as usize)
            .checked_add(1)?
            .checked_mul(self.sector_size())?;
        self.bytes
            .get(start..start.checked_add(self.sector_size())?)
    }

    /// The bytes of a chain of sectors (next ids in `table`, read by `read`), up to the
    /// end of the chain or cut to `len`; `None` when the chain is broken, loops or is
    /// shorter than `len`.
    fn chain(
        &self,
        table: &[u32],
        start: u32,
        len: Option<usize>,
        read: impl Fn(u32) -> Option<&'a [u8]>,
    ) -> Option<Vec<u8>> {
        let want = len.unwrap_or(usize::MAX);
        let mut out = Vec::new();
        let mut next = start;
        while next < RESERVED_SECTORS && out.len() < want {
            if out.len() > self.bytes.len() {
                return None;
            }
            out.extend_from_slice(read(next)?);
            next = *table.get(next as usize)?;
        }
        match len {
            Some(len) if out.len() < len => None,
            Some(len) => {
                out.truncate(len);
                Some(out)
            }
            None => Some(out),
        }
    }

    /// The `Workbook` (or BIFF5 `Book`) stream.
    fn workbook_stream(&self) -> Option<Vec<u8>> {
        let name_of = |e: &[u8]| -> String {
            let len = (u16_at(e, 0x40).unwrap_or(0) as usize).min(64) / 2;
            let units: Vec<u16> = (0..len.saturating_sub(1))
                .filter_map(|k| u16_at(e, 2 * k))
                .collect();
            String::from_utf16_lossy(&units)
        };
        let entries: Vec<&[u8]> = self.dir.chunks_exact(128).collect();
        let find = |wanted: &str| {
            entries
                .iter()
                .find(|e| name_of(e).eq_ignore_ascii_case(wanted))
                .copied()
        };
        let e = find("Workbook").or_else(|| find("Book"))?;
        let start = u32_at(e, 0x74)?;
        let size = u32_at(e, 0x78)? as usize;
        // calamine's cut between the mini stream and sectors, whatever the header says.
        if size >= 4096 {
            return self.chain(&self.fat, start, Some(size), |s| self.sector(s));
        }
        let (mini, table) = self.mini.as_ref()?;
        self.chain(table, start, Some(size), |s| {
            let at = (s as usize).checked_mul(64)?;
            mini.get(at..at.checked_add(64)?)
        })
    }
}

/// The records of a BIFF stream in order, each as (its offset, its type, its data); the walk
/// ends at the first record whose header or data runs past the stream (a damaged file).
fn records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let (typ, len) = (u16_at(stream, at)?, u16_at(stream, at + 2)?);
        let start = at + 4;
        let data = stream.get(start..start + len as usize)?;
        let record = (at, typ, data);
        at = start + len as usize;
        Some(record)
    })
}

/// Measures every worksheet of an .xls file; `None` when the file is not a compound file
/// with a BIFF workbook stream this reader can follow.
pub fn sheet_extents(bytes: &[u8]) -> Option<Vec<SheetExtent>> {
    let stream = Cfb::open(bytes)?.workbook_stream()?;
    let mut names: Vec<(u32, String)> = Vec::new();
    let mut bofs: Vec<u32> = Vec::new();
    let mut depth = 0usize;
    for (at, typ, data) in records(&stream) {
        match typ {
            // BOF: the workbook globals, a worksheet, or a chart nested in one.
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    bofs.push(u32::try_from(at).unwrap_or(u32::MAX));
                }
            }
            // EOF.
            0x000A => depth = depth.saturating_sub(1),
            // BOUNDSHEET: where a sheet's BOF is, and its name.
            // calamine takes every BOUNDSHEET of the globals, whatever a damaged BOF
            // around it says.
            0x0085 if bofs.len() <= 1 => {
                if let (Some(pos), Some(&cch)) = (u32_at(data, 0), data.get(6)) {
                    let wide = data.get(7).is_some_and(|f| f & 1 == 1);
                    let name = if wide {
                        let units: Vec<u16> = (0..cch as usize)
                            .filter_map(|k| u16_at(data, 8 + 2 * k))
                            .collect();
                        String::from_utf16_lossy(&units)
                    } else {
                        // BIFF8 compressed UTF-16 (Latin-1), or BIFF5 8-bit text.
                        let from = if data.len() >= 8 + cch as usize { 8 } else { 7 };
                        data.get(from..from + cch as usize)
                            .map(|b| b.iter().map(|&c| char::from(c)).collect())
                            .unwrap_or_default()
                    };
                    names.push((pos, name));
                }
            }
            _ => {}
        }
    }
    // calamine starts each sheet where its BOUNDSHEET says (and panics past the stream's
    // end): a position that is not a sheet's beginning means a damaged file.
    if names.iter().any(|(pos, _)| !bofs.contains(pos)) {
        return None;
    }
    // calamine reads each sheet from its BOUNDSHEET's position, reserves what its
    // DIMENSIONS say and lays its cells out densely: measure each sheet from there, as
    // calamine walks it, so that no damaged record walked over differently can make it
    // reserve gigabytes (an abort, not a panic).
    names
        .into_iter()
        .map(|(pos, name)| {
            let from = stream.get(pos as usize..)?;
            Some(SheetExtent {
                name,
                ..measure_from(from)
            })
        })
        .collect()
}

/// One worksheet measured from its BOF to its EOF, nested substreams (charts) skipped.
fn measure_from(from: &[u8]) -> SheetExtent {
    let mut depth = 0usize;
    let mut span: Option<(u32, u32, u32, u32)> = None;
    let mut bad = false;
    let mut add = |row: u32, col: u32| {
        span = Some(match span {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    };
    for (_, typ, data) in records(from) {
        match typ {
            0x0809 => depth += 1,
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            0x0200 if depth == 1 => bad |= dimensions_bad(data),
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if depth == 1 => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    add(u32::from(row), u32::from(col));
                }
            }
            0x00BD if depth == 1 => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|i| u16_at(data, i)),
                ) {
                    add(u32::from(row), u32::from(first));
                    add(u32::from(row), u32::from(last.max(first)));
                }
            }
            _ => {}
        }
    }
    let (rows, cells) = span.map_or((0, 0), |(r0, r1, c0, c1)| {
        let rows = (r1 - r0) as usize + 1;
        (rows, rows.saturating_mul((c1 - c0) as usize + 1))
    });
    SheetExtent {
        name: String::new(),
        rows,
        cells,
        bad_dimensions: bad,
    }
}

/// Whether a DIMENSIONS record (BIFF8: u32 rows; BIFF5: u16 rows) would make calamine
/// underflow or reserve more cells than a BIFF8 sheet can hold.
fn dimensions_bad(data: &[u8]) -> bool {
    let (first, last, c0, c1) = if data.len() >= 14 {
        (
            u64::from(u32_at(data, 0).unwrap_or(0)),
            u64::from(u32_at(data, 4).unwrap_or(0)),
            u64::from(u16_at(data, 8).unwrap_or(0)),
            u64::from(u16_at(data, 10).unwrap_or(0)),
        )
    } else {
        (
            u64::from(u16_at(data, 0).unwrap_or(0)),
            u64::from(u16_at(data, 2).unwrap_or(0)),
            u64::from(u16_at(data, 4).unwrap_or(0)),
            u64::from(u16_at(data, 6).unwrap_or(0)),
        )
    };
    // calamine takes rows first..=last-1 and columns c0..=c1-1 (c0 read as 0 when over 255
    // or after c1), subtracts without a check and reserves rows × columns: an inverted or
    // empty range underflows (a panic, or in a release build a reservation that aborts).
    let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
    last >= 1
        && c1 >= 1
        && (last - 1 < first || c1 - 1 < c0 || (last - first).saturating_mul(c1 - c0) > BIFF8_CELLS)
}

/// Built-in number formats that show a percentage (「0%」, 「0.00%」), never written as
/// FORMAT records.
const BUILTIN_PERCENT: [u16; 2] = [9, 10];

/// Whether a FORMAT record's code shows a percentage (a `%` outside quotes).
fn format_is_percent(data: &[u8]) -> bool {
    // BIFF8: ifmt, cch (u16), flags, characters (1 or 2 bytes each); BIFF5: ifmt, cch (u8).
    let text = match (u16_at(data, 2), data.get(4)) {
        (Some(cch), Some(flags)) if data.len() >= 5 + cch as usize => {
            if flags & 1 == 1 {
                let units: Vec<u16> = (0..cch as usize)
                    .filter_map(|k| u16_at(data, 5 + 2 * k))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                data[5..5 + cch as usize]
                    .iter()
                    .map(|&c| char::from(c))
                    .collect()
            }
        }
        _ => data.iter().skip(3).map(|&c| char::from(c)).collect(),
    };
    let mut quoted = false;
    text.chars().any(|c| {
        if c == '"' {
            quoted = !quoted;
        }
        c == '%' && !quoted
    })
}

/// Hidden rows and columns and %-formatted number cells of every worksheet of an .xls, by
/// sheet name; empty when the file cannot be followed (calamine then reads it as it can).
pub fn sheet_layouts(bytes: &[u8]) -> std::collections::BTreeMap<String, super::xlsx::SheetLayout> {
    let mut out = std::collections::BTreeMap::new();
    let Some(stream) = Cfb::open(bytes).and_then(|c| c.workbook_stream()) else {
        return out;
    };
    let mut names: Vec<(u32, String)> = Vec::new();
    let mut percent_formats: Vec<u16> = BUILTIN_PERCENT.to_vec();
    // Whether each XF (by its index) shows a percentage.
    let mut xf_percent: Vec<bool> = Vec::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(String, super::xlsx::SheetLayout)> = None;
    for (at, typ, data) in records(&stream) {
        let percent_xf = |ixfe: Option<u16>, xf: &[bool]| {
            ixfe.and_then(|i| xf.get(i as usize).copied())
                .unwrap_or(false)
        };
        match typ {
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    if xf_percent.len() != xf_formats.len() {
                        xf_percent = xf_formats
                            .iter()
                            .map(|f| percent_formats.contains(f))
                            .collect();
                    }
                    let offset = u32::try_from(at).unwrap_or(u32::MAX);
                    current = names
                        .iter()
                        .find(|(pos, _)| *pos == offset)
                        .map(|(_, n)| (n.clone(), super::xlsx::SheetLayout::default()));
                }
            }
            0x000A => {
                if depth == 1
                    && let Some((name, layout)) = current.take()
                {
                    out.insert(name, layout);
                }
                depth = depth.saturating_sub(1);
            }
            0x0085 if depth == 1 => {
                if let (Some(pos), Some(&cch)) = (u32_at(data, 0), data.get(6)) {
                    let wide = data.get(7).is_some_and(|f| f & 1 == 1);
                    let name = if wide {
                        let units: Vec<u16> = (0..cch as usize)
                            .filter_map(|k| u16_at(data, 8 + 2 * k))
                            .collect();
                        String::from_utf16_lossy(&units)
                    } else {
                        let from = if data.len() >= 8 + cch as usize { 8 } else { 7 };
                        data.get(from..from + cch as usize)
                            .map(|b| b.iter().map(|&c| char::from(c)).collect())
                            .unwrap_or_default()
                    };
                    names.push((pos, name));
                }
            }
            // FORMAT and XF, in the globals.
            0x041E if depth == 1 && current.is_none() => {
                if let Some(ifmt) = u16_at(data, 0)
                    && format_is_percent(data)
                {
                    percent_formats.push(ifmt);
                }
            }
            0x00E0 if depth == 1 && current.is_none() => {
                xf_formats.push(u16_at(data, 2).unwrap_or(0));
            }
            // ROW: hidden when fDyZero (0x20) is set.
            0x0208 if depth == 1 => {
                if let (Some((_, layout)), Some(row), Some(flags)) =
                    (current.as_mut(), u16_at(data, 0), u16_at(data, 12))
                    && flags & 0x20 != 0
                {
                    layout.hidden_rows.insert(u32::from(row));
                }
            }
            // COLINFO: columns first to last, hidden when bit 0 of its options is set.
            0x007D if depth == 1 => {
                if let (Some((_, layout)), Some(first), Some(last), Some(flags)) = (
                    current.as_mut(),
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, 8),
                ) && flags & 1 != 0
                {
                    for c in first..=last.min(255) {
                        layout.hidden_cols.insert(u32::from(c));
                    }
                }
            }
            // NUMBER, RK, FORMULA: row, column, XF.
            0x0203 | 0x027E | 0x0006 if depth == 1 => {
                if let (Some((_, layout)), Some(row), Some(col)) =
                    (current.as_mut(), u16_at(data, 0), u16_at(data, 2))
                    && percent_xf(u16_at(data, 4), &xf_percent)
                {
                    layout.percent.insert((u32::from(row), u32::from(col)));
                }
            }
            // MULRK: row, first column, then (XF, RK) pairs.
            0x00BD if depth == 1 => {
                if let (Some((_, layout)), Some(row), Some(first)) =
                    (current.as_mut(), u16_at(data, 0), u16_at(data, 2))
                {
                    let pairs = data.len().saturating_sub(6) / 6;
                    for k in 0..pairs {
                        if percent_xf(u16_at(data, 4 + 6 * k), &xf_percent) {
                            layout
                                .percent
                                .insert((u32::from(row), u32::from(first) + k as u32));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The defined names (NAME records) of an .xls file's workbook globals; empty when the file
/// cannot be followed (calamine then reports it). Built-in names (Print_Area …) are left out.
pub fn defined_names(bytes: &[u8]) -> Vec<String> {
    let Some(stream) = Cfb::open(bytes).and_then(|c| c.workbook_stream()) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    let mut biff8 = true;
    for (at, typ, data) in records(&stream) {
        match typ {
            // The globals' BOF says BIFF8 (0x0600) or BIFF5 (0x0500).
            0x0809 if at == 0 => biff8 = u16_at(data, 0) == Some(0x0600),
            // The globals end at their EOF; names are not kept in worksheets.
            0x000A => break,
            // NAME (Lbl): flags, key, name length, …, then the name from byte 14 (BIFF8
            // puts a high-byte flag before it).
            0x0018 => {
                let builtin = u16_at(data, 0).is_some_and(|f| f & 0x20 != 0);
                let cch = data.get(3).copied().unwrap_or(0) as usize;
                let name = if !biff8 {
                    data.get(14..14 + cch)
                        .map(|b| b.iter().map(|&c| char::from(c)).collect())
                } else if data.get(14).is_some_and(|f| f & 1 == 1) {
                    let units: Option<Vec<u16>> =
                        (0..cch).map(|k| u16_at(data, 15 + 2 * k)).collect();
                    units.map(|u| String::from_utf16_lossy(&u))
                } else {
                    data.get(15..15 + cch)
                        .map(|b| b.iter().map(|&c| char::from(c)).collect())
                };
                if let (false, Some(name)) = (builtin, name) {
                    names.push(name);
                }
            }
            _ => {}
        }
    }
    names
}
