package extract

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// Fixtures for the document formats are built by the tests: the native
// formats by writing their XML, the rest by running the programs CI
// installs (LibreOffice to make PDFs and .doc files, pdftoppm to make
// scans). Nothing binary is checked in.

// The notice every document fixture carries. Its title must come back
// exactly from every format, scans included.
const docTitle = "关于2019年国家奖学金评审工作的通知"

// docParagraphs is the body: long paragraphs that wrap over several lines
// (so that line joining is exercised), a list, a Latin sentence.
var docParagraphs = []string{
	"各学院：",
	"根据教育部、财政部有关文件精神，现将2019年国家奖学金评审工作有关事项通知如下。请各学院高度重视，认真组织，严格按照评审条件和程序开展评审工作，确保评审结果公平公正。",
	"一、评审条件",
	"申请学生须热爱社会主义祖国，拥护中国共产党的领导，遵守宪法和法律，遵守学校规章制度，诚实守信，道德品质优良，学习成绩优异，社会实践、创新能力、综合素质等方面特别突出。",
	"二、名额分配",
	"本年度学校共获得国家奖学金名额一百二十名，由学生处根据各学院在校本科生人数和上一年度评审情况分配到各学院，各学院不得突破分配名额。",
	"The committee reviews every application in English and Chinese before the final list is published on the university website.",
	"三、工作要求",
	"各学院须于10月15日前将评审结果报送学生处，经学校评审委员会审定后在校内公示五个工作日，公示无异议后报上级主管部门审批。",
	"联系人：王老师，联系电话：010-12345678。",
}

// docParagraphsPage2 fill further pages so that running headers repeat.
var docParagraphsPage2 = []string{
	"四、评审程序",
	"学生本人提出申请并填写申请审批表，班级评议小组进行初审，学院评审工作组织审核并确定推荐名单，学校评审委员会组织评审并公示评审结果。",
	"五、其他事项",
	"获得国家奖学金的学生由学校颁发荣誉证书，并将获奖情况记入学生学籍档案。对弄虚作假者，一经查实，取消其获奖资格并追回奖学金。",
}

var docParagraphsPage3 = []string{
	"六、监督与申诉",
	"学生对评审结果有异议的，可在公示期内向学院或学生处提出书面申诉，学校将在五个工作日内予以答复，并对申诉处理情况进行记录备案。",
	"学生处",
	"2019年9月20日",
}

// zipEntry is one member of a generated ZIP.
type zipEntry struct {
	name, body string
	store      bool // no compression (ODF's mimetype)
}

func buildZip(t testing.TB, entries []zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e.store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}

// DOCX

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"`

func wPara(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + xmlEscape(text) + `</w:t></w:r></w:p>`
}

