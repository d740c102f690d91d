package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// A minimal WordprocessingML package, written by hand (no new modules):
// [Content_Types].xml, the package and document relationships, the core and
// app properties, a style sheet with the headings and a bordered table
// style, and word/document.xml with the report's headings, paragraphs and
// tables. Links become hyperlinks when they are absolute (Options.BaseURL);
// a relative link means nothing outside the archive's site.

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"
	xmlHd = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// docx accumulates the body of word/document.xml and its hyperlinks.
type docx struct {
	body  bytes.Buffer
	links []string // hyperlink targets; relationship ids rId2… (rId1 is the styles)
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// run is a text run; bold when asked. Line breaks become <w:br/>.
func run(text string, bold bool) string {
	var b strings.Builder
	b.WriteString("<w:r>")
	if bold {
		b.WriteString("<w:rPr><w:b/></w:rPr>")
	}
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		b.WriteString(`<w:t xml:space="preserve">` + esc(line) + "</w:t>")
	}
	b.WriteString("</w:r>")
	return b.String()
}

// link is a run that is a hyperlink when url is absolute.
func (d *docx) link(text, url string) string {
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return run(text, false)
	}
	d.links = append(d.links, url)
	id := "rId" + strconv.Itoa(len(d.links)+1)
	return `<w:hyperlink r:id="` + id + `"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">` +
		esc(text) + "</w:t></w:r></w:hyperlink>"
}

func (d *docx) para(style, runs string) {
	d.body.WriteString("<w:p>")
	if style != "" {
		d.body.WriteString(`<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`)
	}
	d.body.WriteString(runs)
	d.body.WriteString("</w:p>")
}

func (d *docx) heading(level int, text string) {
	style := "Heading" + strconv.Itoa(level)
	if level == 0 {
		style = "Title"
	}
	d.para(style, run(text, false))
}

// text writes staff-written text, one paragraph per line, or a note that
// it is still to be written.
func (d *docx) text(s string) {
	ps := Paragraphs(s)
	if len(ps) == 0 {
		d.para("", run("（待填写）", false))
		return
	}
	for _, p := range ps {
		d.para("", run(p, false))
	}
}

// cell is a table cell: its runs, and whether it holds a number (right
// aligned).
type cell struct {
	runs   string
	number bool
}

func textCell(s string) cell                { return cell{runs: run(s, false)} }
func numCell(n int) cell                    { return cell{runs: run(strconv.Itoa(n), false), number: true} }
func numText(s string) cell                 { return cell{runs: run(s, false), number: true} }
func (d *docx) linkCell(s, url string) cell { return cell{runs: d.link(s, url)} }

// table writes a bordered table with a header row repeated on each page.
// widths are the columns' shares of the text width, in percent.
func (d *docx) table(head []string, widths []int, rows [][]cell) {
	const textWidth = 9026 // A4 less 2.54 cm margins, in twentieths of a point
	b := &d.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, textWidth*w/100)
	}
	b.WriteString("</w:tblGrid>")
	b.WriteString("<w:tr><w:trPr><w:tblHeader/></w:trPr>")
	for i, h := range head {
		fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr><w:p>%s</w:p></w:tc>`, textWidth*widths[i]/100, run(h, true))
	}
	b.WriteString("</w:tr>")
	for _, row := range rows {
		b.WriteString("<w:tr>")
		for i, c := range row {
			jc := ""
			if c.number {
				jc = `<w:pPr><w:jc w:val="right"/></w:pPr>`
			}
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr><w:p>%s%s</w:p></w:tc>`, textWidth*widths[i]/100, jc, c.runs)
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	d.para("", "") // Word wants a paragraph between a table and what follows
}

