package indexer_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
)

func write(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

func gbk(tb testing.TB, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func big5(tb testing.TB, s string) []byte {
	b, err := traditionalchinese.Big5.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// department is a folder as a department's shared drive holds it.
func department(tb testing.TB) string {
	dir := tb.TempDir()
	write(tb, filepath.Join(dir, "jwc", "2019-0312.html"), gbk(tb, `<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>关于开展2019年度本科生奖学金评审工作的通知</title></head>
<body><p>发布时间：2019-03-12 来源：教务处</p><p>　　各学院：现将奖学金评审工作有关事项通知如下。</p></body></html>`))
	write(tb, filepath.Join(dir, "gjc", "交流.htm"), big5(tb, `<html><head><meta charset="big5"><title>與國立臺灣大學簽署交流協議</title></head>
<body><p>發布日期：2023-05-08</p><p>本校與國立臺灣大學簽署學術交流協議。</p></body></html>`))
	write(tb, filepath.Join(dir, "notes", "说明.txt"), []byte("关于GB18030编码的说明\n自２０１９年起统一采用GB18030编码。\n清源大学信息化办公室\n2019年2月20日\n"))
	write(tb, filepath.Join(dir, "notes", "空文件.txt"), nil)
	write(tb, filepath.Join(dir, "notes", "程序.exe"), []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00binary"))
	write(tb, filepath.Join(dir, ".git", "config"), []byte("[core]"))
	// A manifest naming one of the files: that file gets the manifest's
	// metadata and is not ingested a second time by the walk.
	write(tb, filepath.Join(dir, "manifest.jsonl"), []byte(strings.Join([]string{
		`{"id":"jwc-2019-7","file":"jwc/2019-0312.html","category":"学生管理","department":"教务处","doc_number":"清大教〔2019〕7号"}`,
		`{"id":"inline-1","title":"信息公开工作年度报告","body":"本学年主动公开信息1126条。","published":"2016年10月20日","category":"信息公开年度报告","visibility":"主动公开"}`,
		`{"id":"bad-date","title":"日期错误","body":"正文","published":"去年"}`,
		`{"id":"secret","title":"内部审计报告","body":"依申请公开的审计报告。","visibility":"on_request"}`,
		`not json`,
		``,
	}, "\n")))
	return dir
}

func TestIngestFolder(t *testing.T) {
	ctx := context.Background()
	s := mustStore(t, t.TempDir())
	dir := department(t)
	sum, err := indexer.Ingest(ctx, s, []string{dir}, indexer.IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Inserted != 5 || sum.Documents != 5 {
		t.Errorf("inserted %d of %d documents, want 5 of 5", sum.Inserted, sum.Documents)
	}
	reasons := map[string]string{}
	for _, r := range sum.Rejected {
		reasons[filepath.Base(r.Source)] = r.Reason
	}
	for _, want := range []string{"空文件.txt", "程序.exe", "manifest.jsonl:3", "manifest.jsonl:5"} {
		if reasons[want] == "" {
			t.Errorf("no rejection for %s; got %v", want, reasons)
		}
	}
	if len(sum.Rejected) != 4 {
		t.Errorf("%d rejections, want 4: %v", len(sum.Rejected), reasons)
	}

	jwc, err := s.Get(ctx, "jwc-2019-7")
	if err != nil {
		t.Fatal(err)
	}
	if jwc.Title != "关于开展2019年度本科生奖学金评审工作的通知" || !strings.Contains(jwc.Body, "奖学金评审工作有关事项") {
		t.Errorf("GBK page: title %q body %q", jwc.Title, jwc.Body)
	}
	if jwc.Published != "2019-03-12" || jwc.Category != "学生管理" || jwc.DocNumber != "清大教〔2019〕7号" {
		t.Errorf("GBK page metadata: %+v", jwc)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "jwc", "2019-0312.html"))
	if jwc.SHA256 != records.HashBytes(raw) {
		t.Errorf("sha256 %q is not the hash of the original file", jwc.SHA256)
	}

	var taida *records.Document
	s.Scan(ctx, func(d *records.Document) error {
		if strings.Contains(d.Title, "臺灣大學") {
			taida = d
		}
		return nil
	})
	if taida == nil || taida.Published != "2023-05-08" || !strings.Contains(taida.Body, "學術交流協議") {
		t.Errorf("Big5 page: %+v", taida)
	}
	inline, _ := s.Get(ctx, "inline-1")
	if inline == nil || inline.Published != "2016-10-20" {
		t.Errorf("inline manifest body: %+v", inline)
	}
	secret, _ := s.Get(ctx, "secret")
	if secret == nil || secret.Visibility != records.OnRequest {
		t.Errorf("visibility from manifest: %+v", secret)
	}

	t.Run("ReingestUnchanged", func(t *testing.T) {
		sum, err := indexer.Ingest(ctx, s, []string{dir}, indexer.IngestOptions{})
		if err != nil || sum.Unchanged != 5 || sum.Inserted+sum.Updated != 0 {
			t.Errorf("re-ingest: %+v, %v; want 5 unchanged", sum, err)
		}
	})
	t.Run("ReingestChanged", func(t *testing.T) {
		write(t, filepath.Join(dir, "notes", "说明.txt"), []byte("关于GB18030编码的说明（修订）\n自２０１９年起统一采用GB18030编码。\n"))
		seq, _ := s.LastSeq(ctx)
		sum, err := indexer.Ingest(ctx, s, []string{dir}, indexer.IngestOptions{})
		if err != nil || sum.Updated != 1 || sum.Unchanged != 4 {
			t.Errorf("re-ingest after edit: %+v, %v; want 1 updated", sum, err)
		}
		if after, _ := s.LastSeq(ctx); after != seq+1 {
			t.Errorf("feed grew by %d, want 1", after-seq)
		}
	})
}

// TestIngestForeignManifest maps another CMS export's field names and reads
// it gzipped, as the laws corpus is shipped.
func TestIngestForeignManifest(t *testing.T) {
	ctx := context.Background()
	s := mustStore(t, t.TempDir())
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`{"id":"law-1","title":"中华人民共和国政府信息公开条例","text":"第一条 为了保障公民、法人和其他组织依法获取政府信息……","date":"2019-04-03","category":"行政法规","region":null}
{"id":"law-2","title":"某市条例","text":"第一条 ……","date":null,"category":"地方性法规","region":"上海"}
`))
	zw.Close()
	path := filepath.Join(t.TempDir(), "laws.jsonl.gz")
	write(t, path, buf.Bytes())
	sum, err := indexer.Ingest(ctx, s, []string{path}, indexer.IngestOptions{
		Fields: map[string]string{"body": "text", "published": "date", "department": "region"}})
	if err != nil || sum.Inserted != 2 || len(sum.Rejected) != 0 {
		t.Fatalf("ingest: %+v, %v", sum, err)
	}
	d, _ := s.Get(ctx, "law-1")
	if d.Published != "2019-04-03" || !strings.HasPrefix(d.Body, "第一条") || d.Department != "" {
		t.Errorf("law-1 = %+v", d)
	}
	d2, _ := s.Get(ctx, "law-2")
	if d2.Department != "上海" || d2.Published != "" {
		t.Errorf("law-2 = %+v", d2)
	}
}

func TestNormalizeDate(t *testing.T) {
	for in, want := range map[string]string{
		"2019-03-12": "2019-03-12", "2019/3/12": "2019-03-12", "2019.3.12": "2019-03-12",
		"2019年3月12日": "2019-03-12", "２０１９年３月１２日": "2019-03-12", "20190312": "2019-03-12",
		"2019-03-12T08:00:00+08:00": "2019-03-12",
	} {
		if got, err := indexer.NormalizeDate(in); err != nil || got != want {
			t.Errorf("NormalizeDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"去年", "2019-02-30", "2019-13-01", ""} {
		if got, err := indexer.NormalizeDate(in); err == nil {
			t.Errorf("NormalizeDate(%q) = %q, want an error", in, got)
		}
	}
}

func TestIngestStoresTheQualityRecord(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rtf := `{\rtf1\ansi\ansicpg936{\fonttbl{\f0 SimSun;}}\f0 \u20851?\u20110?\u24320?\u23637?\u22870?\u23398?\u37329?\u35780?\u23457?\u24037?\u20316?\u30340?\u36890?\u30693?\par}`
	os.WriteFile(filepath.Join(dir, "notice.rtf"), []byte(rtf), 0o644)
	store, err := records.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	sum, err := indexer.Ingest(ctx, store, []string{dir}, indexer.IngestOptions{})
	if err != nil || sum.Documents != 1 {
		t.Fatalf("ingest: %+v %v", sum, err)
	}
	var got *records.Document
	store.Scan(ctx, func(d *records.Document) error { got = d; return nil })
	if !strings.Contains(got.Body, "关于开展奖学金评审工作的通知") {
		t.Errorf("body %q", got.Body)
	}
	var q struct {
		Extractor      string `json:"extractor"`
		NeedsAttention *bool  `json:"needs_attention"`
	}
	if err := json.Unmarshal([]byte(got.Quality), &q); err != nil || q.Extractor != "rtf" || q.NeedsAttention == nil || *q.NeedsAttention {
		t.Errorf("quality %q (%v)", got.Quality, err)
	}
	if docs, n, err := store.NeedsAttention(ctx, 10, 0); err != nil || n != 0 || len(docs) != 0 {
		t.Errorf("a clean RTF listed as needing attention: %d %v", n, err)
	}
}

func TestSavedPageIsLinkedToItsAttachmentsInTheFolder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "news"), 0o755)
	os.MkdirAll(filepath.Join(dir, "files"), 0o755)
	page := `<html><head><meta charset="utf-8"><title>关于公布2019年奖学金评审结果的通知</title></head><body>
<div class="article"><h1>关于公布2019年奖学金评审结果的通知</h1><p>各学院：2019年奖学金评审结果见附件。</p>
<p>附件：<a href="../files/%E8%AF%84%E5%AE%A1%E7%BB%93%E6%9E%9C.rtf">评审结果</a>
<a href="../files/missing.pdf">不存在的附件</a> <a href="https://other.example.edu.cn/x.pdf">外站</a></p></div></body></html>`
	os.WriteFile(filepath.Join(dir, "news", "a.html"), []byte(page), 0o644)
	rtf := `{\rtf1\ansi{\fonttbl{\f0 SimSun;}}\f0 \u35780?\u23457?\u32467?\u26524?\par}`
	os.WriteFile(filepath.Join(dir, "files", "评审结果.rtf"), []byte(rtf), 0o644)
	store, err := records.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if sum, err := indexer.Ingest(ctx, store, []string{dir}, indexer.IngestOptions{}); err != nil || sum.Documents != 2 {
		t.Fatalf("ingest: %+v %v", sum, err)
	}
	var pageID, attID string
	store.Scan(ctx, func(d *records.Document) error {
		switch d.Format {
		case "html":
			pageID = d.ID
		case "rtf":
			attID = d.ID
		}
		return nil
	})
	links, err := store.Links(ctx, pageID)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 1 || links[0].From != pageID || links[0].To != attID || links[0].Kind != records.LinkAttachment {
		t.Errorf("page %s links %+v, want one attachment link to %s", pageID, links, attID)
	}
}
