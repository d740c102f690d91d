package indexer_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io/fs"
	"maps"
	"testing"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/sample"
	"github.com/xxgk-archive/archive/records"
)

// TestSampleCorpusClassified ingests the bundled demo corpus with the
// default rules: every manifest entry keeps the category and department its
// editors gave (explicit metadata wins), and the ten files the manifest
// leaves out are classified by the rules into the counts the corpus README
// states, so that nothing is 未分类.
func TestSampleCorpusClassified(t *testing.T) {
	ctx := context.Background()
	s := mustStore(t, t.TempDir())
	sub, err := fs.Sub(sample.Corpus, "corpus")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := indexer.IngestFS(ctx, s, sub, "sample", indexer.IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Uncategorised != 0 || len(sum.Unclassified) != 0 || sum.NoDept != 0 {
		t.Errorf("uncategorised %d %v, no department %d; want none", sum.Uncategorised, sum.Unclassified, sum.NoDept)
	}

	f, _ := sample.Corpus.Open("corpus/manifest.jsonl")
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e struct{ ID, Category, Department string }
		json.Unmarshal(sc.Bytes(), &e)
		d, err := s.Get(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Category != e.Category || d.Department != e.Department {
			t.Errorf("%s: %q/%q, manifest says %q/%q", e.ID, d.Category, d.Department, e.Category, e.Department)
		}
	}

	got := map[string]int{}
	s.Scan(ctx, func(d *records.Document) error { got[d.Category]++; return nil })
	// The counts of corpus/README.md.
	want := map[string]int{"财务信息": 20, "通知公告": 16, "基层动态": 16, "学生管理": 14, "教学科研": 14, "人事师资": 11,
		"招生考试": 11, "规章制度": 11, "综合新闻": 10, "对外交流": 10, "信息公开年度报告": 10}
	if !maps.Equal(got, want) {
		t.Errorf("categories\n got %v\nwant %v", got, want)
	}
}