// WriteDOCX writes the report as a Word document (.docx).
func (r *Report) WriteDOCX(w io.Writer) error {
	d := &docx{}
	d.heading(0, r.Title)
	d.para("", run("报告期间："+r.PeriodLabel()+"　生成时间："+r.GeneratedLabel(), false))

	d.heading(1, "一、概述")
	d.text(r.Narrative.Overview)

	d.heading(1, "二、主动公开情况")
	d.para("", run(fmt.Sprintf("本期主动公开信息 %d 条。以下数字均与同条件检索所得条数一致。", r.Proactive.Total), false))
	for _, s := range r.Breakdowns() {
		d.heading(2, s.Title)
		var rows [][]cell
		for _, c := range s.B.Values {
			label := c.Label
			if c.Label != c.Value {
				label = c.Value + " " + c.Label
			}
			rows = append(rows, []cell{d.linkCell(label, c.SearchURL), numCell(c.Count)})
		}
		if s.B.Unspecified > 0 {
			rows = append(rows, []cell{textCell(s.None), numCell(s.B.Unspecified)})
		}
		rows = append(rows, []cell{textCell("合计"), numCell(s.Total)})
		d.table([]string{s.Head, "条数"}, []int{80, 20}, rows)
	}
	d.heading(2, "（四）按月份")
	var months [][]cell
	for _, m := range r.Proactive.ByMonth {
		months = append(months, []cell{d.linkCell(m.Label, m.SearchURL), numCell(m.Count)})
	}
	d.table([]string{"月份", "条数"}, []int{80, 20}, months)

	d.heading(1, "三、依申请公开情况")
	if rows := r.RequestRows(); rows == nil {
		d.para("", run(r.Requests.Note+"。", false))
	} else {
		var cells [][]cell
		for _, row := range rows {
			cells = append(cells, []cell{textCell(row[0]), numText(row[1])})
		}
		d.table([]string{"项目", "数量"}, []int{80, 20}, cells)
	}

	d.heading(1, "四、举报/投诉、行政复议、行政诉讼情况")
	var cases [][]cell
	for _, c := range r.Cases {
		row := []cell{textCell(c.Label)}
		for _, v := range c.Cells() {
			row = append(row, numText(v))
		}
		cases = append(cases, row)
	}
	d.table(append([]string{"类型"}, CaseColumns...), []int{25, 15, 15, 15, 15, 15}, cases)
	for _, c := range r.Cases {
		if c.Note != "" {
			d.para("", run(c.Label+"："+c.Note, false))
		}
	}

	d.heading(1, "五、主要问题和改进措施")
	d.text(r.Narrative.Problems)

	d.heading(1, "附表：清单事项公开情况表")
	d.para("", run(fmt.Sprintf("依据%s%s，共 %d 类 %d 项。", r.Checklist.Title, bracket(r.Checklist.DocumentNumber),
		r.Checklist.Categories, r.Checklist.Items), false))
	var items [][]cell
	for _, it := range r.Items {
		latest := DateLabel(it.Latest)
		if it.Count == 0 {
			latest = "本期未公开"
		}
		items = append(items, []cell{textCell(it.Code), textCell(it.Category), d.linkCell(it.Name, it.SearchURL),
			numCell(it.Count), textCell(latest)})
	}
	d.table([]string{"编号", "类别", "事项", "本期公开", "最近公开日期"}, []int{11, 17, 44, 10, 18}, items)

	return d.write(w, r)
}

// write zips the package. Entries carry the report's time, so the same
// report gives the same bytes.
func (d *docx) write(w io.Writer, r *Report) error {
	modified, err := time.Parse(time.RFC3339, r.GeneratedAt)
	if err != nil {
		modified = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var rels strings.Builder
	rels.WriteString(xmlHd + `<Relationships xmlns="` + nsRel + `">`)
	rels.WriteString(`<Relationship Id="rId1" Type="` + nsR + `/styles" Target="styles.xml"/>`)
	for i, u := range d.links {
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/hyperlink" Target="%s" TargetMode="External"/>`, i+2, nsR, esc(u))
	}
	rels.WriteString(`</Relationships>`)
	doc := xmlHd + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>` + d.body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"` +
		` w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`
	core := xmlHd + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>` + esc(r.Title) + `</dc:title>` +
		`<dc:creator>信息公开检索档案库</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">` +
		modified.UTC().Format(time.RFC3339) + `</dcterms:created></cp:coreProperties>`
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"docProps/core.xml", core},
		{"docProps/app.xml", appProps},
		{"word/document.xml", doc},
		{"word/styles.xml", styles},
		{"word/_rels/document.xml.rels", rels.String()},
	}
	z := zip.NewWriter(w)
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return fmt.Errorf("report: write docx %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("report: write docx %s: %w", p.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("report: write docx: %w", err)
	}
	return nil
}

const contentTypes = xmlHd + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRels = xmlHd + `<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rId1" Type="` + nsR + `/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + nsR + `/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appProps = xmlHd + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>xxgk-archive</Application></Properties>`

// styles: 宋体 body, 黑体 headings, a bordered table style.
const styles = xmlHd + `<w:styles xmlns:w="` + nsW + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/>` +
	`<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/></w:pPr>` +
	`<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr>` +
	`<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr>` +
	`<w:rPr><w:rFonts w:eastAsia="楷体"/><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>` +
	`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>` +
	`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>` +
	`<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>` +
	`<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style>` +
	`</w:styles>`
