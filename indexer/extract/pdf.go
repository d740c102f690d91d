package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PDF text comes from poppler's pdftotext with -bbox-layout: every word
// with its box, in poppler's reading order, which handles CID fonts with
// ToUnicode maps (how Chinese PDFs from Word, WPS and LibreOffice are made)
// and columns. The boxes go through layout.go, which joins lines and drops
// running headers. Each page's text layer is then judged:
//
//   - garbage: fonts without a usable Unicode map come out as control
//     characters, U+FFFD, private-use characters or "(cid:12)" (pdfminer's
//     notation, seen in text copied from other tools); or as text with an
//     implausible distribution: ideographs of which under 30% are common
//     ones (correct Chinese has well over half), mostly kana, Hangul or
//     Cyrillic, or more than half ASCII symbols;
//   - empty: fewer than 10 letters or ideographs (a scanned page, perhaps
//     with a stamped page number), and the page holds an image.
//
// Garbage and empty pages are rendered with pdftoppm and OCR'd (ocr.go),
// up to Options.MaxOCRPages; the OCR text replaces the layer's when it has
// more letters. Quality.TextLayer sums up: "ok", "partial" (some scanned
// pages), "garbage" (some garbage pages), "none" (a scan). A scan that
// cannot be OCR'd (no tesseract, Options.NoOCR) is a "needs_ocr"
// Rejection; a document with some readable pages keeps them, with
// NeedsOCR set and a warning naming the other pages.

// pdfChunk is how many pages one pdftotext run reads, so that the XML of
// a thousand-page PDF never has to be held at once.
const pdfChunk = 100

// maxRenderSide caps the longer side of a page rendered for OCR, in
// pixels: an A4 page at 300 dpi is 3508 pixels, a poster-sized page at 300
// dpi would be hundreds of megabytes.
const maxRenderSide = 4000

// pdfPage is one page of the text layer.
type pdfPage struct {
	layout        layoutPage
	width, height float64 // in points
	raw           string  // the words, for judging the layer
}

// extractPDF extracts a PDF file.
func extractPDF(ctx context.Context, data []byte, opt Options) (Result, error) {
	opt.SetDefaults()
	res := Result{Format: FormatPDF, Quality: Quality{Extractor: "pdftotext"}}
	q := &res.Quality
	textTool, ok := toolPDFToText.path()
	if !ok {
		return res, rejectf(CodeNeedsTool, missingTool(opt, toolPDFToText)+" 后重新导入")
	}
	dir, cleanup, err := tempDir()
	if err != nil {
		return Result{}, err
	}
	defer cleanup()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return Result{}, fmt.Errorf("extract: write pdf: %w", err)
	}
	fileCtx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()

	// Page count (and a clear answer for encrypted or broken files).
	total := 0
	if infoTool, ok := toolPDFInfo.path(); ok {
		run, err := runTool(fileCtx, opt, infoTool, []string{in}, nil, dir)
		if err != nil {
			return Result{}, pdfError(ctx, err, run.stderr, opt)
		}
		total = pdfInfoPages(run.stdout)
	}

	// The text layer, a chunk of pages at a time.
	var pages []pdfPage
	for first := 1; total == 0 || first <= total; first += pdfChunk {
		args := []string{"-bbox-layout", "-enc", "UTF-8", "-f", strconv.Itoa(first)}
		if total > 0 {
			args = append(args, "-l", strconv.Itoa(min(first+pdfChunk-1, total)))
		}
		run, err := runTool(fileCtx, opt, textTool, append(args, in, "-"), nil, dir)
		if err != nil {
			return Result{}, pdfError(ctx, err, run.stderr, opt)
		}
		chunk, err := parseBBox(ctx, run.stdout, opt.MaxDepth)
		if err != nil && !errors.Is(err, errBBoxTruncated) {
			return Result{}, err
		}
		pages = append(pages, chunk...)
		if run.truncated || err != nil {
			q.warn("PDF 文字过多，超过 " + humanSize(opt.MaxToolOutput) + " 的部分（第 " + strconv.Itoa(len(pages)) + " 页之后）未提取")
			break
		}
		if total == 0 {
			break // pdfinfo missing: the one run read every page
		}
	}
	if total == 0 {
		total = len(pages)
	}
	q.Pages = total
	if len(pages) == 0 {
		return Result{}, rejectf(CodeMalformed, "PDF 文件中没有页面，可能已损坏")
	}

	// Judge each page's layer.
	var garbage, empty []int // 0-based page indexes
	readable := 0
	for i, p := range pages {
		letters, bad := judgeLayer(p.raw)
		switch {
		case bad:
			garbage = append(garbage, i)
		case letters < 10:
			empty = append(empty, i)
		default:
			readable++
		}
	}
	if len(empty) > 0 {
		empty = pagesWithImages(fileCtx, opt, in, dir, empty)
	}
	switch {
	case len(garbage) > 0:
		q.TextLayer = TextLayerGarbage
	case readable == 0:
		q.TextLayer = TextLayerNone
	case len(empty) > 0:
		q.TextLayer = TextLayerPartial
	default:
		q.TextLayer = TextLayerOK
	}
	for _, i := range garbage {
		pages[i].layout = layoutPage{} // garbage is never indexed
	}
	need := append(slices.Clone(garbage), empty...)
	slices.Sort(need)
	if len(need) > 0 {
		reason, err := ocrPDFPages(ctx, opt, in, dir, pages, need, q)
		if err != nil {
			return Result{}, err
		}
		if reason != "" && readable == 0 {
			// Nothing readable at all: the document waits for OCR.
			what := "这是扫描版 PDF（没有文字层）"
			if len(garbage) > 0 {
				what = "PDF 的文字层是乱码（字体缺少 Unicode 映射）"
			}
			return res, rejectf(CodeNeedsOCR, what+"，需要文字识别（OCR）："+reason+" 后重新导入")
		}
	}
	layouts := make([]layoutPage, len(pages))
	for i := range pages {
		layouts[i] = pages[i].layout
	}
	res.Text = capText(layoutText(layouts), opt.MaxTextBytes, q)
	res.Title = truncateRunes(firstLine(res.Text), maxTitleRunes)
	if res.Text == "" && !q.NeedsOCR {
		q.warn("PDF 中没有找到文字")
	}
	return res, nil
}

