package extract

import "strings"

// cellSep joins the cells of a table row on one line. Rows read as lines
// ("张三 | 计算机学院 | 2019级") keep the columns apart for the reader and for
// exact search, where joining cells with nothing would create words that
// are in no cell; HTML tables keep a single space instead because there
// the cells are often layout, not data.
const cellSep = " | "

// maxEmptyCells bounds the empty cells kept between two filled ones, so
// that a spreadsheet cell in column XFD does not become sixteen thousand
// separators.
const maxEmptyCells = 8

// docWriter turns the paragraph and table events of a word-processing or
// spreadsheet document into the package's text shape: one paragraph per
// line, one table row per line with cells joined by cellSep, nested tables
// flattened into their cell. It stops accepting text after limit bytes.
type docWriter struct {
	b      lineBuilder
	para   strings.Builder
	tables []*tableBuf
	limit  int64
	taken  int64 // bytes accepted by text so far
	full   bool  // the limit was reached and text was dropped
}

type tableBuf struct {
	row    []string // finished cells of the current row
	cell   []string // finished paragraphs of the current cell
	inRow  bool
	inCell bool
}

func newDocWriter(limit int64) *docWriter { return &docWriter{limit: limit} }

// text adds running text to the current paragraph.
func (w *docWriter) text(s string) {
	if w.full {
		return
	}
	if w.taken+int64(len(s)) > w.limit {
		w.full = true
		return
	}
	w.taken += int64(len(s))
	w.para.WriteString(s)
}

// space adds a word separator (a tab, a run of spaces).
func (w *docWriter) space() { w.text(" ") }

func (w *docWriter) table() *tableBuf {
	if len(w.tables) == 0 {
		return nil
	}
	return w.tables[len(w.tables)-1]
}

// lineBreak is a manual line break inside a paragraph: a new line in
// running text, a space inside a table cell.
func (w *docWriter) lineBreak() {
	if t := w.table(); t != nil && t.inCell {
		w.space()
		return
	}
	w.endPara()
}

// endPara finishes the current paragraph.
func (w *docWriter) endPara() {
	p := strings.Join(strings.Fields(w.para.String()), " ")
	w.para.Reset()
	if p == "" {
		return
	}
	if t := w.table(); t != nil && t.inCell {
		t.cell = append(t.cell, p)
		return
	}
	w.emit(p)
}

// emit writes one finished line.
func (w *docWriter) emit(line string) {
	if line == "" || w.full {
		return
	}
	w.b.writeString(line)
	w.b.endLine()
}

// heading writes a line of its own, such as a sheet name.
func (w *docWriter) heading(s string) {
	w.endPara()
	w.emit(strings.Join(strings.Fields(s), " "))
}

func (w *docWriter) startTable() {
	w.endPara()
	w.tables = append(w.tables, &tableBuf{})
}

func (w *docWriter) startRow() {
	t := w.table()
	if t == nil {
		w.startTable()
		t = w.table()
	}
	if t.inRow {
		w.endRow()
	}
	t.row, t.inRow = t.row[:0], true
}

func (w *docWriter) startCell() {
	t := w.table()
	if t == nil || !t.inRow {
		w.startRow()
		t = w.table()
	}
	if t.inCell {
		w.endCell()
	}
	w.endPara()
	t.cell, t.inCell = t.cell[:0], true
}

func (w *docWriter) endCell() {
	t := w.table()
	if t == nil || !t.inCell {
		w.endPara()
		return
	}
	w.endPara()
	t.row = append(t.row, strings.Join(t.cell, " "))
	t.inCell = false
}

// cell adds a whole cell (spreadsheets, where a cell is one value).
func (w *docWriter) cell(s string) {
	w.startCell()
	w.text(s)
	w.endCell()
}

func (w *docWriter) endRow() {
	t := w.table()
	if t == nil {
		return
	}
	if t.inCell {
		w.endCell()
	}
	if !t.inRow {
		return
	}
	t.inRow = false
	line := joinCells(t.row)
	if line == "" {
		return
	}
	if len(w.tables) > 1 {
		// A nested table belongs to the cell of the outer table.
		outer := w.tables[len(w.tables)-2]
		if outer.inCell {
			outer.cell = append(outer.cell, line)
			return
		}
	}
	w.emit(line)
}

func (w *docWriter) endTable() {
	if w.table() == nil {
		return
	}
	w.endRow()
	w.tables = w.tables[:len(w.tables)-1]
}

// finish closes whatever is open and returns the text.
func (w *docWriter) finish() string {
	for w.table() != nil {
		w.endTable()
	}
	w.endPara()
	return w.b.String()
}

// joinCells joins the cells of a row, dropping empty cells at both ends
// and keeping at most maxEmptyCells empty ones in a row elsewhere.
func joinCells(cells []string) string {
	start, end := 0, len(cells)
	for end > 0 && strings.TrimSpace(cells[end-1]) == "" {
		end--
	}
	for start < end && strings.TrimSpace(cells[start]) == "" {
		start++
	}
	var b strings.Builder
	empty := 0
	for i, c := range cells[start:end] {
		c = strings.TrimSpace(c)
		if c == "" {
			empty++
			if empty > maxEmptyCells {
				continue
			}
		} else {
			empty = 0
		}
		if i > 0 {
			b.WriteString(cellSep)
		}
		b.WriteString(c)
	}
	return b.String()
}
