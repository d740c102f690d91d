package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// OFD (GB/T 33190-2016, the Chinese fixed-layout format of 电子公文) is a
// ZIP of XML read natively:
//
//	OFD.xml            DocBody/DocRoot → Doc_0/Document.xml, DocInfo/Title
//	Doc_0/Document.xml Pages/Page@BaseLoc → Pages/Page_0/Content.xml,
//	                   CommonData/PublicRes, DocumentRes → resource lists
//	Page Content.xml   Content/Layer/TextObject@Boundary,Size
//	                   /TextCode@X,Y,DeltaX → the characters
//
// Each TextCode becomes a positioned word (its box from the text object's
// Boundary, X, Y and the DeltaX advances) and the page goes through the
// same layout code as PDF (layout.go). Templates (TemplatePage) are left
// out on purpose: they hold what repeats on every page (the red header,
// page numbers, watermarks). A page without text but with an image (a
// scanned 公文 saved as OFD) has its images OCR'd, like a scanned PDF.

// ofdDoc is one document of an OFD package.
type ofdDoc struct {
	dir   string   // folder of Document.xml, ending in "/" ("" at the root)
	pages []string // page content parts
	res   []string // resource list parts
}

// ofdImage is an image drawn on a page.
type ofdImage struct {
	resource string
}

// extractOFD extracts an .ofd file.
func extractOFD(ctx context.Context, data []byte, opt Options) (Result, error) {
	opt.SetDefaults()
	z, err := openZip(data, opt)
	if err != nil {
		return Result{}, err
	}
	res := Result{Format: FormatOFD, Encoding: EncUTF8, EncodingSource: SourceDeclared, Confidence: 1,
		Quality: Quality{Extractor: "ofd"}}
	q := &res.Quality
	root, err := z.read("OFD.xml")
	if errors.Is(err, errNoPart) {
		return Result{}, rejectf(CodeMalformed, "OFD 文件缺少入口文件 OFD.xml，可能已损坏")
	}
	if err != nil {
		return Result{}, err
	}
	var roots []string
	var title, cur strings.Builder
	inRoot, inTitle := false, false
	err = walkXML(ctx, root, opt.MaxDepth, func(tok xml.Token, _ int) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "DocRoot":
				inRoot = true
				cur.Reset()
			case "Title":
				inTitle = title.Len() == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "DocRoot":
				inRoot = false
				if s := strings.TrimSpace(cur.String()); s != "" {
					roots = append(roots, s)
				}
			case "Title":
				inTitle = false
			}
		case xml.CharData:
			if inRoot {
				cur.Write(t)
			}
			if inTitle {
				title.Write(t)
			}
		}
		return nil
	})
	if err := partError(err, "OFD.xml", q); err != nil {
		return Result{}, err
	}
	if len(roots) == 0 {
		return Result{}, rejectf(CodeMalformed, "OFD 文件缺少文档入口（OFD.xml 中没有 DocRoot），可能已损坏")
	}

	var pages []layoutPage
	scans := map[int][]string{} // page index → image parts
	for _, r := range roots {
		doc, err := ofdReadDocument(ctx, z, ofdLocate(z, "", r), opt, q)
		if err != nil {
			return Result{}, err
		}
		media, err := ofdMedia(ctx, z, doc, opt, q)
		if err != nil {
			return Result{}, err
		}
		for _, part := range doc.pages {
			content, err := z.read(part)
			if errors.Is(err, errNoPart) {
				q.warn("缺少页面 " + part)
				pages = append(pages, layoutPage{})
				continue
			}
			if err != nil {
				return Result{}, err
			}
			lp, images, err := ofdPage(ctx, content, opt.MaxDepth)
			if err := partError(err, part, q); err != nil {
				return Result{}, err
			}
			if letterCount(lp) < 10 {
				for _, im := range images {
					if p := media[im.resource]; p != "" {
						scans[len(pages)] = append(scans[len(pages)], p)
					}
				}
			}
			pages = append(pages, lp)
		}
	}
	q.Pages = len(pages)
	readable := len(pages) - len(scans)
	for i := range pages {
		if _, scanned := scans[i]; !scanned && letterCount(pages[i]) < 10 {
			readable-- // a blank page
		}
	}
	switch {
	case readable <= 0 && len(scans) > 0:
		q.TextLayer = TextLayerNone
	case len(scans) > 0:
		q.TextLayer = TextLayerPartial
	default:
		q.TextLayer = TextLayerOK
	}
	if len(scans) > 0 {
		if reason, err := ofdOCR(ctx, z, opt, pages, scans, q); err != nil {
			return Result{}, err
		} else if reason != "" && readable <= 0 {
			return res, rejectf(CodeNeedsOCR, "这是扫描版 OFD（页面是图像），需要文字识别（OCR）："+reason+" 后重新导入")
		}
	}
	res.Text = capText(layoutText(pages), opt.MaxTextBytes, q)
	res.Title = strings.Join(strings.Fields(title.String()), " ")
	if res.Title == "" {
		res.Title = firstLine(res.Text)
	}
	res.Title = truncateRunes(res.Title, maxTitleRunes)
	return res, nil
}