func wTable(rows [][]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>`)
	for _, row := range rows {
		b.WriteString("<w:tr>")
		for _, c := range row {
			b.WriteString("<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>" + wPara(c) + "</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	return b.String()
}

// docxTable is the table in the DOCX fixtures.
var docxTable = [][]string{
	{"序号", "姓名", "学院", "金额（元）"},
	{"1", "张三", "计算机学院", "8000"},
	{"2", "李四", "外国语学院", "8000"},
}

// buildDOCX builds a DOCX with the notice, a table, a header, a footer
// with a page field, a footnote and, when rich, what Word writes that
// must not be read twice or at all: a text box in mc:AlternateContent, a
// tracked deletion, a field code, tab stops.
func buildDOCX(t testing.TB, rich bool) []byte {
	t.Helper()
	var body strings.Builder
	// The title split over runs, as Word does around the digits.
	body.WriteString(`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs><w:jc w:val="center"/></w:pPr>` +
		`<w:r><w:t>关于</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Times New Roman"/></w:rPr><w:t>2019</w:t></w:r>` +
		`<w:r><w:t>年国家奖学金评审工作的通知</w:t></w:r></w:p>`)
	for i, p := range docParagraphs {
		if i == 1 && rich {
			body.WriteString(`<w:p><w:r><w:t>根据教育部、财政部有关文件精神，</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>` +
				`<w:del w:id="9" w:author="x"><w:r><w:delText>已删除的文字</w:delText></w:r></w:del>` +
				`<w:r><w:t>` + strings.TrimPrefix(p, "根据教育部、财政部有关文件精神，") + `</w:t></w:r></w:p>`)
			continue
		}
		body.WriteString(wPara(p))
	}
	body.WriteString(wTable(docxTable))
	if rich {
		body.WriteString(`<w:p><w:r><w:t>姓名</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>张三</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>第二行</w:t></w:r></w:p>`)
		body.WriteString(`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` +
			wPara("文本框内容") + `</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>` +
			wPara("文本框内容") + `</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`)
		body.WriteString(`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \@ "yyyy" </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2019</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`)
	}
	body.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/></w:sectPr>`)
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body.String() + `</w:body></w:document>`
	header := `<?xml version="1.0" encoding="UTF-8"?><w:hdr ` + wNS + `>` + wPara("清源大学学生处") + `</w:hdr>`
	footer := `<?xml version="1.0" encoding="UTF-8"?><w:ftr ` + wNS + `><w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r>` +
		`<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>`
	footnotes := `<?xml version="1.0" encoding="UTF-8"?><w:footnotes ` + wNS + `><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
		`<w:footnote w:id="1">` + wPara("见教财〔2019〕7号文件。") + `</w:footnote></w:footnotes>`
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
		`<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
		`<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>` +
		`<Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://example.edu.cn/" TargetMode="External"/>` +
		`</Relationships>`
	ct := `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
		`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
		`<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>` +
		`</Types>`
	pkgRels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	return buildZip(t, []zipEntry{
		{name: "[Content_Types].xml", body: ct},
		{name: "_rels/.rels", body: pkgRels},
		{name: "word/document.xml", body: doc},
		{name: "word/_rels/document.xml.rels", body: rels},
		{name: "word/header1.xml", body: header},
		{name: "word/footer1.xml", body: footer},
		{name: "word/footnotes.xml", body: footnotes},
	})
}

// XLSX

