package search_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// cst is Beijing time, in which as-of dates are read.
var cst = time.FixedZone("CST", 8*3600)

// history builds a small archive whose records change over four days:
//
//	2020-06-01 10:00  a (on_request), b, c received; all say 奖学金
//	2020-06-02 15:00  a made public after a request was answered
//	2020-06-03 23:59:59.5  b retracted
//	2020-06-04 00:00  c's source changes: 奖学金 becomes 助学金
//
// It returns the engine over an index that followed each step, and one
// built afterwards from the whole feed: both must answer alike.
func history(t *testing.T) (followed, rebuilt *search.Engine) {
	t.Helper()
	ctx := context.Background()
	store, err := records.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	var now time.Time
	store.Now = func() time.Time { return now }
	idx, err := indexer.OpenIndex(ctx, "", store, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	step := func(at time.Time, fn func() error) {
		t.Helper()
		now = at
		if err := fn(); err != nil {
			t.Fatal(err)
		}
		if _, err := idx.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	doc := func(id, vis, body string) records.Incoming {
		return records.Incoming{Doc: records.Document{ID: id, Title: "关于" + id + "的通知", Body: body,
			Category: "通知公告", Published: "2020-05-30", Visibility: records.Visibility(vis)},
			Original: []byte(id + body)}
	}
	step(time.Date(2020, 6, 1, 10, 0, 0, 0, cst), func() error {
		_, err := store.Put(ctx, "system:ingest", []records.Incoming{
			doc("a", "on_request", "本科生奖学金评审结果"), doc("b", "public", "研究生奖学金名单"),
			doc("c", "public", "国家奖学金申请指南")})
		return err
	})
	step(time.Date(2020, 6, 2, 15, 0, 0, 0, cst), func() error {
		_, err := store.SetVisibility(ctx, "张三", "a", records.Public, "依申请公开答复后转为主动公开")
		return err
	})
	step(time.Date(2020, 6, 3, 23, 59, 59, 5e8, cst), func() error {
		_, err := store.Retract(ctx, "李四", "b", "名单有误")
		return err
	})
	step(time.Date(2020, 6, 4, 0, 0, 0, 0, cst), func() error {
		_, err := store.Put(ctx, "system:ingest", []records.Incoming{doc("c", "public", "国家助学金申请指南")})
		return err
	})
	fresh, err := indexer.OpenIndex(ctx, "", store, indexer.Options{BatchDocs: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fresh.Close() })
	if _, err := fresh.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	return search.New(idx, search.Options{}), search.New(fresh, search.Options{})
}

func hitKeys(t *testing.T, eng *search.Engine, req search.Request) []string {
	t.Helper()
	req.Size = search.MaxPageSize
	res, err := eng.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID+"@"+string(rune('0'+h.Version)))
	}
	slices.Sort(out)
	return out
}