// ofdLocate resolves a location written in an OFD file. The standard says
// relative to the referring file's folder, or absolute from the package
// root; some writers give root-relative paths without the slash, so both
// readings are tried.
func ofdLocate(z *zipPkg, dir, loc string) string {
	loc = strings.TrimSpace(loc)
	p := resolvePart(dir, loc)
	if z.has(p) || strings.HasPrefix(loc, "/") {
		return p
	}
	if q := resolvePart("", loc); z.has(q) {
		return q
	}
	return p
}

// ofdReadDocument lists the pages and resource files of a Document.xml.
func ofdReadDocument(ctx context.Context, z *zipPkg, part string, opt Options, q *Quality) (ofdDoc, error) {
	data, err := z.read(part)
	if errors.Is(err, errNoPart) {
		return ofdDoc{}, rejectf(CodeMalformed, "OFD 文件缺少文档部分 "+part+"，可能已损坏")
	}
	if err != nil {
		return ofdDoc{}, err
	}
	doc := ofdDoc{dir: path.Dir(part) + "/"}
	if doc.dir == "./" {
		doc.dir = ""
	}
	var text strings.Builder
	inRes := false
	err = walkXML(ctx, data, opt.MaxDepth, func(tok xml.Token, _ int) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Page":
				if loc := attr(t, "BaseLoc"); loc != "" {
					doc.pages = append(doc.pages, ofdLocate(z, doc.dir, loc))
				}
			case "PublicRes", "DocumentRes":
				inRes = true
				text.Reset()
			}
		case xml.EndElement:
			if t.Name.Local == "PublicRes" || t.Name.Local == "DocumentRes" {
				inRes = false
				doc.res = append(doc.res, ofdLocate(z, doc.dir, text.String()))
			}
		case xml.CharData:
			if inRes {
				text.Write(t)
			}
		}
		return nil
	})
	return doc, partError(err, part, q)
}

// ofdMedia maps the IDs of image resources to their parts.
func ofdMedia(ctx context.Context, z *zipPkg, doc ofdDoc, opt Options, q *Quality) (map[string]string, error) {
	media := map[string]string{}
	for _, part := range doc.res {
		data, err := z.read(part)
		if errors.Is(err, errNoPart) {
			continue
		}
		if err != nil {
			return nil, err
		}
		base := path.Dir(part) + "/"
		if base == "./" {
			base = ""
		}
		id := ""
		inFile := false
		var file strings.Builder
		err = walkXML(ctx, data, opt.MaxDepth, func(tok xml.Token, _ int) error {
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "Res":
					if loc := attr(t, "BaseLoc"); loc != "" {
						base = strings.TrimSuffix(resolvePart(base, loc), "/") + "/"
					}
				case "MultiMedia":
					id = attr(t, "ID")
				case "MediaFile":
					inFile = true
					file.Reset()
				}
			case xml.EndElement:
				if t.Name.Local == "MediaFile" {
					inFile = false
					if id != "" {
						media[id] = ofdLocate(z, base, file.String())
					}
				}
			case xml.CharData:
				if inFile {
					file.Write(t)
				}
			}
			return nil
		})
		if err := partError(err, part, q); err != nil {
			return nil, err
		}
	}
	return media, nil
}

