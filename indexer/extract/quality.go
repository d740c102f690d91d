package extract

import (
	"math"
	"strconv"
	"strings"
)

// Quality is the quality record of one extraction: how the text was
// obtained and what a member of staff should check. The ingester stores it
// with the record as JSON (snake_case keys) and offers NeedsAttention as a
// filter, so that scans read badly by OCR, PDFs with a broken text layer
// and truncated files can be found and fixed by hand.
type Quality struct {
	// Extractor names what produced the text: "html", "text", "markdown",
	// "pdftotext", "tesseract", "pdftotext+tesseract" (a PDF with some
	// pages OCR'd), "docx", "xlsx", "odt", "ods", "ofd", "rtf",
	// "soffice+docx", "soffice+xlsx".
	Extractor string `json:"extractor"`
	// Encoding, EncodingSource and EncodingConfidence repeat
	// Result.Encoding, Result.EncodingSource and Result.Confidence.
	Encoding           string  `json:"encoding,omitempty"`
	EncodingSource     string  `json:"encoding_source,omitempty"`
	EncodingConfidence float64 `json:"encoding_confidence,omitempty"`
	// TextLayer is set for PDFs: TextLayerOK, TextLayerPartial,
	// TextLayerGarbage or TextLayerNone.
	TextLayer string `json:"text_layer,omitempty"`
	// OCR is set when some of the text was read by OCR.
	OCR *OCRInfo `json:"ocr,omitempty"`
	// Pages is the page count of paged formats (PDF, OFD, TIFF), else 0.
	Pages int `json:"pages,omitempty"`
	// NeedsOCR is set when some pages are scans that were not read
	// because OCR is unavailable or was cut short.
	NeedsOCR bool `json:"needs_ocr,omitempty"`
	// Warnings are short sentences in Simplified Chinese for staff:
	// truncated text, pages left out, parts that could not be read.
	Warnings []string `json:"warnings,omitempty"`
}

// OCRInfo describes the OCR run behind a text.
type OCRInfo struct {
	// Engine is the program and its version, e.g. "tesseract 5.3.0".
	Engine string `json:"engine"`
	// Languages is the language argument, e.g. "chi_sim+eng".
	Languages string `json:"languages"`
	// MeanConfidence is the mean word confidence reported by the engine,
	// weighted by characters, from 0 to 100.
	MeanConfidence float64 `json:"mean_confidence"`
	// Pages is how many pages (or images) were OCR'd.
	Pages int `json:"pages"`
}

// Text layer states used in Quality.TextLayer.
const (
	TextLayerOK      = "ok"      // every page has a usable text layer
	TextLayerPartial = "partial" // some pages have none (scanned pages)
	TextLayerGarbage = "garbage" // there is one, but it is not text (fonts without a Unicode map)
	TextLayerNone    = "none"    // a scan: no page has text
)

// LowOCRConfidence is the mean OCR confidence below which a text needs
// attention. At tesseract's confidence of 60 about one Chinese character
// in five or six is wrong in our test scans, which is enough to make
// exact search miss.
const LowOCRConfidence = 60

// NeedsAttention reports whether staff should look at the document: its
// text layer was garbage, OCR was needed but not run, OCR confidence is
// low, or extraction left a warning.
func (q Quality) NeedsAttention() bool {
	return q.TextLayer == TextLayerGarbage || q.NeedsOCR || len(q.Warnings) > 0 ||
		(q.OCR != nil && q.OCR.MeanConfidence < LowOCRConfidence)
}

// warn adds a warning once.
func (q *Quality) warn(msg string) {
	for _, w := range q.Warnings {
		if w == msg {
			return
		}
	}
	q.Warnings = append(q.Warnings, msg)
}

// pageList formats page numbers for a warning: "第 2、3、5 页", shortening
// long lists to their first ten numbers.
func pageList(pages []int) string {
	var b strings.Builder
	b.WriteString("第 ")
	for i, p := range pages {
		if i == 10 {
			b.WriteString(" 等 " + strconv.Itoa(len(pages)) + " ")
			break
		}
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(strconv.Itoa(p))
	}
	b.WriteString(" 页")
	return b.String()
}

// round1 rounds to one decimal, which is all a confidence needs.
func round1(v float64) float64 { return math.Round(v*10) / 10 }