func TestPointInTime(t *testing.T) {
	followed, rebuilt := history(t)
	for _, c := range []struct {
		name string
		req  search.Request
		want []string
	}{
		{"BeforeAnything", search.Request{Query: "奖学金", AsOf: "2020-05-31", Audience: search.Staff}, nil},
		{"FirstDay", search.Request{Query: "奖学金", AsOf: "2020-06-01", Audience: search.Staff}, []string{"b@1", "c@1"}},
		{"AfterTheRequestWasAnswered", search.Request{Query: "奖学金", AsOf: "2020-06-02", Audience: search.Staff},
			[]string{"a@2", "b@1", "c@1"}},
		// b was retracted half a second before the day ended: at the end
		// of the day the public no longer saw it. c changed at midnight.
		{"RetractionDay", search.Request{Query: "奖学金", AsOf: "2020-06-03", Audience: search.Staff}, []string{"a@2", "c@1"}},
		{"AfterTheSourceChanged", search.Request{Query: "奖学金", AsOf: "2020-06-04", Audience: search.Staff}, []string{"a@2"}},
		{"NewTextAsOf", search.Request{Query: "助学金", AsOf: "2020-06-04", Audience: search.Staff}, []string{"c@2"}},
		{"NewTextBefore", search.Request{Query: "助学金", AsOf: "2020-06-03", Audience: search.Staff}, nil},
		{"BrowseAsOf", search.Request{AsOf: "2020-06-02", Audience: search.Staff}, []string{"a@2", "b@1", "c@1"}},
		// Today: what it was before, for each audience.
		{"PublicNow", search.Request{Query: "奖学金"}, []string{"a@2"}},
		{"StaffNow", search.Request{Query: "奖学金", Audience: search.Staff}, []string{"a@2", "b@2"}},
		{"ExactNow", search.Request{Query: "奖学金", Exact: true}, []string{"a@2"}},
		{"AllVersions", search.Request{Query: "奖学金", AllVersions: true, Audience: search.Staff},
			[]string{"a@1", "a@2", "b@1", "b@2", "c@1"}},
		{"AllVersionsExact", search.Request{Query: "奖学金评审", Exact: true, AllVersions: true, Audience: search.Staff},
			[]string{"a@1", "a@2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for name, eng := range map[string]*search.Engine{"followed": followed, "rebuilt": rebuilt} {
				if got := hitKeys(t, eng, c.req); !slices.Equal(got, c.want) {
					t.Errorf("%s index: got %v, want %v", name, got, c.want)
				}
			}
		})
	}
	t.Run("Permalinks", func(t *testing.T) {
		res, err := followed.Search(context.Background(), search.Request{Query: "奖学金", AsOf: "2020-06-01", Audience: search.Staff, Sort: search.SortDate})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.URL != "/documents/"+h.ID+"/v/1" {
				t.Errorf("hit %s url %s", h.ID, h.URL)
			}
		}
		res, _ = followed.Search(context.Background(), search.Request{Query: "奖学金"})
		if res.Hits[0].URL != "/documents/a" {
			t.Errorf("current hit url = %s", res.Hits[0].URL)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, req := range []search.Request{
			{Query: "奖学金", AsOf: "2020-06-01"}, // the public cannot look back
			{Query: "奖学金", AllVersions: true},
			{Query: "奖学金", AsOf: "2020-6-1", Audience: search.Staff},
			{Query: "奖学金", AsOf: "2020-06-01", AllVersions: true, Audience: search.Staff},
		} {
			if _, err := followed.Search(context.Background(), req); records.ErrorCode(err) != records.EINVALID {
				t.Errorf("%+v: err %v, want EINVALID", req, err)
			}
		}
	})
	t.Run("VersionsAsTheAudienceMaySeeThem", func(t *testing.T) {
		ctx := context.Background()
		vs, err := followed.History(ctx, "a", search.Public)
		if err != nil || len(vs) != 1 || vs[0].Doc.Version != 2 || vs[0].Actor != "" || vs[0].Reason != "" {
			t.Errorf("public history of a = %+v, %v", vs, err)
		}
		if vs, err := followed.History(ctx, "a", search.Staff); err != nil || len(vs) != 2 || vs[1].Actor != "张三" {
			t.Errorf("staff history of a = %+v, %v", vs, err)
		}
		if _, err := followed.DocumentVersion(ctx, "a", 1, search.Public); records.ErrorCode(err) != records.ENOTFOUND {
			t.Errorf("public reading an on_request version: %v", err)
		}
		if _, err := followed.History(ctx, "b", search.Public); records.ErrorCode(err) != records.ENOTFOUND {
			t.Errorf("public history of a retracted record: %v", err)
		}
		d, err := followed.Diff(ctx, "c", 1, 2, search.Public)
		if err != nil || d.Title != nil || d.Body.Same() || d.Body.Added != 1 || d.Body.Removed != 1 {
			t.Fatalf("diff of c = %+v, %v", d, err)
		}
		if sp := d.Body.Lines[1].Spans; len(sp) != 3 || sp[1].Text != "助" {
			t.Errorf("new line spans = %+v", sp)
		}
	})
	t.Run("RetractedRecordIsNotFoundByThePublic", func(t *testing.T) {
		if _, err := followed.Document(context.Background(), "b", search.Public); records.ErrorCode(err) != records.ENOTFOUND {
			t.Errorf("public document page of a retracted record: %v", err)
		}
		d, err := followed.Document(context.Background(), "b", search.Staff)
		if err != nil || d.Retraction == nil || d.Retraction.Reason != "名单有误" {
			t.Errorf("staff document page: %+v, %v", d, err)
		}
	})
}
