package extract

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
)

// kind is a file format recognised from content.
type kind int

const (
	kindText     kind = iota // no binary signature: HTML, text or Markdown
	kindPDF                  // %PDF
	kindImage                // PNG, JPEG, TIFF: OCR
	kindDOCX                 // OOXML word processing
	kindXLSX                 // OOXML spreadsheet
	kindODT                  // OpenDocument text
	kindODS                  // OpenDocument spreadsheet
	kindOFD                  // GB/T 33190
	kindRTF                  // {\rtf
	kindOLEWord              // Word 97–2003 or WPS Writer binary
	kindOLEExcel             // Excel 97–2003 or WPS Spreadsheets binary
	kindRefused              // a known format we do not index
)

// sniffed is what the content says a file is.
type sniffed struct {
	kind kind
	// what names a refused format in the words shown to users.
	what string
	// err is set when the content is recognised but cannot be used at
	// all (an encrypted Office file, a ZIP without a central directory).
	err error
}

// documentExts are the extensions of the formats recognised from their
// content. A file with one of them whose content matches no signature is
// corrupt (or a saved web page, which is read as HTML): its name promises a
// binary document.
var documentExts = map[string]string{
	".pdf": "PDF", ".docx": "DOCX", ".docm": "DOCX", ".dotx": "DOCX", ".xlsx": "XLSX",
	".xlsm": "XLSX", ".odt": "ODT", ".ods": "ODS", ".ofd": "OFD", ".rtf": "RTF",
	".doc": "Word", ".xls": "Excel", ".wps": "WPS", ".et": "WPS 表格", ".png": "PNG",
	".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF",
}

// refusedMagic lists binary formats that are never indexed, by signature.
var refusedMagic = []struct {
	prefix string
	what   string
}{
	{"\x7FELF", "可执行程序"},
	{"\xCF\xFA\xED\xFE", "可执行程序"},
	{"\xCE\xFA\xED\xFE", "可执行程序"},
	{"\xCA\xFE\xBA\xBE", "可执行程序"},
	{"\x00asm", "可执行程序"},
	{"Rar!\x1A\x07", "RAR 压缩包（请解压后再导入）"},
	{"7z\xBC\xAF\x27\x1C", "7z 压缩包（请解压后再导入）"},
	{"\x1F\x8B", "gzip 压缩包（请解压后再导入）"},
	{"BZh", "bzip2 压缩包（请解压后再导入）"},
	{"\xFD7zXZ\x00", "xz 压缩包（请解压后再导入）"},
	{"\x28\xB5\x2F\xFD", "zstd 压缩包（请解压后再导入）"},
	{"GIF87a", "GIF 图片（请转换为 PNG 后再导入）"},
	{"GIF89a", "GIF 图片（请转换为 PNG 后再导入）"},
	{"SQLite format 3\x00", "SQLite 数据库"},
	{"ID3", "音频文件"},
	{"OggS", "音频或视频文件"},
}

const (
	magicPDF = "%PDF-"
	magicZip = "PK\x03\x04"
	magicOLE = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
	magicRTF = "{\\rtf"
)

// sniff recognises a file by its content. ext only chooses between formats
// that share one container (.wps and .doc are both OLE Word documents).
// maxEntries bounds the ZIP central directory read.
func sniff(data []byte, ext string, maxEntries int) sniffed {
	switch {
	case bytes.Contains(data[:min(len(data), 1024)], []byte(magicPDF)):
		// The PDF specification lets a header start anywhere in the first
		// kilobyte, and some generators prepend junk.
		return sniffed{kind: kindPDF}
	case bytes.HasPrefix(data, []byte(magicRTF)):
		return sniffed{kind: kindRTF}
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1A\n")),
		bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")),
		bytes.HasPrefix(data, []byte("II*\x00")),
		bytes.HasPrefix(data, []byte("MM\x00*")):
		return sniffed{kind: kindImage}
	case bytes.HasPrefix(data, []byte(magicZip)), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return sniffZip(data, maxEntries)
	case bytes.HasPrefix(data, []byte(magicOLE)):
		return sniffOLE(data, ext)
	}
	for _, m := range refusedMagic {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			return sniffed{kind: kindRefused, what: m.what}
		}
	}
	// "MZ" alone could begin a text; an executable header has NULs soon.
	if bytes.HasPrefix(data, []byte("MZ")) && bytes.IndexByte(data[:min(len(data), 512)], 0) >= 0 {
		return sniffed{kind: kindRefused, what: "可执行程序"}
	}
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		return sniffed{kind: kindRefused, what: "视频或音频文件"}
	}
	if len(data) >= 12 && string(data[:4]) == "RIFF" && (string(data[8:12]) == "WEBP") {
		return sniffed{kind: kindRefused, what: "WebP 图片（请转换为 PNG 后再导入）"}
	}
	return sniffed{kind: kindText}
}

