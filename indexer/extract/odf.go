package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
)

// ODT and ODS (OpenDocument, as written by LibreOffice and by WPS when
// asked) are read natively from content.xml, with headers and footers from
// the master pages in styles.xml appended once at the end:
//
//   - text:p and text:h are paragraphs; text:s and text:tab are spaces;
//     text:line-break breaks the line.
//   - Tables become one line per row, cells joined by " | "; in a
//     spreadsheet each table (sheet) is preceded by its name. Repeated
//     empty cells (number-columns-repeated, how ODS pads a row to column
//     AMJ) are bounded; a repeated row is written once.
//   - Tracked deletions (text:tracked-changes) and comments
//     (office:annotation) are not text. Footnotes and endnotes
//     (text:note) are moved to the end, so they do not split the sentence
//     they are attached to.

const (
	nsODFText  = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsODFTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsODFOffic = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsODFStyle = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
)

// extractODF extracts an .odt or .ods file; format is FormatODT or
// FormatODS.
func extractODF(ctx context.Context, data []byte, opt Options, format string) (Result, error) {
	opt.SetDefaults()
	z, err := openZip(data, opt)
	if err != nil {
		return Result{}, err
	}
	q := Quality{Extractor: format}
	content, err := z.read("content.xml")
	if errors.Is(err, errNoPart) {
		return Result{}, rejectf(CodeMalformed, "OpenDocument 文件缺少正文部分（content.xml），可能已损坏")
	}
	if err != nil {
		return Result{}, err
	}
	w := newDocWriter(opt.MaxTextBytes)
	title := ""
	sheet := format == FormatODS
	hasNotes, err := walkODF(ctx, content, opt.MaxDepth, w, odfMain, sheet, &title)
	if err := partError(err, "content.xml", &q); err != nil {
		return Result{}, err
	}
	if hasNotes {
		if _, err := walkODF(ctx, content, opt.MaxDepth, w, odfNotes, sheet, nil); partError(err, "content.xml", &q) != nil {
			return Result{}, err
		}
	}
	if styles, err := z.read("styles.xml"); err == nil {
		hw := newDocWriter(opt.MaxTextBytes)
		if _, err := walkODF(ctx, styles, opt.MaxDepth, hw, odfMasterPages, false, nil); partError(err, "styles.xml", &q) != nil {
			return Result{}, err
		}
		for _, line := range runningLines(strings.Split(hw.finish(), "\n")) {
			w.emit(line)
		}
	} else if !errors.Is(err, errNoPart) {
		return Result{}, err
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
		Format:         format,
		Encoding:       EncUTF8,
		EncodingSource: SourceDeclared,
		Confidence:     1,
		Quality:        q,
	}, nil
}

// odfScope selects which text of a part walkODF writes.
type odfScope int

const (
	odfMain        odfScope = iota // the document, without notes
	odfNotes                       // only the bodies of notes
	odfMasterPages                 // only headers and footers of master pages
)

// walkODF writes the text in scope of one ODF part to w. For a
// spreadsheet, each table starts with its name and title receives the
// first non-empty cell. It reports whether notes were skipped.
func walkODF(ctx context.Context, data []byte, maxDepth int, w *docWriter, scope odfScope, sheet bool, title *string) (bool, error) {
	skip := 0   // depth of a skipped element, or 0
	within := 0 // depth of the element that opens the scope, or 0
	repeat := 1 // number-columns-repeated of the open cell
	hasNotes := false
	err := walkXML(ctx, data, maxDepth, func(tok xml.Token, depth int) error {
		if skip > 0 {
			if _, ok := tok.(xml.EndElement); ok && depth == skip {
				skip = 0
			}
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			space, local := t.Name.Space, t.Name.Local
			switch scope {
			case odfMain:
				if space == nsODFText && (local == "tracked-changes" || local == "note") ||
					space == nsODFOffic && local == "annotation" {
					hasNotes = hasNotes || local == "note"
					skip = depth
					return nil
				}
			case odfNotes:
				if within == 0 {
					if space == nsODFText && local == "note-body" {
						within = depth
					}
					return nil
				}
			case odfMasterPages:
				if within == 0 {
					if space == nsODFStyle && (strings.HasPrefix(local, "header") || strings.HasPrefix(local, "footer")) {
						within = depth
					}
					return nil
				}
			}
			switch {
			case space == nsODFText:
				switch local {
				case "s", "tab":
					w.space()
				case "line-break":
					w.lineBreak()
				case "note-citation":
					skip = depth
				}
			case space == nsODFTable:
				switch local {
				case "table":
					if sheet {
						w.heading(attr(t, "name"))
					}
					w.startTable()
				case "table-row":
					w.startRow()
				case "table-cell", "covered-table-cell":
					w.startCell()
					repeat = 1
					if n, err := strconv.Atoi(attr(t, "number-columns-repeated")); err == nil && n > 1 {
						repeat = n
					}
				}
			}
		case xml.EndElement:
			if within > 0 && depth == within {
				within = 0
				w.endPara()
				return nil
			}
			if scope != odfMain && within == 0 {
				return nil
			}
			switch {
			case t.Name.Space == nsODFText && (t.Name.Local == "p" || t.Name.Local == "h"):
				w.endPara()
			case t.Name.Space == nsODFTable:
				switch t.Name.Local {
				case "table-cell", "covered-table-cell":
					w.endCell()
					empty := true
					if tb := w.table(); tb != nil && len(tb.row) > 0 {
						last := tb.row[len(tb.row)-1]
						empty = strings.TrimSpace(last) == ""
						if !empty && sheet && title != nil && *title == "" {
							*title = last
						}
					}
					if empty {
						for n := min(repeat-1, maxEmptyCells); n > 0; n-- {
							w.cell("")
						}
					}
				case "table-row":
					w.endRow()
				case "table":
					w.endTable()
				}
			}
		case xml.CharData:
			if scope == odfMain || within > 0 {
				w.text(string(t))
			}
		}
		return nil
	})
	return hasNotes, err
}
