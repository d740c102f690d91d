package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig of scans
	_ "image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// OCR is tesseract (Debian tesseract-ocr with tesseract-ocr-chi-sim), run
// once per page with the "tsv" output: one row per word with its box and
// confidence. The boxes feed the same layout code as PDF text layers
// (layout.go), which is what joins a Chinese line broken by the page
// without a space, and the confidences become Quality.OCR.MeanConfidence.
// tesseract runs single-threaded (OMP_THREAD_LIMIT=1): pages are read one
// after another and the machine's other cores stay with the indexer.

// maxImagePixels refuses images whose header promises more pixels than a
// scan of an A2 sheet at 600 dpi: decoding one would take gigabytes.
const maxImagePixels = 150_000_000

// ocrStats accumulates word confidences, weighted by characters.
type ocrStats struct {
	sum, weight float64
	pages       int
}

func (s *ocrStats) add(o ocrStats) {
	s.sum += o.sum
	s.weight += o.weight
	s.pages += o.pages
}

func (s ocrStats) mean() float64 {
	if s.weight == 0 {
		return 0
	}
	return round1(s.sum / s.weight)
}

// ocrReady returns tesseract's path, or a Chinese reason why OCR cannot
// run ("未安装 tesseract…"), logged once per process.
func ocrReady(ctx context.Context, opt Options) (string, string) {
	if opt.NoOCR {
		return "", "文字识别（OCR）已关闭：请开启 OCR"
	}
	p, ok := toolTesseract.path()
	if !ok {
		return "", missingTool(opt, toolTesseract)
	}
	if msg := missingLanguages(ctx, p, opt.OCRLanguages); msg != "" {
		if _, seen := warnedTools.LoadOrStore("tesseract-lang:"+opt.OCRLanguages, true); !seen {
			opt.Logger.Warn(msg, "tool", "tesseract")
		}
		return "", msg
	}
	return p, ""
}

// ocrInfo builds Quality.OCR from the statistics of a run.
func ocrInfo(ctx context.Context, tess string, opt Options, st ocrStats) *OCRInfo {
	return &OCRInfo{
		Engine:         tesseractEngine(ctx, tess),
		Languages:      opt.OCRLanguages,
		MeanConfidence: st.mean(),
		Pages:          st.pages,
	}
}

// runTesseract OCRs one image file (every page of a multi-page TIFF).
// dpi is passed when known (rendered PDF pages), else 0.
func runTesseract(ctx context.Context, opt Options, tess, img string, dpi int, dir string) ([]layoutPage, ocrStats, error) {
	args := []string{img, "stdout", "-l", opt.OCRLanguages, "--psm", strconv.Itoa(opt.OCRPageSegMode)}
	if dpi > 0 {
		args = append(args, "--dpi", strconv.Itoa(dpi))
	}
	args = append(args, "tsv")
	run, err := runTool(ctx, opt, tess, args, []string{"OMP_THREAD_LIMIT=1"}, dir)
	if err != nil {
		return nil, ocrStats{}, err
	}
	pages, st := parseTSV(run.stdout)
	return pages, st, nil
}

