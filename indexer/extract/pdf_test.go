package extract

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// wantLines asserts that every want is a whole line of text.
func wantLines(t *testing.T, text string, wants ...string) {
	t.Helper()
	lines := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		lines[l] = true
	}
	for _, w := range wants {
		if !lines[w] {
			t.Errorf("no line %q in:\n%s", w, text)
		}
	}
}

// allParagraphs is the notice as it must come back from a text layer.
func allParagraphs() []string {
	out := []string{docTitle}
	for _, p := range noticePages() {
		out = append(out, p...)
	}
	return out
}

func TestPDFTextLayer(t *testing.T) {
	needTool(t, "pdftotext", "pdfinfo")
	res, err := File("notice.pdf", noticePDF(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	if res.Title != docTitle {
		t.Errorf("title %q", res.Title)
	}
	// Every paragraph comes back whole and exact: lines broken inside
	// Chinese text joined without a space, the Latin sentence with its
	// spaces, "关于 2019 年" without the gaps pdftotext sees.
	if got, want := res.Text, strings.Join(allParagraphs(), "\n"); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
	// The running header and "第 N 页 共 3 页" are gone.
	mustNotContain(t, res.Text, "清源大学学生处文件", "页 共")
	q := res.Quality
	if res.Format != FormatPDF || q.Extractor != "pdftotext" || q.TextLayer != TextLayerOK || q.Pages != 3 || q.OCR != nil || q.NeedsAttention() {
		t.Errorf("quality %+v", q)
	}
}

// TestPDFCIDFont reads a hand-built PDF with a Type0/Identity-H font and a
// ToUnicode CMap, and checks the layout rules on known geometry: an
// indented first line starts a paragraph, a full line continues.
func TestPDFCIDFont(t *testing.T) {
	needTool(t, "pdftotext")
	lines := []string{docTitle, "各学院："}
	lines = append(lines, wrapCID(docParagraphs[1], 456)...)
	lines = append(lines, "一、评审条件")
	res, err := File("cid.pdf", cidPDF(lines), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{docTitle, "各学院：", docParagraphs[1], "一、评审条件"}, "\n")
	if res.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", res.Text, want)
	}
	if res.Quality.TextLayer != TextLayerOK {
		t.Errorf("quality %+v", res.Quality)
	}
}

// wrapCID breaks a paragraph into cidPDF lines of at most width points,
// the first indented by two characters, as a word processor would.
func wrapCID(p string, width float64) []string {
	var lines []string
	line, w := "\t", 24.0
	for _, r := range p {
		cw := 6.0
		if isWide(r) {
			cw = 12
		}
		if w+cw > width {
			lines = append(lines, line)
			line, w = "", 0
		}
		line += string(r)
		w += cw
	}
	return append(lines, line)
}

func TestPDFGarbageLayerIsOCRd(t *testing.T) {
	needTool(t, "pdftotext", "pdftoppm")
	needChinese(t)
	res, err := File("garbage.pdf", garbagePDF(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	q := res.Quality
	if q.TextLayer != TextLayerGarbage || q.OCR == nil || q.OCR.Pages != 3 || q.Extractor != "tesseract" {
		t.Fatalf("quality %+v %+v", q, q.OCR)
	}
	if q.OCR.MeanConfidence < LowOCRConfidence || q.OCR.Languages != "chi_sim+eng" || !strings.HasPrefix(q.OCR.Engine, "tesseract") {
		t.Errorf("ocr %+v", q.OCR)
	}
	if !q.NeedsAttention() {
		t.Error("a garbage text layer needs attention")
	}
	mustContain(t, res.Text, "国家奖学金评审工作", "评审条件", "确保评审结果公平公正", "学生处", "The committee reviews every application")
	mustNotContain(t, res.Text, "\uFFFD", "清源大学学生处文件")
}

func TestPDFScanned(t *testing.T) {
	needTool(t, "pdftotext", "pdftoppm", "pdfimages")
	needChinese(t)
	res, err := File("scan.pdf", imagePDF(t, scanImage(t, 200), 200), Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Quality
	if q.TextLayer != TextLayerNone || q.OCR == nil || q.OCR.Pages != 1 || q.Pages != 1 {
		t.Fatalf("quality %+v", q)
	}
	mustContain(t, res.Text, docTitle, "国家奖学金", "评审条件", "名额分配", "各学院不得突破分配名额")
}

func TestPDFScannedWithoutOCR(t *testing.T) {
	needTool(t, "pdftotext")
	res, err := File("scan.pdf", imagePDF(t, scanImage(t, 100), 100), Options{NoOCR: true})
	r := wantRejection(t, err, CodeNeedsOCR)
	if !r.NeedsTool() || !strings.Contains(r.Reason, "扫描版 PDF") {
		t.Errorf("reason %q", r.Reason)
	}
	// The Quality found so far comes with the Rejection.
	if res.Format != FormatPDF || !res.Quality.NeedsOCR || res.Quality.TextLayer != TextLayerNone || !res.Quality.NeedsAttention() {
		t.Errorf("result %+v", res)
	}
}

func TestPDFTruncated(t *testing.T) {
	needTool(t, "pdftotext", "pdfinfo")
	pdf := noticePDF(t)
	r := wantRejection(t, second(File("cut.pdf", pdf[:len(pdf)/2], Options{})), CodeMalformed)
	if !strings.Contains(r.Reason, "PDF") {
		t.Errorf("reason %q", r.Reason)
	}
}

func second(_ Result, err error) error { return err }

func TestPDFEncrypted(t *testing.T) {
	needTool(t, "pdftotext", "pdfinfo", "soffice")
	pdf := cached(t, "encrypted.pdf", func(dir string) ([]byte, error) {
		return convertWith(dir, []byte(noticeSimplified), "notice.txt",
			`pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}`)
	})
	wantRejection(t, second(File("secret.pdf", pdf, Options{})), CodeEncrypted)
}

func TestPDFTimeout(t *testing.T) {
	needTool(t, "pdftotext")
	r := wantRejection(t, second(File("slow.pdf", noticePDF(t), Options{Timeout: time.Millisecond})), CodeTimeout)
	if !strings.Contains(r.Reason, "超时") {
		t.Errorf("reason %q", r.Reason)
	}
}

// TestPDFCancelStopsOCR is the Ctrl-C case: cancelling the context kills
// tesseract at once, and the error is the context's, not a Rejection.
func TestPDFCancelStopsOCR(t *testing.T) {
	needTool(t, "pdftotext", "pdftoppm")
	needChinese(t)
	pdf := garbagePDF(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(1500*time.Millisecond, cancel)
	start := time.Now()
	_, err := FileContext(ctx, "garbage.pdf", pdf, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if _, ok := errors.AsType[*Rejection](err); ok {
		t.Fatal("a cancellation is not a Rejection")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v after cancel", d)
	}
}

func TestPDFPageTimeoutKeepsGoing(t *testing.T) {
	needTool(t, "pdftotext", "pdftoppm")
	needChinese(t)
	res, err := File("garbage.pdf", garbagePDF(t), Options{PageTimeout: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Quality
	if !q.NeedsOCR || len(q.Warnings) == 0 || !strings.Contains(strings.Join(q.Warnings, ""), "超时") || !q.NeedsAttention() {
		t.Errorf("quality %+v", q)
	}
}

func TestPDFMaxOCRPages(t *testing.T) {
	needTool(t, "pdftotext", "pdftoppm")
	needChinese(t)
	res, err := File("garbage.pdf", garbagePDF(t), Options{MaxOCRPages: 1})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Quality
	if q.OCR == nil || q.OCR.Pages != 1 || !q.NeedsOCR || q.Extractor != "pdftotext+tesseract" {
		t.Fatalf("quality %+v", q)
	}
	mustContain(t, strings.Join(q.Warnings, ""), "第 2、3 页")
}

// TestPDFOutputCap: a PDF whose text exceeds the output cap keeps the
// pages read before it, with a warning.
func TestPDFOutputCap(t *testing.T) {
	needTool(t, "pdftotext", "pdfinfo")
	res, err := File("notice.pdf", noticePDF(t), Options{MaxToolOutput: 12 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Quality.Warnings) == 0 || !strings.Contains(res.Text, docTitle) || strings.Contains(res.Text, "监督与申诉") {
		t.Errorf("quality %+v text %q", res.Quality, res.Text)
	}
}

func TestJudgeLayer(t *testing.T) {
	cases := []struct {
		name    string
		text    string
		garbage bool
		letters int
	}{
		{"notice", noticeSimplified, false, -1},
		{"traditional", noticeTraditional, false, -1},
		{"english", "The committee reviews every application before the list is published.", false, -1},
		{"table", "序号 姓名 学院 金额 1 张三 计算机学院 8000 2 李四 外国语学院 8000 合计 16000", false, -1},
		{"empty", "", false, 0},
		{"page number", "- 3 -", false, 1},
		{"controls", "\x01\x02 \x03\x04\x05\x06\x07\x08 \x0e\x0f", true, -1},
		{"replacement", strings.Repeat("\uFFFD\uFFFD 通知 ", 10), true, -1},
		{"cid", strings.Repeat("(cid:1234)(cid:88) ", 10), true, -1},
		{"private use", strings.Repeat("\uE001\uE002\uE003 ", 10), true, -1},
		{"rare ideographs", "丌丏丒丟丠両丣丩丮丯丱丳丵丷丼乀乁乂乄乆乊乑乕乗乚乛乢乣乤乥乧乨乪乫乬乭乮乯", true, -1},
		{"kana", "ゃゅょぁぃぅぇぉっゎゐゑをんゔゕゖ゙゚゛゜ゝゞゟ゠ァアィイ", true, -1},
		{"symbol soup", `!"#$%&'()*+,-./:;<=>?@[\]^_{|}~!"#$%&'()`, true, -1},
	}
	for _, c := range cases {
		letters, garbage := judgeLayer(c.text)
		if garbage != c.garbage || (c.letters >= 0 && letters != c.letters) {
			t.Errorf("%s: letters %d garbage %v, want %d %v", c.name, letters, garbage, c.letters, c.garbage)
		}
	}
}

func TestParseBBoxSanitizes(t *testing.T) {
	out := []byte(`<html><body><doc><page width="100" height="200"><flow><block><line xMin="1" yMin="2" xMax="30" yMax="14">` +
		"<word xMin=\"1\" yMin=\"2\" xMax=\"30\" yMax=\"14\">\x01\x02&amp;</word></line></block></flow></page></doc></body></html>")
	pages, err := parseBBox(context.Background(), out, 64)
	if err != nil || len(pages) != 1 || pages[0].width != 100 || pages[0].raw != "\uFFFD\uFFFD& " {
		t.Fatalf("%+v %v", pages, err)
	}
}

// TestPDFNeedsToolWithoutPdftotext: without poppler, a PDF is kept out
// with a reason that names the package to install.
func TestPDFNeedsToolWithoutPdftotext(t *testing.T) {
	emptyPath(t)
	res, err := File("notice.pdf", []byte("%PDF-1.4\n"), Options{})
	r := wantRejection(t, err, CodeNeedsTool)
	if !strings.Contains(r.Reason, "poppler-utils") || res.Format != FormatPDF {
		t.Errorf("reason %q result %+v", r.Reason, res)
	}
}

// emptyPath runs the rest of the test with no external program on $PATH
// and with the once-per-process warnings forgotten.
func emptyPath(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	warnedTools.Clear()
	t.Cleanup(func() { warnedTools.Clear() })
}

// pathWith runs the rest of the test with only the named programs on
// $PATH (symbolic links in a temporary folder).
func pathWith(t *testing.T, names ...string) {
	dir := t.TempDir()
	for _, n := range names {
		p, err := exec.LookPath(n)
		if err != nil {
			t.Skipf("%s 未安装，跳过", n)
		}
		if err := os.Symlink(p, filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
	warnedTools.Clear()
	t.Cleanup(func() { warnedTools.Clear() })
}

// TestGarbagePDFWithoutTesseract: the garbage layer is detected and the
// document waits for OCR, with one log line however many files.
func TestGarbagePDFWithoutTesseract(t *testing.T) {
	pdf := garbagePDF(t)
	pathWith(t, "pdftotext", "pdfinfo", "pdfimages")
	var log bytes.Buffer
	opt := Options{Logger: testLogger(&log)}
	for range 3 {
		res, err := File("garbage.pdf", pdf, opt)
		r := wantRejection(t, err, CodeNeedsOCR)
		if !strings.Contains(r.Reason, "乱码") || !strings.Contains(r.Reason, "tesseract-ocr tesseract-ocr-chi-sim") {
			t.Errorf("reason %q", r.Reason)
		}
		if res.Quality.TextLayer != TextLayerGarbage {
			t.Errorf("quality %+v", res.Quality)
		}
	}
	if n := strings.Count(log.String(), "未安装 tesseract"); n != 1 {
		t.Errorf("logged %d times:\n%s", n, log.String())
	}
}
