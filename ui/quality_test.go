package ui_test

import (
	"context"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/accounts"
)

func TestStaffSeeExtractionQualityAndTheNeedsAttentionList(t *testing.T) {
	scan := records.Document{ID: "scan-1", Title: "2018年度部门决算（扫描件）", Body: "部门决算 收入 支出", Published: "2019-07-01",
		Visibility: records.Public, Format: "pdf",
		Quality: `{"extractor":"pdftotext+tesseract","text_layer":"none","pages":3,"ocr":{"engine":"tesseract 5.3.0","languages":"chi_sim+eng","mean_confidence":48,"pages":3},"warnings":["第 2 页识别置信度低"],"needs_attention":true}`}
	clean := records.Document{ID: "ok-1", Title: "关于2019年招生工作的通知", Body: "招生工作", Published: "2019-03-01",
		Visibility: records.Public, Format: "html", Quality: `{"extractor":"html","encoding":"gb18030","needs_attention":false}`}
	a, err := openArchive(t.TempDir(), func(ctx context.Context, s *records.Store) error {
		_, err := s.Put(ctx, "test:ingest", []records.Incoming{{Doc: scan, Original: []byte("%PDF-1.4 scan")}, {Doc: clean, Original: []byte("<html>")}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	staff := signedIn(t, a, "zhou", accounts.Staff)
	list := getPage(t, staff, a.server.URL+"/attention")
	if !strings.Contains(list, "2018年度部门决算（扫描件）") || strings.Contains(list, "关于2019年招生工作的通知") || !strings.Contains(list, "共 1 篇") {
		t.Errorf("needs-attention list wrong:\n%s", list[strings.Index(list, "<main>"):])
	}
	page := getPage(t, staff, a.server.URL+"/documents/scan-1")
	for _, want := range []string{"提取质量（需核对）", "平均置信度 48", "第 2 页识别置信度低", "无（扫描件）"} {
		if !strings.Contains(page, want) {
			t.Errorf("staff document page lacks %q", want)
		}
	}
	if strings.Contains(getPage(t, browser(t), a.server.URL+"/documents/scan-1"), "提取质量") {
		t.Error("the public sees the staff's quality record")
	}
}