// buildXLSX builds a workbook with two sheets, shared and inline strings,
// a date, a custom Chinese date format, a percentage, a float with binary
// noise, a boolean, an error value and a gap of empty columns.
func buildXLSX(t testing.TB) []byte {
	t.Helper()
	shared := []string{"2019年国家奖学金获奖学生名单", "序号", "姓名", "学院", "金额", "张三", "计算机学院", "李四", "外国语学院", "评审日期", "合计", "获奖比例"}
	var ss strings.Builder
	ss.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i, s := range shared {
		if i == 5 { // a rich-text string with a phonetic run
			ss.WriteString(`<si><r><t>张</t></r><r><t>三</t></r><rPh sb="0" eb="1"><t>zhang</t></rPh></si>`)
			continue
		}
		ss.WriteString("<si><t>" + xmlEscape(s) + "</t></si>")
	}
	ss.WriteString("</sst>")
	sheet1 := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c><c r="D2" t="s"><v>4</v></c><c r="E2" t="s"><v>9</v></c></row>` +
		`<row r="3"><c r="A3"><v>1</v></c><c r="B3" t="s"><v>5</v></c><c r="C3" t="s"><v>6</v></c><c r="D3"><v>8000</v></c><c r="E3" s="1"><v>43753</v></c></row>` +
		`<row r="4"><c r="A4"><v>2</v></c><c r="B4" t="s"><v>7</v></c><c r="C4" t="s"><v>8</v></c><c r="D4"><v>8000</v></c><c r="E4" s="3"><v>43754</v></c></row>` +
		`<row r="5"/>` +
		`<row r="6"><c r="A6" t="inlineStr"><is><t>备注：名单以公示结果为准</t></is></c><c r="K6" t="b"><v>1</v></c><c r="L6" t="e"><v>#N/A</v></c></row>` +
		`</sheetData></worksheet>`
	sheet2 := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>10</v></c><c r="B1"><f>SUM('2019年奖学金'!D3:D4)</f><v>16000</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>11</v></c><c r="B2" s="2"><v>0.125</v></c><c r="C2"><v>0.30000000000000004</v></c></row>` +
		`</sheetData></worksheet>`
	styles := `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>` +
		`<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
		`<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="10" applyNumberFormat="1"/><xf numFmtId="176" applyNumberFormat="1"/></cellXfs></styleSheet>`
	wb := `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<workbookPr/><sheets><sheet name="2019年奖学金" sheetId="1" r:id="rId1"/><sheet name="汇总" sheetId="2" r:id="rId2"/></sheets></workbook>`
	wbRels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
		`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`</Relationships>`
	ct := `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`
	pkgRels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	return buildZip(t, []zipEntry{
		{name: "[Content_Types].xml", body: ct},
		{name: "_rels/.rels", body: pkgRels},
		{name: "xl/workbook.xml", body: wb},
		{name: "xl/_rels/workbook.xml.rels", body: wbRels},
		{name: "xl/sharedStrings.xml", body: ss.String()},
		{name: "xl/styles.xml", body: styles},
		{name: "xl/worksheets/sheet1.xml", body: sheet1},
		{name: "xl/worksheets/sheet2.xml", body: sheet2},
	})
}

// ODT / ODS

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" ` +
	`xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2"`

// odtOptions shape the generated ODT.
type odtOptions struct {
	pages  [][]string // paragraphs per page; the first page starts with the title
	table  bool       // add the DOCX table on page 1
	note   bool       // add a footnote and a tracked deletion
	header string     // running header text, "" for none
	footer bool       // running footer with page numbers
	image  []byte     // a PNG to place as the only content (a "scan")
}

func buildODT(t testing.TB, o odtOptions) []byte {
	t.Helper()
	var body strings.Builder
	if o.note {
		body.WriteString(`<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">x</dc:creator></office:change-info>` +
			`<text:p>已删除的文字</text:p></text:deletion></text:changed-region></text:tracked-changes>`)
	}
	if o.image != nil {
		body.WriteString(`<text:p text:style-name="Body"><draw:frame draw:name="scan" text:anchor-type="as-char" svg:width="16cm" svg:height="22.6cm">` +
			`<draw:image xlink:href="Pictures/scan.png" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>`)
	}
	for pi, paras := range o.pages {
		if pi == 0 {
			body.WriteString(`<text:h text:style-name="Title" text:outline-level="1">` + docTitle + `</text:h>`)
		}
		for i, p := range paras {
			style := "Body"
			if pi > 0 && i == 0 {
				style = "Break"
			}
			if o.note && pi == 0 && i == 1 {
				body.WriteString(`<text:p text:style-name="` + style + `">` + xmlEscape(p[:len("根据教育部")]) +
					`<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>见教财〔2019〕7号文件。</text:p></text:note-body></text:note>` +
					xmlEscape(p[len("根据教育部"):]) + `</text:p>`)
				continue
			}
			body.WriteString(`<text:p text:style-name="` + style + `">` + strings.ReplaceAll(xmlEscape(p), "  ", `<text:s/>`) + `</text:p>`)
		}
		if o.table && pi == 0 {
			body.WriteString(`<table:table table:name="表1"><table:table-column table:number-columns-repeated="4"/>`)
			for _, row := range docxTable {
				body.WriteString("<table:table-row>")
				for _, c := range row {
					body.WriteString(`<table:table-cell office:value-type="string"><text:p>` + xmlEscape(c) + `</text:p></table:table-cell>`)
				}
				body.WriteString("</table:table-row>")
			}
			body.WriteString("</table:table>")
		}
	}
	content := `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + odfNS + `><office:automatic-styles>` +
		`<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.5cm"/>` +
		`<style:text-properties fo:font-size="18pt" style:font-size-asian="18pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>` +
		`<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="0.85cm" fo:text-align="justify"/></style:style>` +
		`<style:style style:name="Break" style:family="paragraph" style:parent-style-name="Body"><style:paragraph-properties fo:text-indent="0.85cm" fo:text-align="justify" fo:break-before="page"/></style:style>` +
		`</office:automatic-styles><office:body><office:text>` + body.String() + `</office:text></office:body></office:document-content>`
	var hf strings.Builder
	if o.header != "" {
		hf.WriteString(`<style:header><text:p>` + xmlEscape(o.header) + `</text:p></style:header>`)
	}
	if o.footer {
		hf.WriteString(`<style:footer><text:p text:style-name="Footer">第 <text:page-number text:select-page="current">1</text:page-number> 页 共 <text:page-count>1</text:page-count> 页</text:p></style:footer>`)
	}
	styles := `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ` + odfNS + `>` +
		`<office:font-face-decls><style:font-face style:name="Noto Sans CJK SC" svg:font-family="'Noto Sans CJK SC'"/>` +
		`<style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"/></office:font-face-decls>` +
		`<office:styles><style:default-style style:family="paragraph"><style:paragraph-properties fo:line-height="150%"/>` +
		`<style:text-properties style:font-name="DejaVu Serif" style:font-name-asian="Noto Sans CJK SC" fo:font-size="12pt" style:font-size-asian="12pt" fo:language="en" fo:country="US" style:language-asian="zh" style:country-asian="CN"/></style:default-style>` +
		`<style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style></office:styles>` +
		`<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" ` +
		`fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/><style:header-style/><style:footer-style/></style:page-layout></office:automatic-styles>` +
		`<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">` + hf.String() + `</style:master-page></office:master-styles></office:document-styles>`
	manifest := `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
		`<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>`
	entries := []zipEntry{
		{name: "mimetype", body: "application/vnd.oasis.opendocument.text", store: true},
		{name: "content.xml", body: content},
		{name: "styles.xml", body: styles},
	}
	if o.image != nil {
		manifest += `<manifest:file-entry manifest:full-path="Pictures/scan.png" manifest:media-type="image/png"/>`
		entries = append(entries, zipEntry{name: "Pictures/scan.png", body: string(o.image), store: true})
	}
	manifest += `</manifest:manifest>`
	entries = append(entries, zipEntry{name: "META-INF/manifest.xml", body: manifest})
	return buildZip(t, entries)
}

// buildODS builds a spreadsheet with two sheets and repeated empty cells.
func buildODS(t testing.TB) []byte {
	t.Helper()
	row := func(cells ...string) string {
		var b strings.Builder
		b.WriteString("<table:table-row>")
		for _, c := range cells {
			if c == "" {
				b.WriteString(`<table:table-cell table:number-columns-repeated="1000"/>`)
				continue
			}
			b.WriteString(`<table:table-cell office:value-type="string"><text:p>` + xmlEscape(c) + `</text:p></table:table-cell>`)
		}
		b.WriteString("</table:table-row>")
		return b.String()
	}
	content := `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + odfNS + `><office:body><office:spreadsheet>` +
		`<table:table table:name="名单">` + row("2019年国家奖学金获奖学生名单") + row("姓名", "学院") + row("张三", "", "计算机学院") +
		`<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>` +
		`<table:table table:name="汇总">` + row("合计", "2") + `</table:table>` +
		`</office:spreadsheet></office:body></office:document-content>`
	return buildZip(t, []zipEntry{
		{name: "mimetype", body: "application/vnd.oasis.opendocument.spreadsheet", store: true},
		{name: "content.xml", body: content},
	})
}

// OFD

// ofdLineSpec is one line of text on an OFD page, in millimetres.
type ofdLineSpec struct {
	text      string
	x, y      float64 // baseline start
	size      float64
	perLetter bool // one TextCode per character, as some writers do
}

// buildOFD builds an OFD with the given pages. A template carrying a
// running header is attached to every page (and must not be read); each
// page ends with a "- N -" page number. image, if set, is placed on an
// extra last page with no text.
func buildOFD(t testing.TB, pages [][]ofdLineSpec, image []byte) []byte {
	t.Helper()
	ns := `xmlns:ofd="http://www.ofdspec.org/2016"`
	textObj := func(id int, l ofdLineSpec) string {
		var codes strings.Builder
		if l.perLetter {
			x := 0.0
			for _, r := range l.text {
				codes.WriteString(fmt.Sprintf(`<ofd:TextCode X="%.2f" Y="%.2f">%s</ofd:TextCode>`, x, l.size, xmlEscape(string(r))))
				if isWide(r) {
					x += l.size
				} else {
					x += l.size * 0.5
				}
			}
		} else {
			n := len([]rune(l.text))
			codes.WriteString(fmt.Sprintf(`<ofd:TextCode X="0" Y="%.2f" DeltaX="g %d %.2f">%s</ofd:TextCode>`, l.size, n-1, l.size, xmlEscape(l.text)))
		}
		return fmt.Sprintf(`<ofd:TextObject ID="%d" Boundary="%.2f %.2f 170 %.2f" Font="3" Size="%.2f">%s</ofd:TextObject>`,
			id, l.x, l.y-l.size, l.size*1.2, l.size, codes.String())
	}
	var pageEntries []zipEntry
	var pageList strings.Builder
	id := 100
	all := pages
	if image != nil {
		all = append(append([][]ofdLineSpec(nil), pages...), nil)
	}
	for i, lines := range all {
		var objs strings.Builder
		for _, l := range lines {
			id++
			objs.WriteString(textObj(id, l))
		}
		if image != nil && i == len(all)-1 {
			objs.WriteString(`<ofd:ImageObject ID="90" ResourceID="80" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>`)
		} else {
			id++
			objs.WriteString(textObj(id, ofdLineSpec{text: fmt.Sprintf("- %d -", i+1), x: 98, y: 285, size: 3.5}))
		}
		content := `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ` + ns + `><ofd:Area><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:Area>` +
			`<ofd:Template TemplateID="2" ZOrder="Background"/><ofd:Content><ofd:Layer ID="` + fmt.Sprint(id+1000) + `">` + objs.String() +
			`</ofd:Layer></ofd:Content></ofd:Page>`
		pageEntries = append(pageEntries, zipEntry{name: fmt.Sprintf("Doc_0/Pages/Page_%d/Content.xml", i), body: content})
		pageList.WriteString(fmt.Sprintf(`<ofd:Page ID="%d" BaseLoc="Pages/Page_%d/Content.xml"/>`, 10+i, i))
	}
	tpl := `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ` + ns + `><ofd:Content><ofd:Layer ID="5">` +
		textObj(6, ofdLineSpec{text: "清源大学文件", x: 80, y: 20, size: 7}) + `</ofd:Layer></ofd:Content></ofd:Page>`
	doc := `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ` + ns + `><ofd:CommonData><ofd:MaxUnitID>9999</ofd:MaxUnitID>` +
		`<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>` +
		`<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes><ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>` +
		`<ofd:Pages>` + pageList.String() + `</ofd:Pages></ofd:Document>`
	pub := `<?xml version="1.0" encoding="UTF-8"?><ofd:Res ` + ns + ` BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体"/></ofd:Fonts></ofd:Res>`
	docRes := `<?xml version="1.0" encoding="UTF-8"?><ofd:Res ` + ns + ` BaseLoc="Res"><ofd:MultiMedias>` +
		`<ofd:MultiMedia ID="80" Type="Image"><ofd:MediaFile>scan.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>`
	root := `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ` + ns + ` Version="1.0" DocType="OFD"><ofd:DocBody>` +
		`<ofd:DocInfo><ofd:DocID>0C1D4F7159954EEEDE517F7285E84DC4</ofd:DocID><ofd:Title>` + docTitle + `</ofd:Title></ofd:DocInfo>` +
		`<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`
	entries := []zipEntry{
		{name: "OFD.xml", body: root},
		{name: "Doc_0/Document.xml", body: doc},
		{name: "Doc_0/PublicRes.xml", body: pub},
		{name: "Doc_0/DocumentRes.xml", body: docRes},
		{name: "Doc_0/Tpls/Tpl_0/Content.xml", body: tpl},
	}
	entries = append(entries, pageEntries...)
	if image != nil {
		entries = append(entries, zipEntry{name: "Doc_0/Res/scan.png", body: string(image), store: true})
	}
	return buildZip(t, entries)
}

// ofdNoticePages lays the notice out as a writer would: lines of at most
// 34 characters of 4.2 mm from x = 25 mm, a paragraph's first line
// indented by two characters, 7.5 mm between baselines.
func ofdNoticePages() [][]ofdLineSpec {
	const size, left, width = 4.2, 25.0, 34
	var pages [][]ofdLineSpec
	for pi, paras := range [][]string{docParagraphs, docParagraphsPage2, docParagraphsPage3} {
		var lines []ofdLineSpec
		y := 40.0
		if pi == 0 {
			lines = append(lines, ofdLineSpec{text: docTitle, x: 40, y: y, size: 6})
			y += 14
		}
		for _, p := range paras {
			if strings.HasPrefix(p, "The committee") {
				// Latin text: one TextCode per letter, and a line
				// break between two words.
				cut := strings.Index(p, " final")
				lines = append(lines, ofdLineSpec{text: p[:cut], x: left + 2*size, y: y, size: size, perLetter: true})
				y += 7.5
				lines = append(lines, ofdLineSpec{text: p[cut+1:], x: left, y: y, size: size, perLetter: true})
				y += 7.5
				continue
			}
			r := []rune(p)
			first := true
			for len(r) > 0 {
				n := width
				x := left
				if first {
					n, x = width-2, left+2*size
				}
				n = min(n, len(r))
				lines = append(lines, ofdLineSpec{text: string(r[:n]), x: x, y: y, size: size})
				r = r[n:]
				y += 7.5
				first = false
			}
		}
		pages = append(pages, lines)
	}
	return pages
}

// RTF

// rtfEscapeGBK writes s as RTF text in code page 936: ASCII as is, every
// other byte as \'hh.
func rtfEscapeGBK(t testing.TB, s string) string {
	var b strings.Builder
	for _, c := range gbk(t, s) {
		switch {
		case c >= 0x80:
			fmt.Fprintf(&b, `\'%02x`, c)
		case c == '\\' || c == '{' || c == '}':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// rtfUnicode writes s as \uN? escapes (with \uc1 fallbacks "?").
func rtfUnicode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		v := int(r)
		if v > 32767 {
			v -= 65536
		}
		fmt.Fprintf(&b, `\u%d?`, v)
	}
	return b.String()
}

// buildRTF builds an RTF as Chinese Word and WPS write it: code page 936,
// a font table, a colour table, \*\ destinations, a picture, a header, a
// table, \u escapes with GBK fallbacks.
func buildRTF(t testing.TB) []byte {
	var b strings.Builder
	b.WriteString(`{\rtf1\ansi\ansicpg936\deff0\deflang1033\deflangfe2052{\fonttbl{\f0\fnil\fcharset134 ` + rtfEscapeGBK(t, "宋体") + `;}{\f1\fswiss\fcharset0 Arial;}}` + "\r\n")
	b.WriteString(`{\colortbl ;\red255\green0\blue0;}{\*\generator Riched20 10.0.19041}{\info{\title ` + rtfEscapeGBK(t, "标题信息") + `}{\author x}}` + "\r\n")
	b.WriteString(`{\header \pard\plain ` + rtfEscapeGBK(t, "清源大学学生处") + `\par}` + "\r\n")
	b.WriteString(`\viewkind4\uc1\pard\qc\f0\fs32 ` + rtfEscapeGBK(t, docTitle) + `\par` + "\r\n")
	for _, p := range docParagraphs[:4] {
		b.WriteString(`\pard\fi420\f0\fs24 ` + rtfEscapeGBK(t, p) + `\par` + "\r\n")
	}
	// \u escapes with a GBK fallback of two bytes (\uc2).
	b.WriteString(`\pard{\uc2\u22269\'b9\'fa\u23478\'bc\'d2}` + rtfEscapeGBK(t, "奖学金") + `\par` + "\r\n")
	// \uc1 with "?" fallbacks, a character outside the BMP (𠀀, U+20000) as a surrogate pair.
	b.WriteString(`\pard ` + rtfUnicode("统一码文字") + `\u-10176?\u-9216?\par` + "\r\n")
	b.WriteString(`{\pict\pngblip\picw10\pich10 89504e470d0a1a0a0000000d49484452}` + "\r\n")
	b.WriteString(`{\*\bkmkstart x}{\*\shppict{\pict\wmetafile8 0100090000}}` + "\r\n")
	b.WriteString(`\pard\f1 Latin text with \{braces\} and a backslash \\ here.\par` + "\r\n")
	b.WriteString(`\trowd\cellx2000\cellx4000\cellx6000\pard\intbl\f0 ` + rtfEscapeGBK(t, "张三") + `\cell ` + rtfEscapeGBK(t, "计算机学院") + `\cell 8000\cell\row` + "\r\n")
	b.WriteString(`\trowd\cellx2000\cellx4000\cellx6000\pard\intbl ` + rtfEscapeGBK(t, "李四") + `\cell ` + rtfEscapeGBK(t, "外国语学院") + `\cell 8000\cell\row` + "\r\n")
	b.WriteString(`\pard ` + rtfEscapeGBK(t, "学生处") + `\par` + "\r\n")
	b.WriteString(`{\*\datastore 0105000002000000}` + "\r\n}")
	return []byte(b.String())
}

// Images

// writeTIFF encodes a grey image as an uncompressed little-endian TIFF
// (the standard library has no TIFF encoder).
func writeTIFF(img *image.Gray, dpi int) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	type entry struct {
		tag, typ uint16
		count    uint32
		value    uint32
	}
	const nEntries = 12
	ifdOff := uint32(8)
	ratOff := ifdOff + 2 + nEntries*12 + 4
	dataOff := ratOff + 16
	entries := []entry{
		{256, 4, 1, uint32(w)}, {257, 4, 1, uint32(h)}, {258, 3, 1, 8}, {259, 3, 1, 1},
		{262, 3, 1, 1}, {273, 4, 1, dataOff}, {277, 3, 1, 1}, {278, 4, 1, uint32(h)},
		{279, 4, 1, uint32(w * h)}, {282, 5, 1, ratOff}, {283, 5, 1, ratOff + 8}, {296, 3, 1, 2},
	}
	var b bytes.Buffer
	b.WriteString("II")
	le := binary.LittleEndian
	_ = binary.Write(&b, le, uint16(42))
	_ = binary.Write(&b, le, ifdOff)
	_ = binary.Write(&b, le, uint16(nEntries))
	for _, e := range entries {
		_ = binary.Write(&b, le, e.tag)
		_ = binary.Write(&b, le, e.typ)
		_ = binary.Write(&b, le, e.count)
		if e.typ == 3 {
			_ = binary.Write(&b, le, uint16(e.value))
			_ = binary.Write(&b, le, uint16(0))
		} else {
			_ = binary.Write(&b, le, e.value)
		}
	}
	_ = binary.Write(&b, le, uint32(0))
	for range 2 {
		_ = binary.Write(&b, le, uint32(dpi))
		_ = binary.Write(&b, le, uint32(1))
	}
	for y := 0; y < h; y++ {
		b.Write(img.Pix[y*img.Stride : y*img.Stride+w])
	}
	return b.Bytes()
}

// imagePDF wraps a grey image into a one-page PDF, as a scanner does:
// no text, one Flate-compressed image covering the page.
func imagePDF(t testing.TB, img *image.Gray, dpi int) []byte {
	t.Helper()
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var pix bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&pix, flate.BestSpeed)
	for y := 0; y < h; y++ {
		_, _ = zw.Write(img.Pix[y*img.Stride : y*img.Stride+w])
	}
	_ = zw.Close()
	pw, ph := float64(w)*72/float64(dpi), float64(h)*72/float64(dpi)
	content := fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", pw, ph)
	return writePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>", pw, ph),
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", w, h, pix.Len(), pix.String()),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	})
}

