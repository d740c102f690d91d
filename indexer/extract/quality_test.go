package extract

import (
	"context"
	"encoding/json"
	"errors"
	"image"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestNeedsAttention(t *testing.T) {
	cases := []struct {
		q    Quality
		want bool
	}{
		{Quality{Extractor: "docx"}, false},
		{Quality{Extractor: "pdftotext", TextLayer: TextLayerOK, Pages: 3}, false},
		{Quality{Extractor: "tesseract", OCR: &OCRInfo{MeanConfidence: 91}}, false},
		{Quality{Extractor: "tesseract", OCR: &OCRInfo{MeanConfidence: 59.9}}, true},
		{Quality{Extractor: "tesseract", TextLayer: TextLayerGarbage, OCR: &OCRInfo{MeanConfidence: 95}}, true},
		{Quality{Extractor: "pdftotext", NeedsOCR: true}, true},
		{Quality{Extractor: "xlsx", Warnings: []string{"文本超过 32 MB，已截断"}}, true},
	}
	for _, c := range cases {
		if got := c.q.NeedsAttention(); got != c.want {
			t.Errorf("%+v: NeedsAttention() = %v", c.q, got)
		}
	}
}

func TestQualityJSON(t *testing.T) {
	q := Quality{Extractor: "pdftotext+tesseract", Encoding: "", TextLayer: TextLayerPartial, Pages: 4, NeedsOCR: true,
		OCR:      &OCRInfo{Engine: "tesseract 5.3.0", Languages: "chi_sim+eng", MeanConfidence: 88.5, Pages: 2},
		Warnings: []string{"第 4 页文字识别超时"}}
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"extractor":"pdftotext+tesseract","text_layer":"partial","ocr":{"engine":"tesseract 5.3.0","languages":"chi_sim+eng","mean_confidence":88.5,"pages":2},"pages":4,"needs_ocr":true,"warnings":["第 4 页文字识别超时"]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

// TestQualityOfTextFormats: the existing formats record their extractor
// and encoding too.
func TestQualityOfTextFormats(t *testing.T) {
	cases := []struct {
		name, extractor, enc string
		data                 []byte
	}{
		{"a.html", "html", EncGB18030, gbk(t, "<html><body><p>"+noticeSimplified+"</p></body></html>")},
		{"a.txt", "text", EncUTF8, []byte(noticeSimplified)},
		{"a.md", "markdown", EncUTF8, []byte("# 通知\n\n正文")},
	}
	for _, c := range cases {
		res, err := File(c.name, c.data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		q := res.Quality
		if q.Extractor != c.extractor || q.Encoding != c.enc || q.EncodingSource != res.EncodingSource ||
			q.EncodingConfidence != res.Confidence || q.NeedsAttention() {
			t.Errorf("%s: %+v", c.name, q)
		}
	}
}

func TestCapText(t *testing.T) {
	var q Quality
	if got := capText("第一行\n第二行\n第三行", 20, &q); got != "第一行\n第二行" || len(q.Warnings) != 1 {
		t.Errorf("%q %+v", got, q)
	}
	q = Quality{}
	if got := capText("一二三四五", 7, &q); got != "一二" {
		t.Errorf("%q", got)
	}
}

func TestDocWriterLimit(t *testing.T) {
	res, err := File("list.xlsx", buildXLSX(t), Options{MaxTextBytes: 64})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Text) > 64 || len(res.Quality.Warnings) != 1 {
		t.Errorf("%d bytes, %+v", len(res.Text), res.Quality)
	}
}

func TestCapWriter(t *testing.T) {
	full := 0
	w := &capWriter{limit: 5, onFull: func() { full++ }}
	_, _ = w.Write([]byte("abc"))
	_, _ = w.Write([]byte("defg"))
	_, _ = w.Write([]byte("h"))
	if string(w.buf) != "abcde" || !w.full || full != 1 {
		t.Errorf("%q %v %d", w.buf, w.full, full)
	}
}

func TestRunToolLimits(t *testing.T) {
	sh := mustLook(t, "sh")
	opt := Options{}
	opt.SetDefaults()
	ctx := context.Background()

	t.Run("output cap kills", func(t *testing.T) {
		o := opt
		o.MaxToolOutput = 1000
		start := time.Now()
		run, err := runTool(ctx, o, sh, []string{"-c", "while :; do echo 0123456789; done"}, nil, "")
		if err != nil || !run.truncated || len(run.stdout) != 1000 || time.Since(start) > 10*time.Second {
			t.Errorf("err %v truncated %v len %d", err, run.truncated, len(run.stdout))
		}
	})
	t.Run("timeout kills the group", func(t *testing.T) {
		c, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		// The grandchild holds stdout open: without the process group
		// and WaitDelay, Wait would block for the full 30 s.
		_, err := runTool(c, opt, sh, []string{"-c", "sleep 30 & sleep 30"}, nil, "")
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 6*time.Second {
			t.Errorf("err %v after %v", err, time.Since(start))
		}
	})
	t.Run("failure names the program", func(t *testing.T) {
		_, err := runTool(ctx, opt, sh, []string{"-c", "echo boom >&2; exit 3"}, nil, "")
		if err == nil || !strings.Contains(err.Error(), "sh: exit status 3: boom") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("memory cap", func(t *testing.T) {
		if _, err := exec.LookPath("prlimit"); err != nil {
			t.Skip("prlimit 未安装")
		}
		o := opt
		o.MaxToolMemory = 64 << 20
		// Building a 200 MB string needs more than 64 MB of address space.
		_, err := runTool(ctx, o, sh, []string{"-c", `x=$(head -c 200000000 /dev/zero | tr '\0' a); echo ${#x}`}, nil, "")
		if err == nil {
			t.Error("a 200 MB shell variable ran under a 64 MB limit")
		}
	})
}

func TestMissingTools(t *testing.T) {
	emptyPath(t)
	got := strings.Join(MissingTools(), "\n")
	for _, w := range []string{"poppler-utils", "tesseract-ocr tesseract-ocr-chi-sim", "libreoffice-writer", "util-linux"} {
		if !strings.Contains(got, w) {
			t.Errorf("MissingTools() does not mention %s:\n%s", w, got)
		}
	}
}

func TestMissingLanguages(t *testing.T) {
	needTool(t, "tesseract")
	msg := missingLanguages(context.Background(), mustLook(t, "tesseract"), "chi_sim+xyz_qq")
	if !strings.Contains(msg, "xyz_qq") || !strings.Contains(msg, "tesseract-ocr-xyz-qq") || strings.Contains(msg, "chi_sim、") {
		t.Errorf("%q", msg)
	}
	res, err := File("scan.png", encodePNG(t, image.NewGray(image.Rect(0, 0, 20, 20))), Options{OCRLanguages: "xyz_qq"})
	r := wantRejection(t, err, CodeNeedsOCR)
	if !strings.Contains(r.Reason, "tesseract-ocr-xyz-qq") || !res.Quality.NeedsOCR {
		t.Errorf("reason %q", r.Reason)
	}
}