// ofdCode is one TextCode with its absolute baseline position.
type ofdCode struct {
	text      string
	x0, x1, y float64
	size      float64
}

// ofdPage reads the text codes and images of one page.
func ofdPage(ctx context.Context, data []byte, maxDepth int) (layoutPage, []ofdImage, error) {
	var codes []ofdCode
	var images []ofdImage
	var bx, by, size float64
	inObject := 0 // depth of the open TextObject
	inCode := false
	var code ofdCode
	var deltas []float64
	var text strings.Builder
	err := walkXML(ctx, data, maxDepth, func(tok xml.Token, depth int) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "TextObject":
				inObject = depth
				b := parseFloats(attr(t, "Boundary"), 4)
				bx, by = b[0], b[1]
				size = attrFloat(t, "Size")
				if size <= 0 {
					size = 3.5 // 10 pt, in millimetres
				}
			case "TextCode":
				if inObject == 0 {
					return nil
				}
				inCode = true
				text.Reset()
				code = ofdCode{x0: bx + attrFloat(t, "X"), y: by + attrFloat(t, "Y"), size: size}
				deltas = parseDeltas(attr(t, "DeltaX"))
			case "ImageObject":
				images = append(images, ofdImage{resource: attr(t, "ResourceID")})
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "TextObject":
				if depth == inObject {
					inObject = 0
				}
			case "TextCode":
				if !inCode {
					return nil
				}
				inCode = false
				code.text = text.String()
				if strings.TrimSpace(code.text) == "" {
					return nil
				}
				code.x1 = code.x0 + textAdvance(code.text, deltas, code.size)
				codes = append(codes, code)
			}
		case xml.CharData:
			if inCode {
				text.Write(t)
			}
		}
		return nil
	})
	return ofdLines(codes), images, err
}

// textAdvance is the width of a text code: the DeltaX advances between its
// characters plus the last character, whose width is estimated from the
// font size (full for wide characters, half for others).
func textAdvance(s string, deltas []float64, size float64) float64 {
	n := utf8.RuneCountInString(s)
	w := 0.0
	i := 0
	var last rune
	for _, r := range s {
		if i < n-1 {
			if i < len(deltas) {
				w += deltas[i]
			} else if isWide(r) {
				w += size
			} else {
				w += size / 2
			}
		}
		last = r
		i++
	}
	if isWide(last) {
		return w + size
	}
	return w + size/2
}

// ofdLines groups text codes into lines: codes whose baselines are within
// 40% of the font size are on one line, ordered left to right.
func ofdLines(codes []ofdCode) layoutPage {
	slices.SortStableFunc(codes, func(a, b ofdCode) int {
		switch {
		case a.y < b.y:
			return -1
		case a.y > b.y:
			return 1
		}
		return 0
	})
	var page layoutPage
	for i := 0; i < len(codes); {
		j := i + 1
		for j < len(codes) && codes[j].y-codes[i].y <= 0.4*codes[i].size {
			j++
		}
		group := codes[i:j]
		slices.SortStableFunc(group, func(a, b ofdCode) int {
			switch {
			case a.x0 < b.x0:
				return -1
			case a.x0 > b.x0:
				return 1
			}
			return 0
		})
		l := textLine{x0: group[0].x0, x1: group[0].x1, y0: group[0].y - 0.85*group[0].size, y1: group[0].y + 0.15*group[0].size}
		for _, c := range group {
			l.words = append(l.words, word{text: c.text, x0: c.x0, x1: c.x1})
			l.x0, l.x1 = min(l.x0, c.x0), max(l.x1, c.x1)
			l.y0, l.y1 = min(l.y0, c.y-0.85*c.size), max(l.y1, c.y+0.15*c.size)
		}
		page.lines = append(page.lines, l)
		i = j
	}
	return page
}

