package extract

import (
	"strings"
	"sync"
	"testing"
)

// legacyDoc is the plain DOCX fixture saved as Word 97–2003 by LibreOffice.
func legacyDoc(t *testing.T) []byte {
	needTool(t, "soffice")
	return cached(t, "notice.doc", func(dir string) ([]byte, error) {
		return convertWith(dir, buildDOCX(t, false), "notice.docx", "doc")
	})
}

func legacyXLS(t *testing.T) []byte {
	needTool(t, "soffice")
	return cached(t, "list.xls", func(dir string) ([]byte, error) {
		return convertWith(dir, buildXLSX(t), "list.xlsx", "xls")
	})
}

func TestLegacyWordFormats(t *testing.T) {
	doc := legacyDoc(t)
	// WPS Writer saves .wps in the Word binary format; the extension only
	// names the format reported.
	cases := []struct{ name, format string }{{"notice.doc", FormatDOC}, {"notice.wps", FormatWPS}, {"notice.bin.doc", FormatDOC}}
	// Conversions run in parallel, each with its own LibreOffice
	// profile: with a shared one the second would fail at once.
	var wg sync.WaitGroup
	results := make([]Result, len(cases))
	errs := make([]error, len(cases))
	for i, c := range cases {
		wg.Go(func() { results[i], errs[i] = File(c.name, doc, Options{}) })
	}
	wg.Wait()
	for i, c := range cases {
		res, err := results[i], errs[i]
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		checkShape(t, res)
		if res.Title != docTitle || res.Format != c.format || res.Quality.Extractor != "soffice+docx" {
			t.Errorf("%s: title %q format %s %+v", c.name, res.Title, res.Format, res.Quality)
		}
		wantLines(t, res.Text, docParagraphs...)
		wantLines(t, res.Text, "1 | 张三 | 计算机学院 | 8000", "清源大学学生处")
	}
}

func TestLegacyExcelFormats(t *testing.T) {
	xls := legacyXLS(t)
	for _, c := range []struct{ name, format string }{{"list.xls", FormatXLS}, {"list.et", FormatET}} {
		res, err := File(c.name, xls, Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.Format != c.format || res.Quality.Extractor != "soffice+xlsx" || res.Title != "2019年国家奖学金获奖学生名单" {
			t.Errorf("%s: %s %q %+v", c.name, res.Format, res.Title, res.Quality)
		}
		wantLines(t, res.Text, "2019年奖学金", "汇总", "1 | 张三 | 计算机学院 | 8000 | 2019-10-15", "合计 | 16000")
	}
}

// TestLegacyBroken: an OLE file LibreOffice cannot load is malformed, with
// a reason that says so.
func TestLegacyBroken(t *testing.T) {
	needTool(t, "soffice")
	doc := legacyDoc(t)
	r := wantRejection(t, second(File("cut.doc", doc[:4096], Options{})), CodeMalformed)
	if !strings.Contains(r.Reason, "LibreOffice") {
		t.Errorf("reason %q", r.Reason)
	}
}

func TestLegacyWithoutLibreOffice(t *testing.T) {
	doc := legacyDoc(t)
	emptyPath(t)
	res, err := File("notice.wps", doc, Options{})
	r := wantRejection(t, err, CodeNeedsTool)
	if !strings.Contains(r.Reason, "libreoffice-writer") || res.Format != FormatWPS {
		t.Errorf("reason %q result %+v", r.Reason, res)
	}
}