// writePDF writes objects 1…n (1 is the catalog) with a correct
// cross-reference table.
func writePDF(objs []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// cidPDF hand-builds a one-page PDF whose text is drawn with a Type0 font
// in the Identity-H encoding (two-byte glyph numbers, a CIDFontType2
// descendant) and a ToUnicode CMap, which is how Word and WPS write
// Chinese. The glyph numbers are arbitrary: only the ToUnicode map says
// which character each one is. The font program is not embedded, which
// does not matter for the text layer. lines are drawn from the top left,
// 18 points apart, at 12 points, wide characters 12 points wide and others
// 6; an entry starting with a tab is indented by two characters.
func cidPDF(lines []string) []byte {
	cids := map[rune]int{}
	var order []rune
	for _, l := range lines {
		for _, r := range strings.TrimPrefix(l, "\t") {
			if _, ok := cids[r]; !ok {
				cids[r] = len(order) + 1
				order = append(order, r)
			}
		}
	}
	var content strings.Builder
	content.WriteString("BT /F1 12 Tf\n")
	y := 780.0
	for _, l := range lines {
		x := 72.0
		if strings.HasPrefix(l, "\t") {
			x += 24
			l = l[1:]
		}
		fmt.Fprintf(&content, "1 0 0 1 %.1f %.1f Tm <", x, y)
		for _, r := range l {
			fmt.Fprintf(&content, "%04X", cids[r])
		}
		content.WriteString("> Tj\n")
		y -= 18
	}
	content.WriteString("ET")
	var widths strings.Builder
	for _, r := range order {
		if isWide(r) {
			widths.WriteString("1000 ")
		} else {
			widths.WriteString("500 ")
		}
	}
	var cmap strings.Builder
	cmap.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(order); i += 100 {
		chunk := order[i:min(i+100, len(order))]
		fmt.Fprintf(&cmap, "%d beginbfchar\n", len(chunk))
		for k, r := range chunk {
			u := utf16.Encode([]rune{r})
			fmt.Fprintf(&cmap, "<%04X> <", i+k+1)
			for _, c := range u {
				fmt.Fprintf(&cmap, "%04X", c)
			}
			cmap.WriteString(">\n")
		}
		cmap.WriteString("endbfchar\n")
	}
	cmap.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return writePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> " +
			"/FontDescriptor 8 0 R /W [1 [" + widths.String() + "]] /CIDToGIDMap /Identity >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", cmap.Len(), cmap.String()),
		"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
	})
}

