package extract

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"strings"
	"testing"
)

func testLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// TestImageOCR reads a scanned page (the notice rendered at 200 dpi) as
// PNG, JPEG and TIFF.
func TestImageOCR(t *testing.T) {
	needChinese(t)
	img := scanImage(t, 200)
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"scan.png", encodePNG(t, img)},
		{"scan.jpg", jpg.Bytes()},
		{"scan.tif", writeTIFF(img, 200)},
		{"scan.dat", encodePNG(t, img)}, // the content decides
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := File(c.name, c.data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkShape(t, res)
			q := res.Quality
			if res.Format != FormatImage || q.Extractor != "tesseract" || q.OCR == nil || q.OCR.Pages != 1 || q.Pages != 1 {
				t.Fatalf("result %+v", q)
			}
			if q.OCR.MeanConfidence < LowOCRConfidence || q.OCR.MeanConfidence > 100 {
				t.Errorf("confidence %v", q.OCR.MeanConfidence)
			}
			mustContain(t, res.Text, "国家奖学金评审工作", "评审条件", "名额分配", "确保评审结果公平公正")
		})
	}
}

func TestImageWithoutTesseract(t *testing.T) {
	png := encodePNG(t, image.NewGray(image.Rect(0, 0, 20, 20)))
	emptyPath(t)
	var log bytes.Buffer
	for range 2 {
		res, err := File("scan.png", png, Options{Logger: testLogger(&log)})
		r := wantRejection(t, err, CodeNeedsOCR)
		if !r.NeedsTool() || !strings.Contains(r.Reason, "请安装 tesseract-ocr tesseract-ocr-chi-sim") {
			t.Errorf("reason %q", r.Reason)
		}
		if res.Format != FormatImage || !res.Quality.NeedsOCR || len(res.Quality.Warnings) != 1 {
			t.Errorf("result %+v", res)
		}
	}
	if strings.Count(log.String(), "\n") != 1 || !strings.Contains(log.String(), "未安装 tesseract") {
		t.Errorf("log:\n%s", log.String())
	}
}

func TestImageRejections(t *testing.T) {
	// A PNG header promising 100 000 × 100 000 pixels.
	huge := encodePNG(t, image.NewGray(image.Rect(0, 0, 1, 1)))
	huge = bytes.Clone(huge)
	copy(huge[16:24], []byte{0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0})
	binary.BigEndian.PutUint32(huge[29:33], crc32.ChecksumIEEE(huge[12:29]))
	wantRejection(t, second(File("huge.png", huge, Options{})), CodeTooLarge)
	wantRejection(t, second(File("cut.jpg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF"), Options{})), CodeMalformed)
}

func TestBlankImageWarns(t *testing.T) {
	needChinese(t)
	img := image.NewGray(image.Rect(0, 0, 400, 300))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	res, err := File("blank.png", encodePNG(t, img), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != "" || !res.Quality.NeedsAttention() {
		t.Errorf("result %+v", res)
	}
}

func TestParseTSV(t *testing.T) {
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t1000\t1400\t-1\t\n" +
		"4\t1\t1\t1\t1\t0\t100\t100\t800\t40\t-1\t\n" +
		"5\t1\t1\t1\t1\t1\t100\t100\t80\t40\t90\t关于\n" +
		"5\t1\t1\t1\t1\t2\t190\t102\t80\t36\t70\t2019\n" +
		"5\t1\t1\t1\t1\t3\t280\t100\t600\t40\t-1\t \n" +
		"4\t1\t1\t1\t2\t0\t100\t160\t300\t40\t-1\t\n" +
		"5\t1\t1\t1\t2\t1\t100\t160\t40\t40\t50\t年\n" +
		"1\t2\t0\t0\t0\t0\t0\t0\t1000\t1400\t-1\t\n" +
		"garbage line\n"
	pages, st := parseTSV([]byte(tsv))
	if len(pages) != 2 || len(pages[0].lines) != 2 || len(pages[1].lines) != 0 || st.pages != 2 {
		t.Fatalf("%+v", pages)
	}
	l := pages[0].lines[0]
	if len(l.words) != 2 || l.x0 != 100 || l.x1 != 900 || l.y1 != 140 {
		t.Errorf("line %+v", l)
	}
	// (90×2 + 70×4 + 50×1) / 7
	if got := st.mean(); got != 72.9 {
		t.Errorf("mean %v", got)
	}
}