// sniffZip tells the ZIP-based formats apart by their manifests: OOXML's
// [Content_Types].xml, ODF's mimetype entry, OFD's OFD.xml.
func sniffZip(data []byte, maxEntries int) sniffed {
	if n, ok := zipEntryCount(data); ok && n > maxEntries {
		return sniffed{err: rejectf(CodeTooLarge, "压缩包内文件过多（"+strconv.Itoa(n)+" 个，上限 "+strconv.Itoa(maxEntries)+" 个），可能是压缩炸弹")}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && err != zip.ErrInsecurePath {
		return sniffed{err: rejectf(CodeMalformed, "ZIP/Office 文件不完整或已损坏，无法打开（可能下载不完整）")}
	}
	names := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		names[normZipName(f.Name)] = f
	}
	if f := names["mimetype"]; f != nil {
		mt := strings.TrimSpace(string(readSmall(f, 256)))
		switch {
		case strings.HasPrefix(mt, "application/vnd.oasis.opendocument.text"):
			return sniffed{kind: kindODT}
		case strings.HasPrefix(mt, "application/vnd.oasis.opendocument.spreadsheet"):
			return sniffed{kind: kindODS}
		case strings.HasPrefix(mt, "application/vnd.oasis.opendocument."):
			return sniffed{kind: kindRefused, what: "OpenDocument 演示文稿或图形"}
		case strings.HasPrefix(mt, "application/epub"):
			return sniffed{kind: kindRefused, what: "EPUB 电子书"}
		}
	}
	if names["ofd.xml"] != nil {
		return sniffed{kind: kindOFD}
	}
	if f := names["[content_types].xml"]; f != nil {
		ct := string(readSmall(f, 1<<20))
		switch {
		case strings.Contains(ct, "wordprocessingml.document.main"),
			strings.Contains(ct, "wordprocessingml.template.main"),
			strings.Contains(ct, "ms-word.document.macroEnabled.main"),
			strings.Contains(ct, "ms-word.template.macroEnabledTemplate.main"):
			return sniffed{kind: kindDOCX}
		case strings.Contains(ct, "spreadsheetml.sheet.main"),
			strings.Contains(ct, "spreadsheetml.template.main"),
			strings.Contains(ct, "ms-excel.sheet.macroEnabled.main"),
			strings.Contains(ct, "ms-excel.template.macroEnabled.main"):
			return sniffed{kind: kindXLSX}
		case strings.Contains(ct, "presentationml"):
			return sniffed{kind: kindRefused, what: "PowerPoint 演示文稿（.pptx）"}
		}
		// Content types written by odd generators: fall back on the
		// conventional part names.
		switch {
		case names["word/document.xml"] != nil:
			return sniffed{kind: kindDOCX}
		case names["xl/workbook.xml"] != nil:
			return sniffed{kind: kindXLSX}
		}
	}
	return sniffed{kind: kindRefused, what: "ZIP 压缩包（请解压后再导入）"}
}

// zipEntryCount reads the entry count from the end of central directory
// record without reading the directory itself, so that a file claiming
// millions of entries is refused before archive/zip allocates for them.
func zipEntryCount(data []byte) (int, bool) {
	const eocdLen = 22
	start := max(0, len(data)-(eocdLen+65535))
	i := bytes.LastIndex(data[start:], []byte("PK\x05\x06"))
	if i < 0 {
		return 0, false
	}
	i += start
	if i+eocdLen > len(data) || len(data) < 56 {
		return 0, false
	}
	n := int(binary.LittleEndian.Uint16(data[i+10:]))
	if n == 0xFFFF {
		// ZIP64: the locator just before the record points at the
		// ZIP64 end record holding the 64-bit count.
		loc := i - 20
		if loc < 0 || string(data[loc:loc+4]) != "PK\x06\x07" {
			return 0, false
		}
		off := binary.LittleEndian.Uint64(data[loc+8:])
		if off > uint64(len(data)-56) || string(data[off:off+4]) != "PK\x06\x06" {
			return 0, false
		}
		n64 := binary.LittleEndian.Uint64(data[off+32:])
		if n64 > 1<<31 {
			return 1 << 31, true
		}
		n = int(n64)
	}
	return n, true
}

// readSmall reads at most limit bytes of a ZIP entry, for manifests.
func readSmall(f *zip.File, limit int64) []byte {
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, limit))
	return b
}

// normZipName is the key under which a ZIP entry is looked up: OOXML part
// names are case-insensitive, and some Windows tools write backslashes.
func normZipName(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/"))
}

// sniffOLE tells the OLE2 compound files apart by the names of their
// streams, which the directory stores in UTF-16LE. Searching the raw bytes
// for those names avoids parsing the FAT; the names are long enough not to
// occur by accident.
func sniffOLE(data []byte, ext string) sniffed {
	has := func(name string) bool { return bytes.Contains(data, utf16LE(name)) }
	switch {
	case has("EncryptedPackage") || has("EncryptionInfo"):
		return sniffed{err: rejectf(CodeEncrypted, "Office 文件设有打开密码，无法读取：请去除密码后重新导入")}
	case has("WordDocument"):
		return sniffed{kind: kindOLEWord}
	case has("Workbook") || has("Book"):
		return sniffed{kind: kindOLEExcel}
	case has("PowerPoint Document"):
		return sniffed{kind: kindRefused, what: "PowerPoint 演示文稿（.ppt）"}
	}
	switch ext {
	case ".doc", ".wps":
		return sniffed{kind: kindOLEWord}
	case ".xls", ".et":
		return sniffed{kind: kindOLEExcel}
	}
	return sniffed{kind: kindRefused, what: "未识别的 OLE 复合文档"}
}

func utf16LE(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}
