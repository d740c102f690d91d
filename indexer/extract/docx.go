package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"strings"
)

// DOCX (Office Open XML word processing) is read natively: it is a ZIP of
// XML parts, and the text is in w:t elements of the main part (found
// through the package relationships, usually word/document.xml), its
// footnotes and endnotes, and its header and footer parts.
//
//   - Paragraphs (w:p) become lines; w:br and w:cr break lines; w:tab is a
//     space. Tables (w:tbl) become one line per row with cells joined by
//     " | "; a nested table is flattened into its cell.
//   - Only w:t (and the a:t of DrawingML shapes, m:t of equations) is text:
//     deleted text (w:delText) and field codes (w:instrText) are not, while
//     field results are (a date, a cross-reference).
//   - mc:Fallback is skipped: Word writes every text box twice, once as
//     DrawingML (mc:Choice) and once as VML (mc:Fallback).
//   - Footnotes and endnotes follow the body; headers and footers come
//     last, once each, without page numbers, so that a running header
//     ("某某大学文件") never becomes the title.

// nsW reports whether space is the WordprocessingML namespace (transitional
// or strict).
func nsW(space string) bool {
	return strings.HasSuffix(space, "/wordprocessingml/2006/main") || strings.HasSuffix(space, "/ooxml/wordprocessingml/main")
}

// DOCX extracts a .docx file. It is what File does for content recognised
// as DOCX; ctx cancels it between parts.
func extractDOCX(ctx context.Context, data []byte, opt Options) (Result, error) {
	opt.SetDefaults()
	z, err := openZip(data, opt)
	if err != nil {
		return Result{}, err
	}
	return docxFromPkg(ctx, z, opt, "docx")
}

// docxFromPkg extracts an opened DOCX package; extractor is recorded in
// Quality ("docx", or "soffice+docx" for converted files).
func docxFromPkg(ctx context.Context, z *zipPkg, opt Options, extractor string) (Result, error) {
	q := Quality{Extractor: extractor}
	main := relOfType(readRels(ctx, z, "", opt.MaxDepth), "/officeDocument")
	if main == "" || !z.has(main) {
		main = "word/document.xml"
	}
	body, err := z.read(main)
	if errors.Is(err, errNoPart) {
		return Result{}, rejectf(CodeMalformed, "DOCX 文件缺少正文部分（word/document.xml），可能已损坏")
	}
	if err != nil {
		return Result{}, err
	}
	w := newDocWriter(opt.MaxTextBytes)
	if err := partError(walkDOCX(ctx, body, opt.MaxDepth, w), main, &q); err != nil {
		return Result{}, err
	}
	rels := readRels(ctx, z, main, opt.MaxDepth)
	// Notes follow the body.
	for _, suffix := range []string{"/footnotes", "/endnotes"} {
		part := relOfType(rels, suffix)
		if part == "" {
			continue
		}
		if err := docxPart(ctx, z, part, opt, w, &q); err != nil {
			return Result{}, err
		}
	}
	// Headers and footers last, each distinct line once.
	var hf []string
	for _, r := range rels {
		if !strings.HasSuffix(r.typ, "/header") && !strings.HasSuffix(r.typ, "/footer") {
			continue
		}
		hw := newDocWriter(opt.MaxTextBytes)
		if err := docxPart(ctx, z, r.target, opt, hw, &q); err != nil {
			return Result{}, err
		}
		hf = append(hf, strings.Split(hw.finish(), "\n")...)
	}
	for _, line := range runningLines(hf) {
		w.emit(line)
	}
	text := w.finish()
	if w.full {
		q.warn("文本超过 " + humanSize(opt.MaxTextBytes) + "，已截断")
	}
	return Result{
		Title:          truncateRunes(firstLine(text), maxTitleRunes),
		Text:           text,
		Format:         FormatDOCX,
		Encoding:       EncUTF8,
		EncodingSource: SourceDeclared,
		Confidence:     1,
		Quality:        q,
	}, nil
}

// docxPart adds the text of one more part (notes, a header) to w. A
// missing part is only a warning.
func docxPart(ctx context.Context, z *zipPkg, part string, opt Options, w *docWriter, q *Quality) error {
	data, err := z.read(part)
	if errors.Is(err, errNoPart) {
		q.warn("缺少部件 " + part)
		return nil
	}
	if err != nil {
		return err
	}
	return partError(walkDOCX(ctx, data, opt.MaxDepth, w), part, q)
}

// runningLines returns the distinct lines of headers and footers, without
// page numbers.
func runningLines(lines []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || seen[l] || isPageNumber(l, 2) {
			continue
		}
		seen[l] = true
		out = append(out, l)
	}
	return out
}

// walkDOCX writes the text of one WordprocessingML part to w.
func walkDOCX(ctx context.Context, data []byte, maxDepth int, w *docWriter) error {
	skip := 0   // depth of the element being skipped, or 0
	inText := 0 // depth of the w:t being read, or 0
	inRun := 0  // nesting of w:r
	return walkXML(ctx, data, maxDepth, func(tok xml.Token, depth int) error {
		if skip > 0 {
			if _, ok := tok.(xml.EndElement); ok && depth == skip {
				skip = 0
			}
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			local := t.Name.Local
			if local == "Fallback" {
				skip = depth
				return nil
			}
			if local == "t" && (nsW(t.Name.Space) || strings.HasSuffix(t.Name.Space, "/drawingml/2006/main") ||
				strings.HasSuffix(t.Name.Space, "/officeDocument/2006/math")) {
				inText = depth
				return nil
			}
			if !nsW(t.Name.Space) {
				return nil
			}
			switch local {
			case "r":
				inRun++
			case "tab":
				if inRun > 0 {
					w.space()
				}
			case "br", "cr":
				if inRun > 0 {
					w.lineBreak()
				}
			case "noBreakHyphen":
				w.text("-")
			case "tbl":
				w.startTable()
			case "tr":
				w.startRow()
			case "tc":
				w.startCell()
			}
		case xml.EndElement:
			if inText == depth {
				inText = 0
				return nil
			}
			if !nsW(t.Name.Space) {
				return nil
			}
			switch t.Name.Local {
			case "r":
				inRun = max(inRun-1, 0)
			case "p":
				w.endPara()
			case "tc":
				w.endCell()
			case "tr":
				w.endRow()
			case "tbl":
				w.endTable()
			}
		case xml.CharData:
			if inText > 0 {
				w.text(string(t))
			}
		}
		return nil
	})
}
