package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// XLSX (Office Open XML spreadsheet) is read natively. Every sheet of the
// workbook, hidden ones included, becomes a heading line with the sheet's
// name followed by one line per non-empty row, cells joined by " | ":
//
//	2019年奖学金
//	序号 | 姓名 | 学院 | 金额
//	1 | 张三 | 计算机学院 | 8000
//
// Cell values are shown as a reader sees them, not as stored: shared and
// inline strings resolved, booleans as TRUE/FALSE, dates (numbers whose
// number format is a date format, built-in or custom, the Chinese ones
// included) as 2019-10-12, percentages as 12.5%, other numbers without
// binary floating-point noise (0.1+0.2 is shown as 0.3). Formulas are not
// text: their cached value is. Error values (#N/A) are left out.

// extractXLSX extracts a .xlsx file.
func extractXLSX(ctx context.Context, data []byte, opt Options) (Result, error) {
	opt.SetDefaults()
	z, err := openZip(data, opt)
	if err != nil {
		return Result{}, err
	}
	return xlsxFromPkg(ctx, z, opt, "xlsx")
}

// xlsxSheet is a sheet listed in the workbook.
type xlsxSheet struct {
	name, part string
}

// xlsxStyles says, for each cell format index (the s attribute), how its
// numbers are shown.
type xlsxStyles struct {
	kinds []numKind
}

type numKind uint8

const (
	numGeneral numKind = iota
	numDate
	numPercent
)

func (s *xlsxStyles) kind(idx string) numKind {
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || i >= len(s.kinds) {
		return numGeneral
	}
	return s.kinds[i]
}

func xlsxFromPkg(ctx context.Context, z *zipPkg, opt Options, extractor string) (Result, error) {
	q := Quality{Extractor: extractor}
	wbPart := relOfType(readRels(ctx, z, "", opt.MaxDepth), "/officeDocument")
	if wbPart == "" || !z.has(wbPart) {
		wbPart = "xl/workbook.xml"
	}
	wb, err := z.read(wbPart)
	if errors.Is(err, errNoPart) {
		return Result{}, rejectf(CodeMalformed, "XLSX 文件缺少工作簿部分（xl/workbook.xml），可能已损坏")
	}
	if err != nil {
		return Result{}, err
	}
	rels := readRels(ctx, z, wbPart, opt.MaxDepth)
	byID := map[string]string{}
	for _, r := range rels {
		byID[r.id] = r.target
	}
	var sheets []xlsxSheet
	date1904 := false
	err = walkXML(ctx, wb, opt.MaxDepth, func(tok xml.Token, _ int) error {
		e, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch e.Name.Local {
		case "workbookPr":
			v := attr(e, "date1904")
			date1904 = v == "1" || v == "true"
		case "sheet":
			part := byID[attr(e, "id")]
			if part == "" {
				// Without relationships, fall back on the usual name.
				part = "xl/worksheets/sheet" + attr(e, "sheetId") + ".xml"
			}
			sheets = append(sheets, xlsxSheet{name: attr(e, "name"), part: part})
		}
		return nil
	})
	if err := partError(err, wbPart, &q); err != nil {
		return Result{}, err
	}

	var shared []string
	if part := relOfType(rels, "/sharedStrings"); part != "" {
		if shared, err = xlsxSharedStrings(ctx, z, part, opt, &q); err != nil {
			return Result{}, err
		}
	}
	styles := &xlsxStyles{}
	if part := relOfType(rels, "/styles"); part != "" {
		if styles, err = xlsxReadStyles(ctx, z, part, opt); err != nil {
			return Result{}, err
		}
	}

	w := newDocWriter(opt.MaxTextBytes)
	title := ""
	for _, sh := range sheets {
		data, err := z.read(sh.part)
		if errors.Is(err, errNoPart) {
			q.warn("工作表“" + sh.name + "”缺少内容部分，已跳过")
			continue
		}
		if err != nil {
			return Result{}, err
		}
		w.heading(sh.name)
		w.startTable()
		err = xlsxWalkSheet(ctx, data, opt.MaxDepth, shared, styles, date1904, w, &title)
		w.endTable()
		if err := partError(err, sh.part, &q); err != nil {
			return Result{}, err
		}
	}
	text := w.finish()
	if w.full {
		q.warn("文本超过 " + humanSize(opt.MaxTextBytes) + "，已截断")
	}
	if title == "" {
		title = firstLine(text)
	}
	return Result{
		Title:          truncateRunes(strings.Join(strings.Fields(title), " "), maxTitleRunes),
		Text:           text,
		Format:         FormatXLSX,
		Encoding:       EncUTF8,
		EncodingSource: SourceDeclared,
		Confidence:     1,
		Quality:        q,
	}, nil
}

// xlsxSharedStrings reads the shared string table. Phonetic runs (rPh,
// the furigana of Japanese sheets) are not part of the value.
func xlsxSharedStrings(ctx context.Context, z *zipPkg, part string, opt Options, q *Quality) ([]string, error) {
	data, err := z.read(part)
	if errors.Is(err, errNoPart) {
		q.warn("缺少共享字符串表，部分单元格可能为空")
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	var cur strings.Builder
	inSI, inT, inPh := false, false, false
	err = walkXML(ctx, data, opt.MaxDepth, func(tok xml.Token, _ int) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "rPh":
				inPh = true
			case "t":
				inT = inSI && !inPh
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				out = append(out, cur.String())
			case "rPh":
				inPh = false
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
		return nil
	})
	return out, partError(err, part, q)
}