// parseTSV reads tesseract's TSV output: level, page_num, block_num,
// par_num, line_num, word_num, left, top, width, height, conf, text. Line
// rows (level 4) give the line boxes, which tesseract computes without
// the odd tall character that a union of word boxes would include; word
// rows (level 5) give the words and their confidences. Tesseract's own
// paragraphs are not used: on our scans they split paragraphs at the
// lines where a Latin sentence starts, while the geometric rules of
// layout.go reconstruct them correctly.
func parseTSV(out []byte) ([]layoutPage, ocrStats) {
	var pages []layoutPage
	var st ocrStats
	pageIndex := map[int]int{}
	var curLine *textLine
	for _, row := range bytes.Split(out, []byte("\n")) {
		f := strings.SplitN(string(row), "\t", 12)
		if len(f) < 12 || f[0] == "level" {
			continue
		}
		var n [10]int
		ok := true
		for i := range n {
			v, err := strconv.Atoi(f[i])
			if err != nil {
				ok = false
				break
			}
			n[i] = v
		}
		if !ok {
			continue
		}
		level, page := n[0], n[1]
		pi, seen := pageIndex[page]
		if !seen {
			pi = len(pages)
			pageIndex[page] = pi
			pages = append(pages, layoutPage{})
			curLine = nil
		}
		x0, y0 := float64(n[6]), float64(n[7])
		x1, y1 := x0+float64(n[8]), y0+float64(n[9])
		switch level {
		case 4:
			pages[pi].lines = append(pages[pi].lines, textLine{x0: x0, y0: y0, x1: x1, y1: y1})
			curLine = &pages[pi].lines[len(pages[pi].lines)-1]
		case 5:
			text := strings.TrimSpace(f[11])
			if text == "" || curLine == nil {
				continue
			}
			if conf, err := strconv.ParseFloat(strings.TrimSpace(f[10]), 64); err == nil && conf >= 0 {
				w := float64(utf8.RuneCountInString(text))
				st.sum += conf * w
				st.weight += w
			}
			curLine.words = append(curLine.words, word{text: text, x0: x0, x1: x1})
		}
	}
	// Drop lines in which no word was recognised.
	for i := range pages {
		lines := pages[i].lines[:0]
		for _, l := range pages[i].lines {
			if len(l.words) > 0 {
				lines = append(lines, l)
			}
		}
		pages[i].lines = lines
	}
	st.pages = len(pages)
	return pages, st
}

// extractImage OCRs a PNG, JPEG or TIFF image.
func extractImage(ctx context.Context, data []byte, opt Options) (Result, error) {
	opt.SetDefaults()
	res := Result{Format: FormatImage, Quality: Quality{Extractor: "tesseract"}}
	ext := ".tif"
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG")):
		ext = ".png"
	case bytes.HasPrefix(data, []byte("\xFF\xD8")):
		ext = ".jpg"
	}
	if ext != ".tif" {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return Result{}, rejectf(CodeMalformed, "图片已损坏或不完整，无法读取")
		}
		if int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
			return Result{}, rejectf(CodeTooLarge, "图片尺寸过大（"+strconv.Itoa(cfg.Width)+"×"+strconv.Itoa(cfg.Height)+" 像素），未识别")
		}
	}
	tess, reason := ocrReady(ctx, opt)
	if tess == "" {
		res.Quality.NeedsOCR = true
		res.Quality.warn(reason)
		return res, rejectf(CodeNeedsOCR, "图片中的文字需要文字识别（OCR）："+reason+" 后重新导入")
	}
	dir, cleanup, err := tempDir()
	if err != nil {
		return Result{}, err
	}
	defer cleanup()
	in := filepath.Join(dir, "in"+ext)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return Result{}, fmt.Errorf("extract: write image: %w", err)
	}
	ocrCtx, cancel := context.WithTimeout(ctx, opt.OCRTimeout)
	defer cancel()
	pages, st, err := runTesseract(ocrCtx, opt, tess, in, 0, dir)
	switch {
	case ctx.Err() != nil:
		return Result{}, canceled(ctx)
	case errors.Is(err, context.DeadlineExceeded):
		return Result{}, rejectf(CodeTimeout, "文字识别超时（超过 "+opt.OCRTimeout.String()+"），图片可能过大")
	case err != nil:
		return Result{}, rejectf(CodeMalformed, "图片无法识别（文件可能已损坏或格式不受支持）")
	}
	if len(pages) > opt.MaxOCRPages {
		pages = pages[:opt.MaxOCRPages]
		res.Quality.warn("图片页数过多，只保留了前 " + strconv.Itoa(opt.MaxOCRPages) + " 页的识别结果")
	}
	res.Text = layoutText(pages)
	res.Title = truncateRunes(firstLine(res.Text), maxTitleRunes)
	res.Quality.Pages = len(pages)
	res.Quality.OCR = ocrInfo(ctx, tess, opt, st)
	if res.Text == "" {
		res.Quality.warn("图片中没有识别出文字")
	}
	return res, nil
}