// External programs

// needTool skips the test when a program is missing. CI installs them
// all (poppler-utils, tesseract-ocr, tesseract-ocr-chi-sim, libreoffice),
// so there the tests run.
func needTool(t testing.TB, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			t.Skipf("%s 未安装（CI 会安装 poppler-utils tesseract-ocr tesseract-ocr-chi-sim libreoffice），跳过", n)
		}
	}
}

// needChinese skips OCR tests when the Chinese language data is missing.
func needChinese(t testing.TB) {
	t.Helper()
	needTool(t, "tesseract")
	if msg := missingLanguages(context.Background(), mustLook(t, "tesseract"), DefaultOCRLanguages); msg != "" {
		t.Skip(msg)
	}
}

func mustLook(t testing.TB, name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skip(err)
	}
	return p
}

// fixtures caches what programs generate: every test that needs the PDF
// of the notice shares one soffice run.
var fixtures sync.Map // name → *fixture

type fixture struct {
	once sync.Once
	data []byte
	err  error
}

func cached(t testing.TB, name string, make func(dir string) ([]byte, error)) []byte {
	t.Helper()
	v, _ := fixtures.LoadOrStore(name, &fixture{})
	f := v.(*fixture)
	f.once.Do(func() {
		dir, err := os.MkdirTemp("", "extract-fixture-")
		if err != nil {
			f.err = err
			return
		}
		defer os.RemoveAll(dir)
		f.data, f.err = make(dir)
	})
	if f.err != nil {
		t.Fatalf("fixture %s: %v", name, f.err)
	}
	return f.data
}