// ocrPDFPages renders and OCRs the given pages, replacing their layout
// when OCR finds more. When OCR is unavailable it returns the reason; what
// else could not be done is recorded in q (NeedsOCR, warnings). The error
// is the caller's cancellation.
func ocrPDFPages(ctx context.Context, opt Options, in, dir string, pages []pdfPage, need []int, q *Quality) (string, error) {
	tess, reason := ocrReady(ctx, opt)
	render, ok := toolPDFToPPM.path()
	if tess != "" && !ok {
		tess, reason = "", missingTool(opt, toolPDFToPPM)
	}
	if tess == "" {
		q.NeedsOCR = true
		q.warn(pageList(oneBased(need)) + "是扫描图像或乱码，未能识别文字：" + reason)
		return reason, nil
	}
	if len(need) > opt.MaxOCRPages {
		q.NeedsOCR = true
		q.warn("需要文字识别的页数过多，只识别了前 " + strconv.Itoa(opt.MaxOCRPages) + " 页（" + pageList(oneBased(need[opt.MaxOCRPages:])) + "未识别）")
		need = need[:opt.MaxOCRPages]
	}
	ocrCtx, cancel := context.WithTimeout(ctx, opt.OCRTimeout)
	defer cancel()
	var st ocrStats
	var failed, timedOut []int
	done := 0
	for k, i := range need {
		if ocrCtx.Err() != nil {
			if ctx.Err() != nil {
				return "", canceled(ctx)
			}
			q.NeedsOCR = true
			q.warn("文字识别超时（超过 " + opt.OCRTimeout.String() + "），" + pageList(oneBased(need[k:])) + "未识别")
			break
		}
		lp, pst, err := ocrPDFPage(ocrCtx, opt, render, tess, in, dir, i+1, pages[i])
		switch {
		case ctx.Err() != nil:
			return "", canceled(ctx)
		case errors.Is(err, context.DeadlineExceeded):
			timedOut = append(timedOut, i+1)
			continue
		case err != nil:
			failed = append(failed, i+1)
			continue
		}
		done++
		st.add(pst)
		if letterCount(lp) >= letterCount(pages[i].layout) {
			pages[i].layout = lp
		}
	}
	if len(timedOut) > 0 {
		q.NeedsOCR = true
		q.warn(pageList(timedOut) + "文字识别超时（每页上限 " + opt.PageTimeout.String() + "），已跳过")
	}
	if len(failed) > 0 {
		q.NeedsOCR = true
		q.warn(pageList(failed) + "文字识别失败，已跳过")
	}
	if done > 0 {
		q.OCR = ocrInfo(ctx, tess, opt, st)
		if done == len(pages) {
			q.Extractor = "tesseract"
		} else {
			q.Extractor = "pdftotext+tesseract"
		}
	}
	return "", nil
}