// parseDeltas reads a DeltaX or DeltaY list: numbers, where "g N V" stands
// for N times V. Repetition is capped so that "g 999999999 1" cannot
// allocate gigabytes.
func parseDeltas(s string) []float64 {
	f := strings.Fields(s)
	var out []float64
	for i := 0; i < len(f) && len(out) < 1<<16; i++ {
		if f[i] == "g" && i+2 < len(f) {
			n, err1 := strconv.Atoi(f[i+1])
			v, err2 := strconv.ParseFloat(f[i+2], 64)
			if err1 == nil && err2 == nil {
				for k := 0; k < n && len(out) < 1<<16; k++ {
					out = append(out, v)
				}
			}
			i += 2
			continue
		}
		if v, err := strconv.ParseFloat(f[i], 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// parseFloats reads n space-separated numbers, zero for missing ones.
func parseFloats(s string, n int) []float64 {
	out := make([]float64, n)
	for i, f := range strings.Fields(s) {
		if i == n {
			break
		}
		out[i], _ = strconv.ParseFloat(f, 64)
	}
	return out
}

// ofdOCR OCRs the images of scanned pages, replacing those pages. It
// returns the reason when OCR is unavailable.
func ofdOCR(ctx context.Context, z *zipPkg, opt Options, pages []layoutPage, scans map[int][]string, q *Quality) (string, error) {
	idx := make([]int, 0, len(scans))
	for i := range scans {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	tess, reason := ocrReady(ctx, opt)
	if tess == "" {
		q.NeedsOCR = true
		q.warn(pageList(oneBased(idx)) + "是扫描图像，未能识别文字：" + reason)
		return reason, nil
	}
	dir, cleanup, err := tempDir()
	if err != nil {
		return "", err
	}
	defer cleanup()
	ocrCtx, cancel := context.WithTimeout(ctx, opt.OCRTimeout)
	defer cancel()
	var st ocrStats
	var failed []int
	done := 0
	for k, i := range idx {
		if k >= opt.MaxOCRPages || ocrCtx.Err() != nil {
			if ctx.Err() != nil {
				return "", canceled(ctx)
			}
			q.NeedsOCR = true
			q.warn(pageList(oneBased(idx[k:])) + "未识别（超过文字识别的页数或时间上限）")
			break
		}
		var page layoutPage
		ok := false
		for n, part := range scans[i] {
			img, err := z.read(part)
			if err != nil {
				if _, isRej := errors.AsType[*Rejection](err); isRej && !errors.Is(err, errNoPart) {
					return "", err
				}
				continue
			}
			file := filepath.Join(dir, "img"+strconv.Itoa(n)+imageExt(img))
			if err := os.WriteFile(file, img, 0o600); err != nil {
				return "", fmt.Errorf("extract: write ofd image: %w", err)
			}
			pctx, pcancel := context.WithTimeout(ocrCtx, opt.PageTimeout)
			lps, pst, err := runTesseract(pctx, opt, tess, file, 0, dir)
			pcancel()
			_ = os.Remove(file)
			if ctx.Err() != nil {
				return "", canceled(ctx)
			}
			if err != nil {
				continue
			}
			ok = true
			st.add(ocrStats{sum: pst.sum, weight: pst.weight})
			for _, lp := range lps {
				page.lines = append(page.lines, lp.lines...)
			}
		}
		if !ok {
			failed = append(failed, i+1)
			continue
		}
		done++
		pages[i] = page
	}
	if len(failed) > 0 {
		q.NeedsOCR = true
		q.warn(pageList(failed) + "的图像无法识别，已跳过")
	}
	if done > 0 {
		st.pages = done
		q.OCR = ocrInfo(ctx, tess, opt, st)
		q.Extractor = "ofd+tesseract"
	}
	return "", nil
}

// imageExt picks a file extension tesseract understands from the bytes.
func imageExt(b []byte) string {
	switch {
	case strings.HasPrefix(string(b[:min(len(b), 8)]), "\x89PNG"):
		return ".png"
	case len(b) > 2 && b[0] == 0xFF && b[1] == 0xD8:
		return ".jpg"
	case strings.HasPrefix(string(b[:min(len(b), 4)]), "II*\x00"), strings.HasPrefix(string(b[:min(len(b), 4)]), "MM\x00*"):
		return ".tif"
	}
	return ".img"
}
