package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/extract"
	"github.com/xxgk-archive/archive/indexer/sample"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/checklist"
	"github.com/xxgk-archive/archive/records/deadline"
	"github.com/xxgk-archive/archive/records/desk"
	"github.com/xxgk-archive/archive/search"
	"github.com/xxgk-archive/archive/search/report"
)

// fixedNow is the clock of the test archives.
var fixedNow = time.Date(2025, 10, 20, 2, 0, 0, 0, time.UTC)

// archive is a store, its in-memory index and a report generator.
type archive struct {
	store *records.Store
	index *indexer.Index
	gen   *report.Generator
	desk  *desk.Desk
}

// open makes an archive in a fresh folder, filled by fill and indexed.
func open(t testing.TB, fill func(context.Context, *records.Store) error) *archive {
	t.Helper()
	ctx := context.Background()
	s, err := records.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return fixedNow }
	if err := fill(ctx, s); err != nil {
		t.Fatal(err)
	}
	idx, err := indexer.OpenIndex(ctx, "", s, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if _, err := idx.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	dk := desk.New(s, calendar.Default(), deadline.DefaultRules())
	return &archive{store: s, index: idx, desk: dk,
		gen: report.New(search.New(idx, search.Options{}), s, report.Options{Desk: dk})}
}

// staffFiled is a record of the demo corpus that staff file under another
// item than the rules would (部门预算 → 01-05), before it is indexed.
const staffFiled = "qyu-2024-cwc-0011"

var (
	demoOnce sync.Once
	demo     *archive
)

// demoArchive is the bundled demo corpus, with one staff filing; shared by
// the tests that only read.
func demoArchive(t *testing.T) *archive {
	t.Helper()
	demoOnce.Do(func() {
		demo = open(&onceTB{t}, func(ctx context.Context, s *records.Store) error {
			corpus, err := fs.Sub(sample.Corpus, "corpus")
			if err != nil {
				return err
			}
			if _, err := indexer.IngestFS(ctx, s, corpus, "sample", indexer.IngestOptions{}); err != nil {
				return err
			}
			_, err = s.FileChecklist(ctx, "user:clerk", staffFiled, "01-05", "预算随年度工作计划一并公开")
			return err
		})
	})
	if demo == nil {
		t.Fatal("the demo archive could not be opened")
	}
	return demo
}

// onceTB lets the shared archive outlive the test that opened it: its
// cleanups never run (the process ends first).
type onceTB struct{ testing.TB }

func (o *onceTB) TempDir() string {
	dir, err := os.MkdirTemp("", "report-test-")
	if err != nil {
		o.TB.Fatal(err)
	}
	return dir
}
func (o *onceTB) Cleanup(func()) {}

// brute counts what a report should say, straight from the records: the
// public records published in [from, to], by field.
type brute struct {
	total                           int
	category, department, checklist map[string]int
	latest                          map[string]string
}

func bruteForce(t *testing.T, a *archive, from, to string) brute {
	t.Helper()
	ctx := context.Background()
	b := brute{category: map[string]int{}, department: map[string]int{}, checklist: map[string]int{}, latest: map[string]string{}}
	var docs []*records.Document
	err := a.store.Scan(ctx, func(d *records.Document) error {
		if d.IsPublic() && d.Published != "" && from <= d.Published && d.Published <= to {
			docs = append(docs, d)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	filings, err := a.store.Filings(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		b.total++
		if d.Category != "" {
			b.category[d.Category]++
		}
		if d.Department != "" {
			b.department[d.Department]++
		}
		item := checklist.Default().Classify(d.Title, d.Category)
		if f := filings[d.ID]; f.Explicit() {
			item = f.Item
		}
		if item != "" && item != records.ChecklistNone {
			b.checklist[item]++
			b.latest[item] = max(b.latest[item], d.Published)
		}
	}
	return b
}

func counts(bd report.Breakdown) map[string]int {
	m := map[string]int{}
	for _, c := range bd.Values {
		m[c.Value] = c.Count
	}
	return m
}

func sameCounts(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s %q: report %d, records %d", what, k, got[k], n)
		}
	}
	for k, n := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s %q: report %d, records none", what, k, n)
		}
	}
}

