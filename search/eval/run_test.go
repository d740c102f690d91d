package eval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// tinySet builds a set whose questions are named q1..qn and ask for p1..pn.
func tinySet(n int) *Set {
	s := &Set{Name: "tiny"}
	for i := 1; i <= n; i++ {
		s.Passages = append(s.Passages, Passage{ID: fmt.Sprintf("p%d", i), Text: fmt.Sprintf("passage %d", i)})
		s.Questions = append(s.Questions, Question{ID: fmt.Sprintf("q%d", i), Text: fmt.Sprintf("q%d", i), PassageID: fmt.Sprintf("p%d", i)})
	}
	return s
}

// fillers returns n distinct wrong ids.
func fillers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("x%d", i)
	}
	return out
}

// table answers each question text from a fixed map; a text mapped to nil
// with an entry in fail returns an error.
func table(answers map[string][]string, fail map[string]bool) Searcher {
	return func(ctx context.Context, q string, k int) ([]string, error) {
		if k != 10 {
			return nil, fmt.Errorf("asked for %d results, want 10", k)
		}
		if fail[q] {
			return nil, errors.New("backend down")
		}
		return answers[q], nil
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func checkMetrics(t *testing.T, r Report, questions int, s1, s10, mrr float64, errs int) {
	t.Helper()
	if r.Questions != questions || !near(r.SuccessAt1, s1) || !near(r.SuccessAt10, s10) || !near(r.MRRAt10, mrr) || r.Errors != errs {
		t.Errorf("got questions %d S@1 %v S@10 %v MRR@10 %v errors %d; want %d %v %v %v %d",
			r.Questions, r.SuccessAt1, r.SuccessAt10, r.MRRAt10, r.Errors, questions, s1, s10, mrr, errs)
	}
}

func TestRunMetrics(t *testing.T) {
	set := tinySet(5)
	answers := map[string][]string{
		"q1": {"p1", "x0", "x1"},        // rank 1
		"q2": {"x0", "p2"},              // rank 2
		"q3": append(fillers(9), "p3"),  // rank 10
		"q4": append(fillers(10), "p4"), // rank 11: miss
		"q5": nil,                       // search fails
	}
	for _, workers := range []int{0, 1, 2, 7} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			r, err := Run(context.Background(), set, table(answers, map[string]bool{"q5": true}), nil, workers)
			if err != nil {
				t.Fatal(err)
			}
			// S@1 = 1/5, S@10 = 3/5, MRR@10 = (1 + 1/2 + 1/10) / 5 = 0.32.
			checkMetrics(t, r, 5, 0.2, 0.6, 0.32, 1)
			if r.Set != "tiny" {
				t.Errorf("Set = %q", r.Set)
			}
			if len(r.Misses) != 1 {
				t.Fatalf("misses = %+v, want one", r.Misses)
			}
			m := r.Misses[0]
			if m.Question != "q4" || m.Want != "p4" || strings.Join(m.Got, ",") != "x0,x1,x2" {
				t.Errorf("miss = %+v", m)
			}
			if r.Elapsed <= 0 || r.QueriesPerSecond <= 0 {
				t.Errorf("elapsed %v, q/s %v", r.Elapsed, r.QueriesPerSecond)
			}
		})
	}
}

func TestRunAllAndNothing(t *testing.T) {
	set := tinySet(4)
	perfect := func(ctx context.Context, q string, k int) ([]string, error) {
		return []string{"p" + strings.TrimPrefix(q, "q")}, nil
	}
	r, err := Run(context.Background(), set, perfect, nil, 3)
	if err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, r, 4, 1, 1, 1, 0)
	if len(r.Misses) != 0 {
		t.Errorf("misses = %+v", r.Misses)
	}

	empty := func(ctx context.Context, q string, k int) ([]string, error) { return nil, nil }
	r, err = Run(context.Background(), set, empty, nil, 3)
	if err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, r, 4, 0, 0, 0, 0)
	if len(r.Misses) != 4 || r.Misses[0].Got != nil && len(r.Misses[0].Got) != 0 {
		t.Errorf("misses = %+v", r.Misses)
	}

	r, err = Run(context.Background(), &Set{Name: "empty"}, empty, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, r, 0, 0, 0, 0, 0)
}

func TestRunDuplicatesAndTies(t *testing.T) {
	cases := []struct {
		name string
		got  []string
		rank int // 0 = miss
	}{
		{"repeat before target keeps one position", []string{"x0", "x0", "x0", "p1"}, 2},
		{"target repeated counts first position", []string{"x0", "p1", "x1", "p1"}, 2},
		{"empty ids ignored", []string{"", "x0", "", "p1"}, 2},
		{"repeats do not push past ten", append(append(fillers(9), fillers(9)...), "p1"), 10},
		{"more than k distinct ids: tail ignored", append(fillers(10), "p1"), 0},
		{"equal-score ties keep the searcher's order", []string{"x0", "p1"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := tinySet(1)
			r, err := Run(context.Background(), set, table(map[string][]string{"q1": c.got}, nil), nil, 1)
			if err != nil {
				t.Fatal(err)
			}
			want := 0.0
			if c.rank > 0 {
				want = 1 / float64(c.rank)
			}
			if !near(r.MRRAt10, want) {
				t.Errorf("MRR@10 = %v, want %v", r.MRRAt10, want)
			}
			if (c.rank == 0) != (len(r.Misses) == 1) {
				t.Errorf("misses = %+v", r.Misses)
			}
		})
	}
}

