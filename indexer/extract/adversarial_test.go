package extract

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"strings"
	"testing"
)

// Adversarial files: each gets a clear Rejection code and a Chinese
// reason, never a panic, a hang or an allocation of the bomb's size.

// zipBomb builds a DOCX whose document.xml inflates to n bytes. With lie,
// the headers claim 1 KB so that only the actual decompression can tell.
func zipBomb(t testing.TB, n int64, lie bool) []byte {
	t.Helper()
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.BestCompression)
	crc := crc32.NewIEEE()
	chunk := bytes.Repeat([]byte("<w:p/>"), 1<<14)
	w := io.MultiWriter(fw, crc)
	if _, err := w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)); err != nil {
		t.Fatal(err)
	}
	written := int64(0)
	for written < n {
		k, _ := w.Write(chunk)
		written += int64(k)
	}
	_ = fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		f, _ := zw.Create(name)
		_, _ = f.Write([]byte(body))
	}
	add("[Content_Types].xml", `<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)
	size := uint64(written + 90)
	if lie {
		size = 1024
	}
	raw, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
		CRC32: crc.Sum32(), CompressedSize64: uint64(deflated.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = raw.Write(deflated.Bytes())
	_ = zw.Close()
	return buf.Bytes()
}

func TestAdversarialFiles(t *testing.T) {
	docx := buildDOCX(t, false)
	small := Options{MaxUnzipBytes: 4 << 20}
	deep := buildZip(t, []zipEntry{
		{name: "[Content_Types].xml", body: "wordprocessingml.document.main"},
		{name: "word/document.xml", body: strings.Repeat("<w:p>", 600) + "x"},
	})
	manyEntries := func() []byte {
		entries := make([]zipEntry, 30)
		for i := range entries {
			entries[i] = zipEntry{name: "f" + strings.Repeat("x", i), body: "x"}
		}
		return buildZip(t, entries)
	}()
	pptx := buildZip(t, []zipEntry{{name: "[Content_Types].xml", body: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"}})
	encrypted := append([]byte(magicOLE), append(make([]byte, 500), utf16LE("EncryptedPackage")...)...)
	cases := []struct {
		name   string
		data   []byte
		opt    Options
		code   string
		reason string // a part of the reason
	}{
		{"empty.docx", nil, Options{}, CodeEmpty, "0 字节"},
		{"empty.pdf", []byte{}, Options{}, CodeEmpty, "0 字节"},
		{"bomb.docx", zipBomb(t, 64<<20, false), small, CodeTooLarge, "压缩炸弹"},
		// archive/zip refuses more bytes than a header declares.
		{"liar.docx", zipBomb(t, 64<<20, true), small, CodeMalformed, "压缩格式错误"},
		{"bomb-default.docx", zipBomb(t, 300<<20, false), Options{}, CodeTooLarge, "256 MB"},
		{"cut.docx", docx[:len(docx)/2], Options{}, CodeMalformed, "不完整"},
		{"deep.docx", deep, Options{MaxDepth: 512}, CodeMalformed, "嵌套"},
		{"many.docx", manyEntries, Options{MaxZipEntries: 10}, CodeTooLarge, "文件过多"},
		{"garbage.docx", binaryGarbage(4096), Options{}, CodeMalformed, "扩展名是 .docx，但内容不是 DOCX"},
		{"garbage.pdf", binaryGarbage(4096), Options{}, CodeMalformed, "不是 PDF"},
		{"garbage.doc", binaryGarbage(4096), Options{}, CodeMalformed, "不是 Word"},
		{"garbage.bin", binaryGarbage(4096), Options{}, CodeUnsupported, ".bin"},
		{"garbage", binaryGarbage(4096), Options{}, CodeBinary, "二进制"},
		{"text.pdf", []byte("这不是 PDF，只是一段文字。"), Options{}, CodeMalformed, "不是 PDF"},
		{"program.pdf", []byte("\x7FELF\x02\x01\x01\x00"), Options{}, CodeUnsupported, "可执行程序"},
		{"slides.pptx", pptx, Options{}, CodeUnsupported, "PowerPoint"},
		{"slides.zip", buildZip(t, []zipEntry{{name: "a.txt", body: "x"}}), Options{}, CodeUnsupported, "ZIP 压缩包"},
		{"locked.docx", encrypted, Options{}, CodeEncrypted, "密码"},
		{"anim.gif", []byte("GIF89a\x01\x00\x01\x00"), Options{}, CodeUnsupported, "GIF"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := wantRejection(t, second(File(c.name, c.data, c.opt)), c.code)
			if !strings.Contains(r.Reason, c.reason) {
				t.Errorf("reason %q does not contain %q", r.Reason, c.reason)
			}
		})
	}
}

// TestContentWinsOverExtension: a file is read as what it is.
func TestContentWinsOverExtension(t *testing.T) {
	cases := []struct {
		name, format string
		data         []byte
	}{
		{"notice.pdf", FormatDOCX, buildDOCX(t, false)},
		{"notice.wps", FormatDOCX, buildDOCX(t, false)}, // WPS 2019 saves .wps as OOXML
		{"list.doc", FormatXLSX, buildXLSX(t)},
		{"notice.txt", FormatODT, buildODT(t, odtOptions{pages: noticePages()[:1]})},
		{"notice.html", FormatRTF, buildRTF(t)},
		{"notice", FormatOFD, buildOFD(t, ofdNoticePages()[:1], nil)},
		{"saved.doc", FormatHTML, []byte(`<html><head><title>通知</title></head><body><p>正文</p></body></html>`)},
	}
	for _, c := range cases {
		res, err := File(c.name, c.data, Options{})
		if err != nil || res.Format != c.format {
			t.Errorf("%s: format %q err %v, want %s", c.name, res.Format, err, c.format)
		}
	}
}

func TestSniff(t *testing.T) {
	cases := []struct {
		data []byte
		ext  string
		want kind
	}{
		{[]byte("%PDF-1.7"), "", kindPDF},
		{append([]byte("junk before the header\n"), "%PDF-1.4"...), "", kindPDF},
		{[]byte("{\\rtf1\\ansi"), ".doc", kindRTF},
		{[]byte("II*\x00\x08\x00"), "", kindImage},
		{[]byte("MM\x00*\x00"), "", kindImage},
		{[]byte("\xFF\xD8\xFF\xE0"), "", kindImage},
		{append([]byte(magicOLE), utf16LE("WordDocument")...), ".xls", kindOLEWord},
		{append([]byte(magicOLE), utf16LE("Workbook")...), ".doc", kindOLEExcel},
		{append([]byte(magicOLE), utf16LE("Book")...), "", kindOLEExcel},
		{append([]byte(magicOLE), utf16LE("PowerPoint Document")...), "", kindRefused},
		{[]byte(magicOLE), ".et", kindOLEExcel},
		{[]byte(magicOLE), "", kindRefused},
		{[]byte("MZ\x90\x00"), "", kindRefused},
		{[]byte("MZ is how this note starts"), "", kindText},
		{[]byte("\x00\x00\x00\x18ftypmp42"), "", kindRefused},
		{[]byte("<html>"), ".pdf", kindText},
	}
	for _, c := range cases {
		if got := sniff(c.data, c.ext, 100).kind; got != c.want {
			t.Errorf("sniff(%q, %s) = %d, want %d", c.data, c.ext, got, c.want)
		}
	}
}

func TestZipEntryCount(t *testing.T) {
	data := buildZip(t, []zipEntry{{name: "a", body: "1"}, {name: "b", body: "2"}, {name: "c", body: "3"}})
	if n, ok := zipEntryCount(data); !ok || n != 3 {
		t.Errorf("count %d %v", n, ok)
	}
	if _, ok := zipEntryCount([]byte("PK\x03\x04")); ok {
		t.Error("no end record")
	}
}

func TestResolvePart(t *testing.T) {
	cases := []struct{ dir, target, want string }{
		{"xl/", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"},
		{"xl/", "/xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.xml"},
		{"word/", "../customXml/item1.xml", "customXml/item1.xml"},
		{"word/", "../../../../etc/passwd", "etc/passwd"},
		{"", `Doc_0\Document.xml`, "Doc_0/Document.xml"},
	}
	for _, c := range cases {
		if got := resolvePart(c.dir, c.target); got != c.want {
			t.Errorf("resolvePart(%q, %q) = %q, want %q", c.dir, c.target, got, c.want)
		}
	}
}
