package eval

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const tinySQuAD = `{"version": "x", "data": [
 {"title": "Alpha", "id": "A", "paragraphs": [
   {"context": "第一段。", "qas": [
     {"id": "a1", "question": "第一问？", "answers": [{"text": "一", "answer_start": 1}]},
     {"id": "a2", "question": "   ", "answers": []},
     {"question": "没有编号？", "answers": []}
   ]},
   {"context": "第二段。", "qas": [{"id": 42, "question": "数字编号？", "answers": []}]}
 ]},
 {"paragraphs": [
   {"context": "  第一段。\n", "qas": [{"id": "b1", "question": "重复段落的问题？"}]},
   {"context": "", "qas": [{"id": "b2", "question": "空段落？"}]},
   {"context": "第三段。", "qas": []}
 ]}
]}`

func writeTemp(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "set.json")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadSQuAD(t *testing.T) {
	set, err := LoadSQuAD(writeTemp(t, tinySQuAD), "mini")
	if err != nil {
		t.Fatal(err)
	}
	if set.Name != "mini" {
		t.Errorf("Name = %q", set.Name)
	}
	wantP := []Passage{
		{ID: "mini-0-0", Title: "Alpha", Text: "第一段。"},
		{ID: "mini-0-1", Title: "Alpha", Text: "第二段。"},
		{ID: "mini-1-2", Title: "", Text: "第三段。"},
	}
	if !slices.Equal(set.Passages, wantP) {
		t.Errorf("passages =\n%+v\nwant\n%+v", set.Passages, wantP)
	}
	wantQ := []Question{
		{ID: "a1", Text: "第一问？", PassageID: "mini-0-0"},
		{ID: "mini-0-0-q2", Text: "没有编号？", PassageID: "mini-0-0"},
		{ID: "42", Text: "数字编号？", PassageID: "mini-0-1"},
		{ID: "b1", Text: "重复段落的问题？", PassageID: "mini-0-0"}, // twin re-pointed
	}
	if !slices.Equal(set.Questions, wantQ) {
		t.Errorf("questions =\n%+v\nwant\n%+v", set.Questions, wantQ)
	}
}

func TestLoadSQuADErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.json")
	if _, err := LoadSQuAD(missing, "x"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
	for name, body := range map[string]string{
		"bad json":      `{"data": [`,
		"wrong shape":   `{"data": {"title": 1}}`,
		"no paragraphs": `{"data": []}`,
		"blank only":    `{"data": [{"paragraphs": [{"context": " ", "qas": []}]}]}`,
	} {
		if _, err := LoadSQuAD(writeTemp(t, body), "x"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSample(t *testing.T) {
	set := tinySet(200)
	a := set.Sample(30, 7)
	b := set.Sample(30, 7)
	if !slices.Equal(a.Questions, b.Questions) {
		t.Fatal("same seed gave different samples")
	}
	if len(a.Questions) != 30 || a.Name != "tiny-sample30" {
		t.Fatalf("sample has %d questions, name %q", len(a.Questions), a.Name)
	}
	if !slices.Equal(a.Passages, set.Passages) {
		t.Error("sample dropped passages")
	}
	// Distinct, in set order, drawn from the set.
	pos := map[string]int{}
	for i, q := range set.Questions {
		pos[q.ID] = i
	}
	last := -1
	for _, q := range a.Questions {
		p, ok := pos[q.ID]
		if !ok || p <= last {
			t.Fatalf("sample not an ordered subset: %v", a.Questions)
		}
		last = p
	}
	// Spread over the set, not a prefix.
	if pos[a.Questions[len(a.Questions)-1].ID] < 100 {
		t.Errorf("sample looks like a prefix: %v", a.Questions)
	}
	// A smaller sample with the same seed is contained in the larger one.
	small := set.Sample(10, 7)
	for _, q := range small.Questions {
		if !slices.Contains(a.Questions, q) {
			t.Errorf("Sample(10) has %v, missing from Sample(30)", q)
		}
	}
	if c := set.Sample(30, 8); slices.Equal(c.Questions, a.Questions) {
		t.Error("different seeds gave the same sample")
	}
	// Mutating the sample leaves the set alone.
	a.Passages[0].Text = "changed"
	a.Questions[0].Text = "changed"
	if set.Passages[0].Text == "changed" || slices.ContainsFunc(set.Questions, func(q Question) bool { return q.Text == "changed" }) {
		t.Error("sample shares storage with the set")
	}

	all := set.Sample(500, 1)
	if !slices.Equal(all.Questions, set.Questions) || all.Name != set.Name {
		t.Errorf("oversized sample: %d questions, name %q", len(all.Questions), all.Name)
	}
	if z := set.Sample(0, 1); len(z.Questions) != 0 || len(z.Passages) != 200 {
		t.Errorf("empty sample: %d questions, %d passages", len(z.Questions), len(z.Passages))
	}
	if z := set.Sample(-3, 1); len(z.Questions) != 0 {
		t.Errorf("negative sample: %d questions", len(z.Questions))
	}
	var nilSet *Set
	if nilSet.Sample(3, 1) != nil {
		t.Error("nil set sampled")
	}
}

// corpusDir is the shared corpora folder, relative to this package's
// directory (search/eval), which `go test` uses as the working directory.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpora", "qa")

func loadReal(t *testing.T, rel, name string) *Set {
	t.Helper()
	path := filepath.Join(corpusDir, rel)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus not found at %s: run from a checkout with ../shared beside it", path)
	}
	set, err := LoadSQuAD(path, name)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestRealCorpora pins the counts of the shared sets as this loader reads
// them. The files hold no duplicate contexts, so passages = paragraphs;
// cmrc2018_trial.json has 1,002 questions of which two are blank and skipped.
func TestRealCorpora(t *testing.T) {
	cases := []struct {
		rel, name           string
		passages, questions int
		firstQ              string
	}{
		{"cmrc2018/cmrc2018_dev.json", "cmrc2018-dev", 848, 3219, "DEV_0_QUERY_0"},
		{"cmrc2018/cmrc2018_trial.json", "cmrc2018-trial", 256, 1000, "TRIAL_800_QUERY_0"},
		{"drcd/DRCD_dev.json", "drcd-dev", 1000, 3524, "1147-5-1"},
		{"drcd/DRCD_test.json", "drcd-test", 1000, 3493, "1147-2-1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := loadReal(t, c.rel, c.name)
			if len(set.Passages) != c.passages || len(set.Questions) != c.questions {
				t.Errorf("%d passages, %d questions; want %d, %d", len(set.Passages), len(set.Questions), c.passages, c.questions)
			}
			if want := c.name + "-0-0"; set.Passages[0].ID != want {
				t.Errorf("first passage id %q, want %q", set.Passages[0].ID, want)
			}
			if set.Questions[0].ID != c.firstQ {
				t.Errorf("first question id %q, want %q", set.Questions[0].ID, c.firstQ)
			}
			ids := map[string]bool{}
			for _, p := range set.Passages {
				if ids[p.ID] || strings.TrimSpace(p.Text) == "" {
					t.Fatalf("duplicate or empty passage %q", p.ID)
				}
				ids[p.ID] = true
			}
			qids := map[string]bool{}
			for _, q := range set.Questions {
				if !ids[q.PassageID] || q.Text == "" || qids[q.ID] {
					t.Fatalf("bad question %+v", q)
				}
				qids[q.ID] = true
			}
		})
	}
}