// xlsxReadStyles reads which cell formats show dates or percentages.
func xlsxReadStyles(ctx context.Context, z *zipPkg, part string, opt Options) (*xlsxStyles, error) {
	data, err := z.read(part)
	if errors.Is(err, errNoPart) {
		return &xlsxStyles{}, nil
	}
	if err != nil {
		return nil, err
	}
	custom := map[int]string{}
	var xfs []int
	inXfs := false
	err = walkXML(ctx, data, opt.MaxDepth, func(tok xml.Token, _ int) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				if id, err := strconv.Atoi(attr(t, "numFmtId")); err == nil {
					custom[id] = attr(t, "formatCode")
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					xfs = append(xfs, id)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
		return nil
	})
	if _, ok := errors.AsType[*xml.SyntaxError](err); err != nil && !ok {
		return nil, err
	}
	s := &xlsxStyles{kinds: make([]numKind, len(xfs))}
	for i, id := range xfs {
		s.kinds[i] = numFmtKind(id, custom[id])
	}
	return s, nil
}

// numFmtKind classifies a number format: the built-in date formats (14–22,
// and 27–36 and 50–58, the Chinese, Japanese and Korean date formats such
// as yyyy"年"m"月"d"日"), and custom codes with date or percent symbols.
func numFmtKind(id int, code string) numKind {
	switch {
	case id == 9 || id == 10:
		return numPercent
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return numDate
	case code == "":
		return numGeneral
	}
	// Strip quoted literals, escaped characters and [...] sections
	// (colours, locales, conditions) before looking for symbols.
	var b strings.Builder
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			if c == ']' {
				inBracket = false
			}
		case c == '"':
			inQuote = true
		case c == '[':
			// [h], [mm], [ss] are elapsed-time formats.
			if j := strings.IndexByte(code[i:], ']'); j > 0 {
				inner := strings.ToLower(code[i+1 : i+j])
				if strings.Trim(inner, "hms") == "" {
					b.WriteString(inner)
				}
			}
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		default:
			b.WriteByte(c | 0x20)
		}
	}
	s := b.String()
	if strings.Contains(s, "%") {
		return numPercent
	}
	if s == "general" {
		return numGeneral
	}
	if strings.ContainsAny(s, "ydhs") || (strings.Contains(s, "m") && !strings.Contains(s, "0")) {
		return numDate
	}
	return numGeneral
}

// xlsxWalkSheet writes the rows of one worksheet part.
func xlsxWalkSheet(ctx context.Context, data []byte, maxDepth int, shared []string, styles *xlsxStyles,
	date1904 bool, w *docWriter, title *string) error {
	var (
		col            int // next column index (0-based)
		cType, cStyle  string
		val            strings.Builder
		inV, inIS, inT bool
		inCell         bool
	)
	return walkXML(ctx, data, maxDepth, func(tok xml.Token, _ int) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				w.startRow()
				col = 0
			case "c":
				inCell = true
				cType, cStyle = attr(t, "t"), attr(t, "s")
				val.Reset()
				if c, ok := columnIndex(attr(t, "r")); ok && c > col {
					for pad := min(c-col, maxEmptyCells+1); pad > 0; pad-- {
						w.cell("")
					}
					col = c
				}
			case "v":
				inV = inCell
			case "is":
				inIS = inCell
			case "t":
				inT = inIS
			case "rPh":
				inT = false
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "t":
				inT = false
			case "is":
				inIS = false
			case "c":
				if !inCell {
					return nil
				}
				inCell = false
				s := cellValue(cType, val.String(), styles.kind(cStyle), shared, date1904)
				w.cell(s)
				if *title == "" && strings.TrimSpace(s) != "" {
					*title = s
				}
				col++
			case "row":
				w.endRow()
			}
		case xml.CharData:
			if inV || inT {
				val.Write(t)
			}
		}
		return nil
	})
}

// columnIndex turns the letters of a cell reference ("AB12") into a
// 0-based column index.
func columnIndex(ref string) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref) && i < 3; i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		n = n*26 + int(c-'a'+1)
	}
	if i == 0 {
		return 0, false
	}
	return n - 1, true
}

// cellValue formats one cell as a reader would see it.
func cellValue(typ, raw string, kind numKind, shared []string, date1904 bool) string {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil || i < 0 || i >= len(shared) {
			return ""
		}
		return shared[i]
	case "inlineStr", "str":
		return raw
	case "b":
		if strings.TrimSpace(raw) == "1" {
			return "TRUE"
		}
		return "FALSE"
	case "e":
		return ""
	}
	raw = strings.TrimSpace(raw)
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return raw
	}
	switch kind {
	case numDate:
		if s, ok := excelDate(v, date1904); ok {
			return s
		}
	case numPercent:
		return formatNumber(v*100) + "%"
	}
	return formatNumber(v)
}

// formatNumber prints a number with at most 15 significant digits (what
// Excel keeps), so that binary noise such as 0.30000000000000004 goes,
// and without an exponent up to 10^21, so that an ID or account number
// typed as a number stays searchable as digits.
func formatNumber(v float64) string {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil {
		r = v
	}
	if a := math.Abs(r); a == 0 || (a >= 1e-6 && a < 1e21) {
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	return strconv.FormatFloat(r, 'g', -1, 64)
}

// excelDate converts a date serial number. The 1900 system counts from
// 1899-12-30 (Excel's phantom 1900-02-29 makes every date after February
// 1900 line up with that epoch); the 1904 system from 1904-01-01.
func excelDate(v float64, date1904 bool) (string, bool) {
	if v < 0 || v > 2958465 { // 9999-12-31
		return "", false
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	t := epoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	switch {
	case secs == 0:
		return t.Format("2006-01-02"), true
	case days == 0:
		return t.Format("15:04:05"), true
	}
	return t.Format("2006-01-02 15:04"), true
}
