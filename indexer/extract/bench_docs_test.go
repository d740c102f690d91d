package extract

import (
	"strings"
	"testing"
)

// Benchmarks of the document formats. The native formats report input
// throughput (MB/s, from b.SetBytes); PDF reports pages/s; OCR reports
// seconds per page. The external-program benchmarks skip when the
// program is missing.
//
//	go test -run '^$' -bench . ./indexer/extract/

// bigNotice repeats the notice n times as paragraphs.
func bigNotice(n int) [][]string {
	var pages [][]string
	for i := 0; i < n; i++ {
		pages = append(pages, noticePages()...)
	}
	return pages
}

// benchFile reports MB/s of the input file and, because the ZIP formats
// compress repetitive test text a hundredfold, also text-MB/s: megabytes
// of extracted text per second.
func benchFile(b *testing.B, name string, data []byte, opt Options) {
	b.Helper()
	res, err := File(name, data, opt)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := File(name, data, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Text))*float64(b.N)/1e6/b.Elapsed().Seconds(), "text-MB/s")
}

func BenchmarkDocuments(b *testing.B) {
	docxPages := bigNotice(60)
	var paras []string
	for _, p := range docxPages {
		paras = append(paras, p...)
	}
	docx := func() []byte {
		var body strings.Builder
		for i, p := range paras {
			body.WriteString(wPara(p))
			if i%10 == 0 {
				body.WriteString(wTable(docxTable))
			}
		}
		return buildZip(b, []zipEntry{
			{name: "[Content_Types].xml", body: "wordprocessingml.document.main"},
			{name: "word/document.xml", body: `<w:document ` + wNS + `><w:body>` + body.String() + `</w:body></w:document>`},
		})
	}()
	xlsx := func() []byte {
		var rows strings.Builder
		for r := 1; r <= 5000; r++ {
			rows.WriteString(`<row><c t="inlineStr"><is><t>张三</t></is></c><c t="inlineStr"><is><t>计算机学院</t></is></c><c><v>8000</v></c><c s="1"><v>43753</v></c></row>`)
		}
		return buildZip(b, []zipEntry{
			{name: "[Content_Types].xml", body: "spreadsheetml.sheet.main"},
			{name: "xl/workbook.xml", body: `<workbook><sheets><sheet name="名单" sheetId="1"/></sheets></workbook>`},
			{name: "xl/styles.xml", body: `<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`},
			{name: "xl/_rels/workbook.xml.rels", body: `<Relationships><Relationship Id="r1" Type="x/styles" Target="styles.xml"/></Relationships>`},
			{name: "xl/worksheets/sheet1.xml", body: `<worksheet><sheetData>` + rows.String() + `</sheetData></worksheet>`},
		})
	}()
	var ofdPages [][]ofdLineSpec
	for range 20 {
		ofdPages = append(ofdPages, ofdNoticePages()...)
	}
	rtf := func() []byte {
		var b2 strings.Builder
		b2.WriteString(`{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fcharset134 x;}}\f0 `)
		for _, p := range paras {
			b2.WriteString(rtfEscapeGBK(b, p) + `\par` + "\n")
		}
		b2.WriteString("}")
		return []byte(b2.String())
	}()
	b.Run("docx", func(b *testing.B) { benchFile(b, "a.docx", docx, Options{}) })
	b.Run("xlsx", func(b *testing.B) { benchFile(b, "a.xlsx", xlsx, Options{}) })
	b.Run("odt", func(b *testing.B) {
		benchFile(b, "a.odt", buildODT(b, odtOptions{pages: docxPages, table: true}), Options{})
	})
	b.Run("ofd", func(b *testing.B) { benchFile(b, "a.ofd", buildOFD(b, ofdPages, nil), Options{}) })
	b.Run("rtf", func(b *testing.B) { benchFile(b, "a.rtf", rtf, Options{}) })
}

// BenchmarkPDF is the text layer of a 30-page PDF (the notice ten times),
// made by LibreOffice: pdfinfo + pdftotext + layout.
func BenchmarkPDF(b *testing.B) {
	needTool(b, "soffice", "pdftotext", "pdfinfo")
	pdf := cached(b, "bench30.pdf", func(dir string) ([]byte, error) {
		return convertWith(dir, buildODT(b, odtOptions{pages: bigNotice(10), header: "清源大学学生处文件", footer: true}), "bench.odt", "pdf")
	})
	res, err := File("a.pdf", pdf, Options{})
	if err != nil || res.Quality.Pages != 30 {
		b.Fatalf("%v %+v", err, res.Quality)
	}
	b.SetBytes(int64(len(pdf)))
	for b.Loop() {
		if _, err := File("a.pdf", pdf, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(30*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkOCRPage is one scanned A4 page of dense Chinese text (the
// notice rendered at 200 dpi), read by tesseract chi_sim+eng.
func BenchmarkOCRPage(b *testing.B) {
	needChinese(b)
	png := encodePNG(b, scanImage(b, 200))
	for b.Loop() {
		if _, err := File("scan.png", png, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/page")
}

// BenchmarkScannedPDFPage adds rendering (pdftoppm) to OCR.
func BenchmarkScannedPDFPage(b *testing.B) {
	needTool(b, "pdftotext", "pdftoppm")
	needChinese(b)
	pdf := imagePDF(b, scanImage(b, 200), 200)
	for b.Loop() {
		if _, err := File("scan.pdf", pdf, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/page")
}

// BenchmarkLegacyDoc is one .doc converted by LibreOffice (process start,
// fresh profile, conversion) and read as DOCX.
func BenchmarkLegacyDoc(b *testing.B) {
	needTool(b, "soffice")
	doc := cached(b, "bench.doc", func(dir string) ([]byte, error) {
		return convertWith(dir, buildDOCX(b, false), "notice.docx", "doc")
	})
	for b.Loop() {
		if _, err := File("a.doc", doc, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/file")
}