// ocrPDFPage renders page n (1-based) and OCRs it, within PageTimeout.
func ocrPDFPage(ctx context.Context, opt Options, render, tess, in, dir string, n int, p pdfPage) (layoutPage, ocrStats, error) {
	ctx, cancel := context.WithTimeout(ctx, opt.PageTimeout)
	defer cancel()
	dpi := opt.OCRDPI
	if side := max(p.width, p.height); side > 0 {
		dpi = max(min(dpi, int(maxRenderSide*72/side)), 30)
	}
	out := filepath.Join(dir, "page")
	args := []string{"-r", strconv.Itoa(dpi), "-gray", "-png", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-singlefile", in, out}
	if _, err := runTool(ctx, opt, render, args, nil, dir); err != nil {
		return layoutPage{}, ocrStats{}, err
	}
	img := out + ".png"
	defer os.Remove(img)
	pages, st, err := runTesseract(ctx, opt, tess, img, dpi, dir)
	if err != nil {
		return layoutPage{}, ocrStats{}, err
	}
	if len(pages) == 0 {
		return layoutPage{}, st, nil
	}
	return pages[0], st, nil
}

// pdfError turns a failed poppler run into what extractPDF returns.
func pdfError(ctx context.Context, err error, stderr string, opt Options) error {
	switch {
	case ctx.Err() != nil:
		return canceled(ctx)
	case errors.Is(err, context.DeadlineExceeded):
		return rejectf(CodeTimeout, "PDF 处理超时（超过 "+opt.Timeout.String()+"），文件可能过大或结构异常")
	case strings.Contains(stderr, "Incorrect password"), strings.Contains(stderr, "encrypted"):
		return rejectf(CodeEncrypted, "PDF 设有打开密码，无法读取：请去除密码后重新导入")
	}
	return rejectf(CodeMalformed, "PDF 文件已损坏或不完整，无法读取（可能下载不完整）")
}

// pdfInfoPages reads "Pages: N" from pdfinfo's output.
func pdfInfoPages(out []byte) int {
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(rest))
			return n
		}
	}
	return 0
}

// pagesWithImages keeps the pages (0-based) that hold an image, as listed
// by pdfimages: an empty page without one is blank, and OCR would find
// nothing. When pdfimages is missing or fails, every page is kept.
func pagesWithImages(ctx context.Context, opt Options, in, dir string, pages []int) []int {
	tool, ok := toolPDFImages.path()
	if !ok {
		return pages
	}
	run, err := runTool(ctx, opt, tool, []string{"-list", in}, nil, dir)
	if err != nil || run.truncated {
		return pages
	}
	has := map[int]bool{}
	past := false
	for _, line := range strings.Split(string(run.stdout), "\n") {
		if strings.HasPrefix(line, "----") {
			past = true
			continue
		}
		if f := strings.Fields(line); past && len(f) > 0 {
			if n, err := strconv.Atoi(f[0]); err == nil {
				has[n-1] = true
			}
		}
	}
	var out []int
	for _, p := range pages {
		if has[p] {
			out = append(out, p)
		}
	}
	return out
}

// errBBoxTruncated reports pdftotext output cut short by the output cap.
var errBBoxTruncated = errors.New("extract: pdftotext output truncated")