// TestFiguresMatchBruteForce checks every proactive figure of the report
// against a count made straight from the records, for academic and
// calendar years of the demo corpus.
func TestFiguresMatchBruteForce(t *testing.T) {
	a := demoArchive(t)
	ctx := context.Background()
	for _, c := range []struct {
		year     int
		calendar bool
	}{{2024, false}, {2019, false}, {2023, true}, {2010, false}} {
		p, err := report.NewPeriod(c.year, c.calendar)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(p.Label, func(t *testing.T) {
			r, err := a.gen.Build(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			b := bruteForce(t, a, p.From, p.To)
			if r.Proactive.Total != b.total {
				t.Errorf("total: report %d, records %d", r.Proactive.Total, b.total)
			}
			sameCounts(t, "category", counts(r.Proactive.ByCategory), b.category)
			sameCounts(t, "department", counts(r.Proactive.ByDepartment), b.department)
			sameCounts(t, "checklist", counts(r.Proactive.ByChecklist), b.checklist)
			for _, bd := range []report.Breakdown{r.Proactive.ByCategory, r.Proactive.ByDepartment, r.Proactive.ByChecklist} {
				sum := bd.Unspecified
				for _, v := range bd.Values {
					sum += v.Count
				}
				if sum != r.Proactive.Total || bd.Unspecified < 0 {
					t.Errorf("breakdown adds up to %d (unspecified %d), total %d", sum, bd.Unspecified, r.Proactive.Total)
				}
			}
			months := 0
			for _, m := range r.Proactive.ByMonth {
				mb := bruteForce(t, a, m.From, m.To)
				if m.Count != mb.total {
					t.Errorf("%s: report %d, records %d", m.Month, m.Count, mb.total)
				}
				months += m.Count
			}
			if len(r.Proactive.ByMonth) != 12 || months != r.Proactive.Total {
				t.Errorf("%d months adding up to %d, total %d", len(r.Proactive.ByMonth), months, r.Proactive.Total)
			}
			if len(r.Items) != 50 {
				t.Errorf("%d rows in the 清单事项公开情况表, want 50", len(r.Items))
			}
			for _, it := range r.Items {
				if it.Count != b.checklist[it.Code] || it.Latest != b.latest[it.Code] {
					t.Errorf("item %s: report %d (latest %q), records %d (latest %q)",
						it.Code, it.Count, it.Latest, b.checklist[it.Code], b.latest[it.Code])
				}
				if !strings.Contains(it.SearchURL, "checklist="+it.Code) || !strings.Contains(it.SearchURL, "from="+p.From) {
					t.Errorf("item %s links to %s", it.Code, it.SearchURL)
				}
			}
		})
	}
}

// TestStaffFilingReachesTheIndex: the staff filing made before indexing
// wins over the rule, in the report as in the records.
func TestStaffFilingReachesTheIndex(t *testing.T) {
	a := demoArchive(t)
	p, _ := report.NewPeriod(2023, false) // 2023-09-01..2024-08-31: the 2024 budget (2024-04-15)
	r, err := a.gen.Build(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	got := counts(r.Proactive.ByChecklist)
	if got["01-05"] < 1 {
		t.Errorf("01-05 counts %d; the staff-filed budget is not there", got["01-05"])
	}
	if n := got["03-05"]; n != 0 {
		t.Errorf("03-05 (部门预算 by rule) counts %d in 2023-2024, want 0: the staff filing lost", n)
	}
}

// boundary fills a store with public records on either side of the
// academic year's end.
func boundary(ctx context.Context, s *records.Store) error {
	doc := func(id, published string, vis records.Visibility) records.Incoming {
		return records.Incoming{Doc: records.Document{ID: id, Title: "清源大学部门预算 " + id, Body: "预算公开。",
			Category: "财务信息", Department: "财务处", Published: published, Visibility: vis}}
	}
	_, err := s.Put(ctx, "test", []records.Incoming{
		doc("aug31", "2025-08-31", records.Public),
		doc("sep01", "2025-09-01", records.Public),
		doc("sep01-withheld", "2025-09-01", records.Withheld),
		doc("undated", "", records.Public),
	})
	return err
}

func TestAcademicYearBoundaries(t *testing.T) {
	a := open(t, boundary)
	ctx := context.Background()
	for _, c := range []struct {
		year     int
		calendar bool
		want     int
		month    string
	}{
		{2024, false, 1, "2025-08"}, // 2024-09-01..2025-08-31: 31 August is in
		{2025, false, 1, "2025-09"}, // 2025-09-01..2026-08-31: 1 September is in
		{2025, true, 2, "2025-08"},  // the calendar year 2025 has both
		{2023, false, 0, ""},
	} {
		p, _ := report.NewPeriod(c.year, c.calendar)
		r, err := a.gen.Build(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if r.Proactive.Total != c.want {
			t.Errorf("%s: %d records, want %d", p.Label, r.Proactive.Total, c.want)
		}
		if c.month != "" {
			i := slices.IndexFunc(r.Proactive.ByMonth, func(m report.Month) bool { return m.Month == c.month })
			if i < 0 || r.Proactive.ByMonth[i].Count != 1 {
				t.Errorf("%s: month %s missing or not 1: %+v", p.Label, c.month, r.Proactive.ByMonth)
			}
		}
	}
	p, _ := report.NewPeriod(2024, false)
	if p.From != "2024-09-01" || p.To != "2025-08-31" || p.Label != "2024-2025学年" || len(p.Months()) != 12 ||
		p.Months()[0].Month != "2024-09" || p.Months()[11].To != "2025-08-31" {
		t.Errorf("academic year 2024: %+v, months %+v", p, p.Months())
	}
	p, _ = report.NewPeriod(2024, true)
	if p.From != "2024-01-01" || p.To != "2024-12-31" || p.Months()[1].To != "2024-02-29" {
		t.Errorf("calendar year 2024: %+v", p)
	}
	if _, err := report.NewPeriod(1066, false); records.ErrorCode(err) != records.EINVALID {
		t.Errorf("NewPeriod(1066): %v", err)
	}
}

func TestYearWithoutRequests(t *testing.T) {
	a := open(t, boundary)
	p, _ := report.NewPeriod(2024, false)
	r, err := a.gen.Build(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests.Recorded || r.Requests.Note != report.NoRequestData || r.Requests.RequestFigures != nil {
		t.Errorf("requests = %+v", r.Requests)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var j map[string]map[string]any
	json.Unmarshal(buf.Bytes(), &j)
	if _, ok := j["requests"]["received"]; ok || j["requests"]["note"] != report.NoRequestData {
		t.Errorf("the JSON gives request figures for a year without requests: %v", j["requests"])
	}
	for _, format := range []string{report.FormatMarkdown, report.FormatHTML} {
		buf.Reset()
		if err := r.Write(&buf, format); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), report.NoRequestData) {
			t.Errorf("%s does not say %s", format, report.NoRequestData)
		}
	}
}

func TestRequestFigures(t *testing.T) {
	a := open(t, boundary)
	ctx := context.Background()
	const clerk = "user:clerk"
	reg := func(received string, fee int64) *desk.Request {
		t.Helper()
		r, err := a.desk.Register(ctx, clerk, desk.NewRequest{ApplicantType: desk.Person, Name: "张三", Phone: "13800000000",
			Description: "2024年度奖学金评审结果", Channel: deadline.Online, Received: calendar.MustParseDate(received), FeeFen: fee})
		if err != nil {
			t.Fatalf("register %s: %v", received, err)
		}
		return r
	}
	carried := reg("2024-08-20", 0) // before the year, answered in it
	inTime := reg("2024-10-08", 1000)
	late := reg("2025-03-03", 250)
	reg("2025-07-15", 0) // still open on 31 August, and late by then
	after := reg("2025-09-02", 0)
	old := reg("2023-05-05", 0)
	for _, x := range []struct {
		r  *desk.Request
		on string
		o  desk.Outcome
	}{
		{carried, "2024-09-05", desk.Granted},
		{inTime, "2024-10-15", desk.Partial},
		{late, "2025-06-30", desk.Granted},
		{after, "2025-09-10", desk.NotExist},
		{old, "2023-05-10", desk.Granted},
	} {
		ans := desk.Answer{Outcome: x.o, On: calendar.MustParseDate(x.on)}
		if info := x.o.Info(); info.ReasonRequired {
			ans.Reason = info.Reasons[0]
		}
		if _, _, err := a.desk.Answer(ctx, clerk, x.r.Number, ans); err != nil {
			t.Fatalf("answer %s: %v", x.r.Number, err)
		}
	}
	p, _ := report.NewPeriod(2024, false)
	r, err := a.gen.Build(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Requests.RequestFigures
	if !r.Requests.Recorded || f == nil {
		t.Fatalf("requests = %+v", r.Requests)
	}
	want := report.RequestFigures{Received: 3, CarriedIn: 1, Answered: 3, CarriedOut: 1, FeesFen: 1250, Fees: "12.50",
		Overdue: 2, OverdueAnswered: 1, OverdueOpen: 1}
	got := *f
	got.ByChannel, got.ByOutcome = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("figures\n got %+v\nwant %+v", got, want)
	}
	outcomes := map[string]int{}
	for _, o := range f.ByOutcome {
		outcomes[o.Outcome] = o.Count
	}
	if outcomes["granted"] != 2 || outcomes["partial"] != 1 || len(outcomes) != 2 {
		t.Errorf("by outcome: %+v", f.ByOutcome)
	}
	if len(f.ByChannel) != 1 || f.ByChannel[0].Count != 3 {
		t.Errorf("by channel: %+v", f.ByChannel)
	}
	// The year before: the request received in August 2024 is carried out.
	p, _ = report.NewPeriod(2023, false)
	r, err = a.gen.Build(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if f := r.Requests.RequestFigures; f == nil || f.Received != 1 || f.CarriedOut != 1 || f.Answered != 0 {
		t.Errorf("2023-2024: %+v", r.Requests)
	}
}

func TestStaffParts(t *testing.T) {
	a := open(t, boundary)
	ctx := context.Background()
	p, _ := report.NewPeriod(2024, false)
	r, err := a.gen.Build(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Cases {
		if c.Recorded || c.Cells()[0] != "未录入" {
			t.Errorf("cases before entry: %+v", c)
		}
	}
	if err := a.gen.SaveNarrative(ctx, "user:clerk", p, "本学年信息公开工作总体平稳。\n第二段。", "部分栏目更新不及时。"); err != nil {
		t.Fatal(err)
	}
	if err := a.gen.SaveCases(ctx, "user:clerk", p, report.Cases{Kind: "review", Upheld: 1, Pending: 2, Note: "一件尚在审理"}); err != nil {
		t.Fatal(err)
	}
	// The same figures again write nothing.
	if err := a.gen.SaveCases(ctx, "user:clerk", p, report.Cases{Kind: "review", Upheld: 1, Pending: 2, Note: "一件尚在审理"}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []report.Cases{{Kind: "appeal"}, {Kind: "review", Upheld: -1}} {
		if err := a.gen.SaveCases(ctx, "user:clerk", p, bad); records.ErrorCode(err) != records.EINVALID {
			t.Errorf("SaveCases(%+v): %v", bad, err)
		}
	}
	r, err = a.gen.Build(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Narrative.Overview != "本学年信息公开工作总体平稳。\n第二段。" || r.Narrative.UpdatedBy != "user:clerk" {
		t.Errorf("narrative = %+v", r.Narrative)
	}
	i := slices.IndexFunc(r.Cases, func(c report.Cases) bool { return c.Kind == "review" })
	if c := r.Cases[i]; !c.Recorded || c.Total != 3 || c.Label != "行政复议" {
		t.Errorf("review cases = %+v", c)
	}
	// Another period has its own figures.
	other, _ := report.NewPeriod(2024, true)
	if r2, _ := a.gen.Build(ctx, other); r2.Narrative.Overview != "" || r2.Cases[1].Recorded {
		t.Errorf("the calendar year 2024 shares the academic year's parts")
	}
	log, err := a.store.AuditLog(ctx, records.AuditQuery{Target: p.Target()})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != report.ActionNarrative || log[1].Action != report.ActionCases || log[1].BeforeHash != "" {
		t.Errorf("audit log of %s: %+v", p.Target(), log)
	}
	if ps := verifyStore(t, a.store); len(ps) != 0 {
		t.Errorf("verify: %v", ps)
	}
}

func verifyStore(t *testing.T, s *records.Store) []records.Problem {
	t.Helper()
	var ps []records.Problem
	if _, err := s.Verify(context.Background(), func(p records.Problem) { ps = append(ps, p) }); err != nil {
		t.Fatal(err)
	}
	return ps
}

// TestDOCXOpens writes the Word form and reads it back as a package: it
// unzips, every XML part parses, the parts Word needs are there, and the
// archive's own .docx extractor finds the report's text in it.
func TestDOCXOpens(t *testing.T) {
	a := demoArchive(t)
	p, _ := report.NewPeriod(2024, false)
	r, err := a.gen.Build(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	r.Narrative.Overview = "概述 <含特殊字符> & “引号”"
	var buf bytes.Buffer
	if err := r.WriteDOCX(&buf); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	names := map[string]bool{}
	for _, f := range z.File {
		names[f.Name] = true
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s: %v", f.Name, err)
				break
			}
		}
	}
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} {
		if !names[n] {
			t.Errorf("part %s missing", n)
		}
	}
	if z.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part is %s", z.File[0].Name)
	}
	var opt extract.Options
	opt.SetDefaults()
	res, err := extract.FileContext(context.Background(), "report.docx", buf.Bytes(), opt)
	if err != nil {
		t.Fatalf("the archive's extractor cannot read the report: %v", err)
	}
	for _, want := range []string{"清单事项公开情况表", "概述 <含特殊字符> & “引号”", "信息公开年度报告", report.NoRequestData} {
		if !strings.Contains(res.Text, want) {
			t.Errorf("the document's text lacks %q", want)
		}
	}
	// The same report gives the same bytes.
	var again bytes.Buffer
	r.WriteDOCX(&again)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two writes of one report differ")
	}
}

// TestDOCXOpensInLibreOffice converts the Word form to PDF with
// LibreOffice, when it is installed: an office suite accepts the package.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil || testing.Short() {
		t.Skip("LibreOffice (soffice) not installed, or -short")
	}
	a := demoArchive(t)
	p, _ := report.NewPeriod(2024, false)
	r, err := a.gen.Build(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "report.docx")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WriteDOCX(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// A profile of its own: LibreOffice locks its profile, and another
	// test may be converting at the same time.
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "TMPDIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	if st, err := os.Stat(filepath.Join(dir, "report.pdf")); err != nil || st.Size() < 1000 {
		t.Fatalf("no PDF from the report: %v", err)
	}
}

// TestJSONForm pins the top-level shape of the JSON other tools read
// (docs/report.md): fields may be added, never renamed or dropped.
func TestJSONForm(t *testing.T) {
	a := demoArchive(t)
	p, _ := report.NewPeriod(2024, false)
	r, err := a.gen.Build(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var j map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema", "title", "period", "generated_at", "index_version", "checklist", "narrative",
		"proactive", "requests", "cases", "items"} {
		if _, ok := j[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	var back report.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Schema != report.Schema || back.Period != p || len(back.Items) != 50 || len(back.Cases) != 3 {
		t.Errorf("round trip: schema %s period %+v items %d cases %d", back.Schema, back.Period, len(back.Items), len(back.Cases))
	}
	var prof map[string]json.RawMessage
	json.Unmarshal(j["proactive"], &prof)
	for _, k := range []string{"total", "search_url", "by_category", "by_department", "by_checklist", "by_month"} {
		if _, ok := prof[k]; !ok {
			t.Errorf("proactive lacks %q", k)
		}
	}
}

func TestPrintableForms(t *testing.T) {
	a := demoArchive(t)
	p, _ := report.NewPeriod(2024, false)
	r, err := a.gen.Build(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var html, md bytes.Buffer
	if err := r.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, it := range checklist.Default().Items() {
		if !strings.Contains(html.String(), it.Code) || !strings.Contains(md.String(), "| "+it.Code+" |") {
			t.Errorf("item %s missing from the printable forms", it.Code)
		}
	}
	for _, want := range []string{"<svg", "@media print", "2024-2025学年", "（待填写）"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(html.String(), "<script") {
		t.Error("the html has a script")
	}
}
