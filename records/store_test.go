package records_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/records"
)

// MustOpen opens a store in a fresh temporary folder with a fixed clock.
func MustOpen(tb testing.TB) *records.Store {
	tb.Helper()
	s, err := records.Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2025, 9, 26, 8, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { now = now.Add(time.Second); return now }
	tb.Cleanup(func() { s.Close() })
	return s
}

func notice(id, body string) records.Incoming {
	return records.Incoming{
		Doc: records.Document{
			ID: id, Title: "关于开展2019年度本科生奖学金评审工作的通知", Body: body,
			Category: "通知公告", Department: "教务处", Published: "2019-03-12",
			DocNumber: "清大教〔2019〕7号", Source: "jwc/" + id + ".html",
		},
		Original: []byte("<html>" + body + "</html>"),
	}
}

func TestPut(t *testing.T) {
	ctx := context.Background()
	t.Run("InsertThenUnchangedThenUpdated", func(t *testing.T) {
		s := MustOpen(t)
		st, err := s.Put(ctx, "test", []records.Incoming{notice("a", "各学院：现将有关事项通知如下。")})
		if err != nil || st[0] != records.Inserted {
			t.Fatalf("first put = %v, %v; want inserted", st, err)
		}
		// Re-ingesting the same source must not touch the record or the feed.
		st, err = s.Put(ctx, "test", []records.Incoming{notice("a", "各学院：现将有关事项通知如下。")})
		if err != nil || st[0] != records.Unchanged {
			t.Fatalf("second put = %v, %v; want unchanged", st, err)
		}
		st, err = s.Put(ctx, "test", []records.Incoming{notice("a", "各學院：現將有關事項通知如下（修訂）。")})
		if err != nil || st[0] != records.Updated {
			t.Fatalf("third put = %v, %v; want updated", st, err)
		}
		d, err := s.Get(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if d.Version != 2 || d.Body != "各學院：現將有關事項通知如下（修訂）。" {
			t.Errorf("got version %d body %q", d.Version, d.Body)
		}
		if !d.IngestedAt.Before(d.UpdatedAt) {
			t.Errorf("ingested_at %v should precede updated_at %v", d.IngestedAt, d.UpdatedAt)
		}
		seq, err := s.LastSeq(ctx)
		if err != nil || seq != 2 {
			t.Errorf("last seq = %d, %v; want 2", seq, err)
		}
	})
	t.Run("OriginalStoredByHash", func(t *testing.T) {
		s := MustOpen(t)
		in := notice("b", "全角ＡＢＣ１２３与GB18030编码")
		if _, err := s.Put(ctx, "test", []records.Incoming{in}); err != nil {
			t.Fatal(err)
		}
		d, _ := s.Get(ctx, "b")
		if want := records.HashBytes(in.Original); d.SHA256 != want {
			t.Fatalf("sha256 = %s, want %s", d.SHA256, want)
		}
		f, err := s.Blobs().Open(d.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		got, _ := io.ReadAll(f)
		if string(got) != string(in.Original) {
			t.Errorf("original = %q, want %q", got, in.Original)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		s := MustOpen(t)
		for name, d := range map[string]records.Document{
			"NoID":      {Title: "标题", Body: "正文"},
			"Empty":     {ID: "x"},
			"BadDate":   {ID: "x", Title: "标题", Published: "2019年3月"},
			"BadVisib":  {ID: "x", Title: "标题", Visibility: "secret"},
			"BadUTF8":   {ID: "x", Title: "标题", Body: "\xff\xfe"},
			"BadDate2":  {ID: "x", Title: "标题", Published: "2019-02-30"},
			"LongTitle": {ID: string(make([]rune, 600)), Title: "标题"},
		} {
			_, err := s.Put(ctx, "test", []records.Incoming{{Doc: d}})
			if records.ErrorCode(err) != records.EINVALID {
				t.Errorf("%s: got %v, want EINVALID", name, err)
			}
		}
		if n, _ := s.Count(ctx); n != 0 {
			t.Errorf("count after rejected puts = %d, want 0", n)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := MustOpen(t)
		if _, err := s.Get(ctx, "missing"); records.ErrorCode(err) != records.ENOTFOUND {
			t.Errorf("Get missing: %v", err)
		}
		if err := s.Delete(ctx, "test", "missing"); records.ErrorCode(err) != records.ENOTFOUND {
			t.Errorf("Delete missing: %v", err)
		}
	})
}

func TestChanges(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	var batch []records.Incoming
	for i := range 1200 {
		batch = append(batch, notice(fmt.Sprintf("doc-%04d", i), fmt.Sprintf("第%d号通知正文", i)))
	}
	if _, err := s.Put(ctx, "test", batch); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "test", "doc-0003"); err != nil {
		t.Fatal(err)
	}
	// Read the whole feed in pages as a follower would.
	var all []records.Change
	after := int64(0)
	for {
		cs, err := s.Changes(ctx, after, 500, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 {
			break
		}
		all = append(all, cs...)
		after = cs[len(cs)-1].Seq
	}
	if len(all) != 1201 {
		t.Fatalf("feed has %d changes, want 1201", len(all))
	}
	for i, c := range all {
		if c.Seq != int64(i+1) {
			t.Fatalf("change %d has seq %d", i, c.Seq)
		}
	}
	// The put of doc-0003 now carries its current state: gone.
	if all[3].DocID != "doc-0003" || all[3].Doc != nil {
		t.Errorf("change 4 = %+v, want doc-0003 with no document", all[3])
	}
	if last := all[1200]; last.Op != "delete" || last.DocID != "doc-0003" {
		t.Errorf("last change = %+v, want delete of doc-0003", last)
	}
	if all[10].Doc == nil || all[10].Doc.Body != "第10号通知正文" {
		t.Errorf("change 11 doc = %+v", all[10].Doc)
	}
	t.Run("ByteLimit", func(t *testing.T) {
		cs, err := s.Changes(ctx, 0, 500, 1)
		if err != nil || len(cs) != 1 {
			t.Errorf("byte-limited read = %d changes, %v; want 1", len(cs), err)
		}
	})
	t.Run("GetManyAcrossChunks", func(t *testing.T) {
		var ids []string
		for i := range 1200 {
			ids = append(ids, fmt.Sprintf("doc-%04d", i))
		}
		got, err := s.GetMany(ctx, append(ids, "nope"))
		if err != nil || len(got) != 1199 {
			t.Errorf("GetMany = %d docs, %v; want 1199", len(got), err)
		}
	})
	t.Run("Scan", func(t *testing.T) {
		n := 0
		prev := ""
		err := s.Scan(ctx, func(d *records.Document) error {
			if d.ID <= prev {
				t.Fatalf("scan out of order: %s after %s", d.ID, prev)
			}
			prev = d.ID
			n++
			return nil
		})
		if err != nil || n != 1199 {
			t.Errorf("scan saw %d, %v; want 1199", n, err)
		}
	})
}

// TestTwoProcessesShareTheStore pins that a second handle (as `archive
// ingest` beside a running server) can write while the first one reads.
func TestTwoProcessesShareTheStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, err := records.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := records.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Put(ctx, "test", []records.Incoming{notice("x", "正文")}); err != nil {
		t.Fatal(err)
	}
	if d, err := a.Get(ctx, "x"); err != nil || d.Department != "教务处" {
		t.Errorf("read from other handle: %+v, %v", d, err)
	}
}

func TestParseVisibility(t *testing.T) {
	for in, want := range map[string]records.Visibility{
		"": records.Public, "public": records.Public, "主动公开": records.Public,
		"on_request": records.OnRequest, "依申请公开": records.OnRequest,
		"withheld": records.Withheld, "不予公开": records.Withheld, " Withheld ": records.Withheld,
	} {
		if got, err := records.ParseVisibility(in); err != nil || got != want {
			t.Errorf("ParseVisibility(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := records.ParseVisibility("机密"); records.ErrorCode(err) != records.EINVALID {
		t.Errorf("ParseVisibility(机密) err = %v, want EINVALID", err)
	}
}