func TestRunTransform(t *testing.T) {
	set := tinySet(2)
	set.Questions[0].Text = "體育"
	set.Questions[1].Text = "國家"
	conv := map[string]string{"體育": "体育", "國家": "国家"}
	answers := map[string][]string{"体育": {"p1"}, "國家": {"p2"}} // only the converted form of q2 misses
	r, err := Run(context.Background(), set, table(answers, nil), func(s string) string { return conv[s] }, 2)
	if err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, r, 2, 0.5, 0.5, 0.5, 0)
	if len(r.Misses) != 1 || r.Misses[0].Question != "國家" {
		t.Errorf("misses = %+v, want the untransformed question", r.Misses)
	}

	// nil transform: asked as is.
	r, err = Run(context.Background(), set, table(answers, nil), nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, r, 2, 0.5, 0.5, 0.5, 0)
	if len(r.Misses) != 1 || r.Misses[0].Question != "體育" {
		t.Errorf("misses = %+v", r.Misses)
	}
}

func TestRunErrorsCounted(t *testing.T) {
	set := tinySet(30)
	var calls atomic.Int64
	flaky := func(ctx context.Context, q string, k int) ([]string, error) {
		calls.Add(1)
		var n int
		fmt.Sscanf(q, "q%d", &n)
		if n%3 == 0 {
			return nil, fmt.Errorf("timeout on %s", q)
		}
		return []string{"p" + strings.TrimPrefix(q, "q")}, nil
	}
	r, err := Run(context.Background(), set, flaky, nil, 4)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 30 {
		t.Errorf("searcher called %d times, want 30", calls.Load())
	}
	checkMetrics(t, r, 30, 20.0/30, 20.0/30, 20.0/30, 10)
	if len(r.Misses) != 0 {
		t.Errorf("failed searches listed as misses: %+v", r.Misses)
	}
	if !strings.Contains(r.String(), "errors 10") {
		t.Errorf("String() = %q, want the error count", r.String())
	}
}

func TestRunMissesCappedAndOrdered(t *testing.T) {
	set := tinySet(50)
	none := func(ctx context.Context, q string, k int) ([]string, error) {
		return []string{"z"}, nil
	}
	r, err := Run(context.Background(), set, none, nil, 8)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Misses) != 20 {
		t.Fatalf("%d misses, want 20", len(r.Misses))
	}
	for i, m := range r.Misses {
		if want := fmt.Sprintf("q%d", i+1); m.Question != want {
			t.Fatalf("miss %d is %q, want %q (set order)", i, m.Question, want)
		}
		if len(m.Got) != 1 || m.Got[0] != "z" {
			t.Fatalf("miss %d got %v", i, m.Got)
		}
	}
}

func TestRunCancellation(t *testing.T) {
	t.Run("before start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		called := false
		r, err := Run(ctx, tinySet(5), func(ctx context.Context, q string, k int) ([]string, error) {
			called = true
			return nil, nil
		}, nil, 2)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if called || r.Questions != 0 {
			t.Errorf("searched %v, scored %d questions after cancellation", called, r.Questions)
		}
	})

	t.Run("midway", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var calls atomic.Int64
		search := func(ctx context.Context, q string, k int) ([]string, error) {
			if calls.Add(1) == 4 {
				cancel()
				<-ctx.Done()
				return nil, ctx.Err()
			}
			return []string{"p" + strings.TrimPrefix(q, "q")}, nil
		}
		r, err := Run(ctx, tinySet(100), search, nil, 1)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		// Three answered, the fourth was cut short and is not scored.
		checkMetrics(t, r, 3, 1, 1, 1, 0)
		if calls.Load() != 4 {
			t.Errorf("searcher called %d times after cancellation, want 4", calls.Load())
		}
	})

	t.Run("deadline with blocked workers", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		block := func(ctx context.Context, q string, k int) ([]string, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		done := make(chan struct{})
		var r Report
		var err error
		go func() {
			r, err = Run(ctx, tinySet(1000), block, nil, 4)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not stop after the deadline")
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v", err)
		}
		if r.Questions != 0 || r.Errors != 0 {
			t.Errorf("scored %d questions, %d errors; cancelled searches should not count", r.Questions, r.Errors)
		}
	})
}

func TestRunRejectsBadInput(t *testing.T) {
	ok := func(ctx context.Context, q string, k int) ([]string, error) { return nil, nil }
	if _, err := Run(context.Background(), nil, ok, nil, 1); err == nil {
		t.Error("nil set accepted")
	}
	if _, err := Run(context.Background(), tinySet(1), nil, nil, 1); err == nil {
		t.Error("nil searcher accepted")
	}
	bad := tinySet(2)
	bad.Questions[1].PassageID = "nowhere"
	if _, err := Run(context.Background(), bad, ok, nil, 1); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("unknown passage: err = %v", err)
	}
}

func TestReportString(t *testing.T) {
	r := Report{Set: "cmrc2018-dev", Questions: 3219, SuccessAt1: 0.8123, SuccessAt10: 0.9951, MRRAt10: 0.87, QueriesPerSecond: 12.34}
	want := "cmrc2018-dev              questions  3219  S@1 0.812  S@10 0.995  MRR@10 0.870  (12.3 q/s)"
	if got := r.String(); got != want {
		t.Errorf("String() =\n%q\nwant\n%q", got, want)
	}
	other := Report{Set: "drcd-test-sample1000", Questions: 12, QueriesPerSecond: 1}
	if a, b := strings.Index(r.String(), "S@1"), strings.Index(other.String(), "S@1"); a != b {
		t.Errorf("columns not aligned: %d vs %d", a, b)
	}
}