// convertWith runs soffice on input (named name) and returns the
// converted file. Each call uses a private profile, like convertLegacy.
func convertWith(dir string, input []byte, name, target string) ([]byte, error) {
	in := filepath.Join(dir, name)
	if err := os.WriteFile(in, input, 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", target, "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("soffice: %v: %s", err, out)
	}
	ext := target
	if i := strings.IndexByte(ext, ':'); i >= 0 {
		ext = ext[:i]
	}
	return os.ReadFile(strings.TrimSuffix(in, filepath.Ext(in)) + "." + ext)
}

// noticePages are the three pages of the notice.
func noticePages() [][]string {
	return [][]string{docParagraphs, docParagraphsPage2, docParagraphsPage3}
}

// noticePDF is the notice as a three-page PDF with a CJK font embedded
// as a CID font with a ToUnicode map, a running header and page numbers,
// made by LibreOffice from a generated ODT.
func noticePDF(t testing.TB) []byte {
	needTool(t, "soffice")
	return cached(t, "notice.pdf", func(dir string) ([]byte, error) {
		odt := buildODT(t, odtOptions{pages: noticePages(), header: "清源大学学生处文件", footer: true})
		return convertWith(dir, odt, "notice.odt", "pdf")
	})
}

// garbagePDF is noticePDF with its ToUnicode maps disabled (the key
// renamed in place, so the cross-reference offsets stay valid): what a
// PDF made by a tool that subsets fonts without Unicode maps looks like.
func garbagePDF(t testing.TB) []byte {
	pdf := bytes.Clone(noticePDF(t))
	n := bytes.Count(pdf, []byte("/ToUnicode"))
	if n == 0 {
		t.Fatal("fixture PDF has no /ToUnicode")
	}
	return bytes.ReplaceAll(pdf, []byte("/ToUnicode"), []byte("/ToUnicodX"))
}

// scanImage renders the first page of the notice as a grey image at dpi,
// as a scanner would deliver it.
func scanImage(t testing.TB, dpi int) *image.Gray {
	needTool(t, "pdftoppm")
	pdf := noticePDF(t)
	data := cached(t, fmt.Sprintf("scan-%d.png", dpi), func(dir string) ([]byte, error) {
		in := filepath.Join(dir, "in.pdf")
		if err := os.WriteFile(in, pdf, 0o600); err != nil {
			return nil, err
		}
		out := filepath.Join(dir, "page")
		cmd := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", in, out)
		if b, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("pdftoppm: %v: %s", err, b)
		}
		return os.ReadFile(out + ".png")
	})
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Rect, img, img.Bounds().Min, draw.Src)
	return g
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
