//! Telling a file's format from its first bytes, never from its name: ERP exports
//! are often `.xls` files that are really HTML or CSV, or `.csv` files in GBK.

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip container: xlsx, xlsm, xlsb or ods.
    Zip,
    /// An OLE compound file: xls, or an encrypted (password-protected) OOXML file.
    Ole,
    /// Anything else is tried as delimited text.
    Text,
    /// Zero bytes.
    Empty,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Classifies by magic bytes.
pub fn sniff(head: &[u8]) -> Sniffed {
    if head.is_empty() {
        Sniffed::Empty
    } else if head.starts_with(ZIP_MAGIC) {
        Sniffed::Zip
    } else if head.starts_with(OLE_MAGIC) {
        Sniffed::Ole
    } else {
        Sniffed::Text
    }
}

/// An OLE file holding an `EncryptionInfo` stream is an Office file encrypted
/// with a password (Excel stores password-protected xlsx that way).
pub fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// A text encoding found by [`detect_encoding`].
/// Whether an OLE compound file's sector chains are sound: every FAT entry that
/// points on ends, with no cycle. A cycle makes a chain endless, and a reader
/// that follows it (calamine's) grows memory without bound — the fuzzer found
/// a 5 KB file that asked for 3 GB. Checked before any reader is given the file.
pub fn ole_chains_sound(bytes: &[u8]) -> bool {
    let u16_at = |o: usize| bytes.get(o..o + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |o: usize| {
        bytes
            .get(o..o + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let Some(shift) = u16_at(0x1E).filter(|s| (7..=16).contains(s)) else {
        return false;
    };
    let size = 1usize << shift;
    let sectors = bytes.len().saturating_sub(size) / size;
    let sector = |k: u32| -> Option<&[u8]> {
        let at = (k as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(at..at.checked_add(size)?)
    };
    // The FAT's own sectors: 109 in the header, then the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|k| u32_at(0x4C + 4 * k))
        .filter(|v| *v < 0xFFFF_FFFA)
        .collect();
    let mut difat = u32_at(0x44).unwrap_or(0xFFFF_FFFE);
    let mut hops = 0;
    while difat < 0xFFFF_FFFA {
        hops += 1;
        let Some(sec) = sector(difat).filter(|_| hops <= sectors + 1) else {
            return false;
        };
        let per = size / 4 - 1;
        fat_sectors.extend(
            (0..per)
                .map(|k| u32::from_le_bytes([sec[4 * k], sec[4 * k + 1], sec[4 * k + 2], sec[4 * k + 3]]))
                .filter(|v| *v < 0xFFFF_FFFA),
        );
        difat = u32::from_le_bytes([sec[4 * per], sec[4 * per + 1], sec[4 * per + 2], sec[4 * per + 3]]);
    }
    let mut fat: Vec<u32> = Vec::new();
    for k in fat_sectors {
        let Some(sec) = sector(k) else { return false };
        fat.extend(
            sec.chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        );
    }
    // A functional graph: no node may be reached twice on one walk.
    let n = fat.len();
    let mut state = vec![0u8; n];
    for start in 0..n {
        let mut path = Vec::new();
        let mut j = start;
        while j < n && state[j] == 0 {
            state[j] = 1;
            path.push(j);
            let next = fat[j];
            j = if next >= 0xFFFF_FFFA { n } else { next as usize };
        }
        if j < n && state[j] == 1 {
            return false;
        }
        for p in path {
            state[p] = 2;
        }
    }
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, with or without BOM.
    Utf8,
    /// UTF-16 little endian.
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
    /// Another legacy encoding `chardetng` recognised: Big5 (Hong Kong and
    /// Taiwan branches), Windows-1252, Shift_JIS…
    Other(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// The name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GBK/GB18030",
            TextEncoding::Other(e) => e.name(),
        }
    }

    /// The encoding_rs encoding.
    pub fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
            TextEncoding::Gb18030 => encoding_rs::GB18030,
            TextEncoding::Other(e) => e,
        }
    }
}

/// Detects the encoding of a text file from its first bytes: a BOM decides; else
/// NUL bytes at even or odd positions mean UTF-16; else valid UTF-8 is UTF-8; else
/// GB18030, which Chinese ERP exports use. Returns None for binary content.
pub fn detect_encoding(head: &[u8]) -> Option<TextEncoding> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Some(TextEncoding::Utf8);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Some(TextEncoding::Utf16Le);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Some(TextEncoding::Utf16Be);
    }
    let sample = &head[..head.len().min(4096)];
    let even_nuls = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nuls = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = sample.len() / 2;
    if half > 0 && odd_nuls * 3 > half && even_nuls * 10 < half {
        return Some(TextEncoding::Utf16Le);
    }
    if half > 0 && even_nuls * 3 > half && odd_nuls * 10 < half {
        return Some(TextEncoding::Utf16Be);
    }
    if sample.contains(&0) {
        return None;
    }
    let controls = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if controls * 20 > sample.len().max(1) {
        return None;
    }
    match std::str::from_utf8(head) {
        Ok(_) => Some(TextEncoding::Utf8),
        // A multi-byte character cut at the end of the sample is still UTF-8.
        Err(e) if e.error_len().is_none() => Some(TextEncoding::Utf8),
        Err(_) => {
            // Not UTF-8: let chardetng (by the author of encoding_rs) tell the
            // legacy encoding from the bytes; GBK and GB18030 are read as
            // GB18030, their superset.
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(head, true);
            let guess = detector.guess(None, true);
            let gb_clean = || !encoding_rs::GB18030.decode_without_bom_handling(head).1;
            Some(if guess == encoding_rs::BIG5 {
                TextEncoding::Other(guess)
            } else if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 || gb_clean() {
                // Short Chinese text can look Japanese or Korean to statistics:
                // the users are Chinese, so bytes GB18030 reads cleanly are it.
                TextEncoding::Gb18030
            } else if guess == encoding_rs::UTF_8 {
                TextEncoding::Utf8
            } else {
                TextEncoding::Other(guess)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_looping_sector_chain_is_unsound_and_a_real_xls_is_sound() {
        assert!(!ole_chains_sound(include_bytes!(
            "../../../tests/fixtures/fuzz/calamine-cfb-chain-loop.xls"
        )));
        assert!(ole_chains_sound(include_bytes!("../../../tests/fixtures/small.xls")));
    }

    #[test]
    fn big5_and_western_files_are_not_read_as_gb18030() {
        let text = "客戶名稱,日期,銷售金額\n香港環球貿易有限公司,2025-01-02,1000\n台灣精密機械股份有限公司,2025-01-03,2000\n九龍電器行,2025-01-04,300\n";
        let (big5, _, _) = encoding_rs::BIG5.encode(text);
        let e = detect_encoding(&big5).unwrap();
        assert_eq!(e.label(), "Big5");
        let (decoded, _, bad) = e.encoding().decode(&big5);
        assert!(!bad && decoded.contains("香港環球貿易有限公司"));
        let (latin, _, _) =
            encoding_rs::WINDOWS_1252.encode("Customer,Amount\nCafé Müller,1000\nSeñor Gómez,200\nBjörk Ågren,300\n");
        assert_eq!(detect_encoding(&latin).unwrap().label(), "windows-1252");
    }

    #[test]
    fn encodings_are_detected_from_content() {
        assert_eq!(detect_encoding("客户,金额\n".as_bytes()), Some(TextEncoding::Utf8));
        let (gbk, _, _) = encoding_rs::GBK.encode("客户,金额\n甲公司,100\n");
        assert_eq!(detect_encoding(&gbk), Some(TextEncoding::Gb18030));
        let mut le = vec![0xFF, 0xFE];
        le.extend("客户,金额".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(detect_encoding(&le), Some(TextEncoding::Utf16Le));
        let be: Vec<u8> = "customer,amount\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(detect_encoding(&be), Some(TextEncoding::Utf16Be));
        assert_eq!(detect_encoding(&[0, 1, 2, 3, 0, 0, 0xff, 0x13, 0, 0]), None);
    }

    #[test]
    fn magic_bytes_decide_the_container() {
        assert_eq!(sniff(b""), Sniffed::Empty);
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Zip);
        assert_eq!(sniff(OLE_MAGIC), Sniffed::Ole);
        assert_eq!(sniff(b"a,b"), Sniffed::Text);
    }
}
