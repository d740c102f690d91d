package extract

import (
	"fmt"
	"image"
	"strings"
	"testing"
)

// Tests of the natively read formats: DOCX, XLSX, ODT, ODS, OFD, RTF.

func TestDOCX(t *testing.T) {
	res, err := File("notice.docx", buildDOCX(t, true), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	if res.Title != docTitle || res.Format != FormatDOCX {
		t.Errorf("title %q format %s", res.Title, res.Format)
	}
	wantLines(t, res.Text, append(docParagraphs,
		docTitle,
		"序号 | 姓名 | 学院 | 金额（元）",
		"1 | 张三 | 计算机学院 | 8000",
		"姓名 张三",          // w:tab
		"第二行",            // w:br
		"见教财〔2019〕7号文件。", // footnote
		"清源大学学生处",        // header, at the end
	)...)
	// The text box once (mc:Fallback skipped); no deleted text, field
	// code or page number.
	if n := strings.Count(res.Text, "文本框内容"); n != 1 {
		t.Errorf("text box %d times", n)
	}
	mustNotContain(t, res.Text, "已删除的文字", "DATE", "yyyy", "第 1 页", "第1页")
	if !strings.HasSuffix(res.Text, "清源大学学生处") {
		t.Errorf("header not last:\n%s", res.Text)
	}
	q := res.Quality
	if q.Extractor != "docx" || q.Encoding != EncUTF8 || q.NeedsAttention() {
		t.Errorf("quality %+v", q)
	}
}

func TestDOCXMissingBody(t *testing.T) {
	data := buildZip(t, []zipEntry{{name: "[Content_Types].xml", body: `<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`}})
	r := wantRejection(t, second(File("x.docx", data, Options{})), CodeMalformed)
	if !strings.Contains(r.Reason, "word/document.xml") {
		t.Errorf("reason %q", r.Reason)
	}
}

// TestDOCXBrokenXMLKeepsText: a part cut short keeps the text before the
// break, with a warning for staff.
func TestDOCXBrokenXMLKeepsText(t *testing.T) {
	doc := `<w:document ` + wNS + `><w:body>` + wPara("第一段") + wPara("第二段") + `<w:p><w:r><w:t>第三`
	data := buildZip(t, []zipEntry{
		{name: "[Content_Types].xml", body: `wordprocessingml.document.main`},
		{name: "word/document.xml", body: doc},
	})
	res, err := File("x.docx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.Text, "第一段\n第二段") || len(res.Quality.Warnings) != 1 || !res.Quality.NeedsAttention() {
		t.Errorf("result %q %+v", res.Text, res.Quality)
	}
}

func TestXLSX(t *testing.T) {
	res, err := File("list.xlsx", buildXLSX(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	want := strings.Join([]string{
		"2019年奖学金",
		"2019年国家奖学金获奖学生名单",
		"序号 | 姓名 | 学院 | 金额 | 评审日期",
		"1 | 张三 | 计算机学院 | 8000 | 2019-10-15",
		// A custom Chinese date format (yyyy"年"m"月"d"日") is shown
		// as a date, in the ISO form search expects.
		"2 | 李四 | 外国语学院 | 8000 | 2019-10-16",
		"备注：名单以公示结果为准 | | | | | | | | | TRUE",
		"汇总",
		"合计 | 16000",
		"获奖比例 | 12.5% | 0.3",
	}, "\n")
	if res.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", res.Text, want)
	}
	if res.Title != "2019年国家奖学金获奖学生名单" || res.Format != FormatXLSX || res.Quality.Extractor != "xlsx" {
		t.Errorf("title %q %+v", res.Title, res.Quality)
	}
}

func TestNumFmtKind(t *testing.T) {
	cases := []struct {
		id   int
		code string
		want numKind
	}{
		{0, "", numGeneral}, {14, "", numDate}, {31, "", numDate}, {57, "", numDate}, {9, "", numPercent},
		{176, `yyyy"年"m"月"d"日"`, numDate}, {177, `#,##0.00"元"`, numGeneral}, {178, "0.0%", numPercent},
		{179, `[$-F800]dddd, mmmm dd, yyyy`, numDate}, {180, "[h]:mm:ss", numDate}, {181, `[Red]#,##0;[Blue]-#,##0`, numGeneral},
		{182, "General", numGeneral}, {183, `0.00E+00`, numGeneral}, {184, `"第"0"名"`, numGeneral},
	}
	for _, c := range cases {
		if got := numFmtKind(c.id, c.code); got != c.want {
			t.Errorf("numFmtKind(%d, %q) = %d, want %d", c.id, c.code, got, c.want)
		}
	}
}

func TestCellValues(t *testing.T) {
	cases := []struct {
		typ, raw string
		kind     numKind
		want     string
	}{
		{"", "8000", numGeneral, "8000"},
		{"n", "0.30000000000000004", numGeneral, "0.3"},
		{"", "1.10101199001011E+17", numGeneral, "110101199001011000"},
		{"", "1e-9", numGeneral, "1e-09"},
		{"", "43753", numDate, "2019-10-15"},
		{"", "43753.5", numDate, "2019-10-15 12:00"},
		{"", "0.75", numDate, "18:00:00"},
		{"", "0.125", numPercent, "12.5%"},
		{"b", "0", numGeneral, "FALSE"},
		{"e", "#DIV/0!", numGeneral, ""},
		{"s", "7", numGeneral, ""},
		{"s", "1", numGeneral, "乙"},
		{"", "abc", numGeneral, "abc"},
	}
	for _, c := range cases {
		if got := cellValue(c.typ, c.raw, c.kind, []string{"甲", "乙"}, false); got != c.want {
			t.Errorf("cellValue(%q, %q) = %q, want %q", c.typ, c.raw, got, c.want)
		}
	}
	if got, _ := excelDate(0, true); got != "1904-01-01" {
		t.Errorf("1904 system: %s", got)
	}
	if c, ok := columnIndex("AB12"); !ok || c != 27 {
		t.Errorf("columnIndex AB12 = %d", c)
	}
}

func TestODT(t *testing.T) {
	res, err := File("notice.odt", buildODT(t, odtOptions{pages: noticePages(), table: true, note: true, header: "清源大学学生处", footer: true}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	wantLines(t, res.Text, allParagraphs()...)
	wantLines(t, res.Text, "1 | 张三 | 计算机学院 | 8000", "见教财〔2019〕7号文件。", "清源大学学生处")
	mustNotContain(t, res.Text, "已删除的文字", "页 共")
	// The footnote is moved out of its sentence.
	mustContain(t, res.Text, "根据教育部、财政部有关文件精神")
	if res.Title != docTitle || res.Format != FormatODT || res.Quality.Extractor != "odt" {
		t.Errorf("title %q %+v", res.Title, res.Quality)
	}
}

func TestODS(t *testing.T) {
	res, err := File("list.ods", buildODS(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "名单\n2019年国家奖学金获奖学生名单\n姓名 | 学院\n张三 | | | | | | | | | 计算机学院\n汇总\n合计 | 2"
	if res.Text != want || res.Title != "2019年国家奖学金获奖学生名单" || res.Format != FormatODS {
		t.Errorf("text %q title %q", res.Text, res.Title)
	}
}

func TestOFD(t *testing.T) {
	res, err := File("notice.ofd", buildOFD(t, ofdNoticePages(), nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	// Lines broken inside Chinese text are joined without a space, a
	// Latin line placed letter by letter gets its word spaces back, the
	// template header and "- N -" are gone.
	if got, want := res.Text, strings.Join(allParagraphs(), "\n"); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
	q := res.Quality
	if res.Title != docTitle || res.Format != FormatOFD || q.Extractor != "ofd" || q.Pages != 3 || q.TextLayer != TextLayerOK {
		t.Errorf("title %q %+v", res.Title, q)
	}
}

func TestOFDScannedPage(t *testing.T) {
	needChinese(t)
	img := encodePNG(t, scanImage(t, 200))
	res, err := File("scan.ofd", buildOFD(t, ofdNoticePages()[:1], img), Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Quality
	if q.Pages != 2 || q.TextLayer != TextLayerPartial || q.OCR == nil || q.OCR.Pages != 1 || q.Extractor != "ofd+tesseract" {
		t.Fatalf("quality %+v", q)
	}
	mustContain(t, res.Text, docParagraphs[1], "名额分配")
}

func TestOFDScannedWithoutOCR(t *testing.T) {
	data := buildOFD(t, nil, encodePNG(t, image.NewGray(image.Rect(0, 0, 50, 50))))
	res, err := File("scan.ofd", data, Options{NoOCR: true})
	r := wantRejection(t, err, CodeNeedsOCR)
	if !strings.Contains(r.Reason, "OFD") || res.Quality.TextLayer != TextLayerNone {
		t.Errorf("reason %q quality %+v", r.Reason, res.Quality)
	}
}

func TestOFDErrors(t *testing.T) {
	noRoot := buildZip(t, []zipEntry{{name: "OFD.xml", body: `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody/></ofd:OFD>`}})
	wantRejection(t, second(File("x.ofd", noRoot, Options{})), CodeMalformed)
	noDoc := buildZip(t, []zipEntry{{name: "OFD.xml", body: `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`}})
	wantRejection(t, second(File("x.ofd", noDoc, Options{})), CodeMalformed)
}

func TestParseDeltas(t *testing.T) {
	got := parseDeltas("g 3 4.2 1 g 2 0.5 x")
	want := []float64{4.2, 4.2, 4.2, 1, 0.5, 0.5}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v", got)
		}
	}
	if n := len(parseDeltas("g 999999999 1")); n != 1<<16 {
		t.Errorf("repetition not capped: %d", n)
	}
}

func TestRTF(t *testing.T) {
	res, err := File("notice.rtf", buildRTF(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	want := strings.Join(append([]string{docTitle}, append(docParagraphs[:4:4],
		"国家奖学金",  // \u with a two-byte \'hh fallback skipped by \uc2
		"统一码文字𠀀", // \u escapes, a surrogate pair
		`Latin text with {braces} and a backslash \ here.`,
		"张三 | 计算机学院 | 8000",
		"李四 | 外国语学院 | 8000",
		"学生处")...), "\n")
	if res.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", res.Text, want)
	}
	mustNotContain(t, res.Text, "宋体", "标题信息", "清源大学学生处", "Riched", "89504e47")
	if res.Encoding != EncGB18030 || res.Format != FormatRTF || res.Quality.Extractor != "rtf" || res.Confidence != 1 {
		t.Errorf("%s %s %+v", res.Encoding, res.Format, res.Quality)
	}
}

func TestRTFCodePages(t *testing.T) {
	b5 := big5(t, "國立臺灣大學")
	var esc strings.Builder
	for _, c := range b5 {
		fmt.Fprintf(&esc, `\'%02x`, c)
	}
	cases := []struct {
		rtf, want string
	}{
		// The font's charset decides: Big5 in a document declared 1252.
		{`{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\fswiss Arial;}{\f1\fnil\fcharset136 MingLiU;}}\f0 caf\'e9 \f1 ` + esc.String() + `\par}`, "café 國立臺灣大學"},
		// No \ansicpg: Windows-1252.
		{`{\rtf1\ansi na\'efve\par}`, "naïve"},
		// Symbol font bytes are not text.
		{`{\rtf1\ansi\ansicpg936{\fonttbl{\f2\fcharset2 Symbol;}}{\f2\'b7}ok\par}`, "ok"},
		// \bin data is skipped by length, even when it holds braces.
		{`{\rtf1 a{\pict\bin4 }}{{}b\par}`, "ab"},
		// An unterminated file keeps its text.
		{`{\rtf1\ansi\ansicpg936 \'d6\'d0\'ce\'c4`, "中文"},
		{`{\rtf1 \emdash\~\ldblquote x\rdblquote\par}`, "— “x”"},
	}
	for _, c := range cases {
		res, err := File("x.rtf", []byte(c.rtf), Options{})
		if err != nil || res.Text != c.want {
			t.Errorf("%s: %q %v, want %q", c.rtf, res.Text, err, c.want)
		}
	}
}

func TestRTFTooDeep(t *testing.T) {
	deep := "{\\rtf1 " + strings.Repeat("{", 2000) + "x" + strings.Repeat("}", 2001)
	r := wantRejection(t, second(File("deep.rtf", []byte(deep), Options{})), CodeMalformed)
	if !strings.Contains(r.Reason, "嵌套") {
		t.Errorf("reason %q", r.Reason)
	}
}