// parseBBox reads pdftotext -bbox-layout output: <page width height>,
// <line xMin yMin xMax yMax>, <word …>text</word>. Control characters,
// which fonts without a Unicode map produce and XML forbids, are turned
// into U+FFFD first, so that the judge sees them as garbage.
func parseBBox(ctx context.Context, out []byte, maxDepth int) ([]pdfPage, error) {
	out = sanitizeXMLBytes(out)
	var pages []pdfPage
	var raw strings.Builder
	var page *pdfPage
	var line *textLine
	inWord := false
	var wordText strings.Builder
	var wx0, wx1 float64
	finishPage := func() {
		if page != nil {
			page.raw = raw.String()
			raw.Reset()
		}
	}
	err := walkXML(ctx, out, maxDepth, func(tok xml.Token, _ int) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "page":
				finishPage()
				pages = append(pages, pdfPage{width: attrFloat(t, "width"), height: attrFloat(t, "height")})
				page = &pages[len(pages)-1]
				line = nil
			case "line":
				if page == nil {
					return nil
				}
				page.layout.lines = append(page.layout.lines, textLine{
					x0: attrFloat(t, "xMin"), y0: attrFloat(t, "yMin"), x1: attrFloat(t, "xMax"), y1: attrFloat(t, "yMax"),
				})
				line = &page.layout.lines[len(page.layout.lines)-1]
			case "word":
				inWord = true
				wordText.Reset()
				wx0, wx1 = attrFloat(t, "xMin"), attrFloat(t, "xMax")
			}
		case xml.EndElement:
			if t.Name.Local == "word" && inWord {
				inWord = false
				if line != nil {
					line.words = append(line.words, word{text: wordText.String(), x0: wx0, x1: wx1})
					raw.WriteString(wordText.String())
					raw.WriteByte(' ')
				}
			}
		case xml.CharData:
			if inWord {
				wordText.Write(t)
			}
		}
		return nil
	})
	finishPage()
	if _, ok := errors.AsType[*xml.SyntaxError](err); ok {
		// Cut short by the output cap: keep the complete pages.
		if len(pages) > 0 {
			pages = pages[:len(pages)-1]
		}
		return pages, errBBoxTruncated
	}
	return pages, err
}

func attrFloat(e xml.StartElement, name string) float64 {
	v, _ := strconv.ParseFloat(attr(e, name), 64)
	return v
}

// sanitizeXMLBytes replaces the control bytes XML 1.0 forbids with U+FFFD.
func sanitizeXMLBytes(b []byte) []byte {
	clean := true
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			clean = false
			break
		}
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			out = append(out, "\uFFFD"...)
			continue
		}
		out = append(out, c)
	}
	return out
}

var cidRe = regexp.MustCompile(`\(cid:\d+\)`)

// judgeLayer counts the letters and ideographs of a page's text layer and
// reports whether the layer is garbage (see the comment at the top).
func judgeLayer(s string) (letters int, garbage bool) {
	bad, total, symbols := 0, 0, 0
	for _, m := range cidRe.FindAllStringIndex(s, -1) {
		bad += m[1] - m[0]
		total += m[1] - m[0]
	}
	s = cidRe.ReplaceAllString(s, "")
	var st charStats
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		total++
		st.add(r)
		switch {
		case r == utf8.RuneError, r < 0x20, r >= 0x7F && r <= 0x9F,
			r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000:
			bad++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			letters++
		case r < 0x80:
			symbols++
		}
	}
	if total == 0 {
		return 0, false
	}
	switch {
	case bad > 0 && (bad*10 > total || total < 10):
		return letters, true
	case total < 10:
		return letters, false
	case st.common+st.han >= 30 && st.commonShare() < 0.3:
		return letters, true
	case st.nonASCII >= 20 && st.odd*3 > st.nonASCII:
		return letters, true
	case symbols*2 > total:
		return letters, true
	}
	return letters, false
}

// letterCount counts letters and ideographs on a laid-out page.
func letterCount(p layoutPage) int {
	n := 0
	for _, l := range p.lines {
		for _, w := range l.words {
			for _, r := range w.text {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					n++
				}
			}
		}
	}
	return n
}

func oneBased(idx []int) []int {
	out := make([]int, len(idx))
	for i, v := range idx {
		out[i] = v + 1
	}
	return out
}

// capText cuts text at a line boundary so that it fits in limit bytes,
// with a warning.
func capText(text string, limit int64, q *Quality) string {
	if int64(len(text)) <= limit {
		return text
	}
	cut := text[:limit]
	if i := strings.LastIndexByte(cut, '\n'); i > 0 {
		cut = cut[:i]
	} else {
		cut = strings.ToValidUTF8(cut, "")
	}
	q.warn("文本超过 " + humanSize(limit) + "，已截断")
	return cut
}
