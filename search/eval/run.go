package eval

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// depth is how many results are requested and scored per question.
const depth = 10

// maxMisses bounds Report.Misses; maxGot bounds Miss.Got.
const (
	maxMisses = 20
	maxGot    = 3
)

// Searcher answers a question with ranked passage ids (best first), at most k.
type Searcher func(ctx context.Context, question string, k int) ([]string, error)

// Report holds the metrics of one run.
type Report struct {
	Set       string
	Questions int // questions scored, including those whose search failed

	SuccessAt1  float64 // share with the passage ranked first
	SuccessAt10 float64 // share with the passage in the first ten
	MRRAt10     float64 // mean of 1/rank, 0 beyond rank ten

	Errors int // searches that returned an error (scored 0)

	// Misses holds up to 20 examples, in set order, of questions whose
	// passage was not in the top 10 (failed searches are not included).
	Misses []Miss

	Elapsed          time.Duration
	QueriesPerSecond float64 // Questions / Elapsed
}

// Miss is one question whose passage was not in the top 10.
type Miss struct {
	Question string   // the question as written in the set (before transform)
	Want     string   // the passage id it asks for
	Got      []string // the first few (up to 3) ids returned instead; empty if none
}

// outcome is what one worker records for one question.
type outcome struct {
	done bool     // scored (false: skipped because ctx ended)
	err  bool     // the searcher failed
	rank int      // 1..10, or 0 if not in the first ten
	got  []string // leading results, kept only for misses
}

// Run asks every question of set (optionally converted by transform, e.g.
// traditional→simplified; nil asks it as is), requesting the top 10 from
// search, and scores the ranking.
//
// Rank is counted over distinct, non-empty ids in the order returned: a
// repeated id keeps its first position and empty ids are ignored. Anything
// past the tenth distinct id is ignored. Questions whose search fails count
// as not found and are tallied in Report.Errors.
//
// workers goroutines search at once (2 if workers < 1). If ctx ends early,
// Run stops handing out questions and returns the report for the questions
// scored so far together with an error wrapping ctx.Err(); searches that
// fail because ctx ended are not counted. Run also fails before searching if
// set or search is nil, or if a question names a passage the set lacks.
func Run(ctx context.Context, set *Set, search Searcher, transform func(string) string, workers int) (Report, error) {
	if set == nil {
		return Report{}, errors.New("eval: nil set")
	}
	rep := Report{Set: set.Name}
	if search == nil {
		return rep, errors.New("eval: nil searcher")
	}
	known := make(map[string]bool, len(set.Passages))
	for _, p := range set.Passages {
		known[p.ID] = true
	}
	for _, q := range set.Questions {
		if !known[q.PassageID] {
			return rep, fmt.Errorf("eval: %s: question %q points at unknown passage %q", set.Name, q.ID, q.PassageID)
		}
	}
	if workers < 1 {
		workers = 2
	}
	workers = max(1, min(workers, len(set.Questions)))

	start := time.Now()
	results := make([]outcome, len(set.Questions))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(set.Questions) {
					return
				}
				results[i] = ask(ctx, set.Questions[i], search, transform)
			}
		})
	}
	wg.Wait()
	rep.Elapsed = time.Since(start)

	var hit1, hit10 int
	var rr float64
	for i, o := range results {
		if !o.done {
			continue
		}
		rep.Questions++
		switch {
		case o.err:
			rep.Errors++
		case o.rank == 0:
			if len(rep.Misses) < maxMisses {
				q := set.Questions[i]
				rep.Misses = append(rep.Misses, Miss{Question: q.Text, Want: q.PassageID, Got: o.got})
			}
		default:
			if o.rank == 1 {
				hit1++
			}
			hit10++
			rr += 1 / float64(o.rank)
		}
	}
	if rep.Questions > 0 {
		n := float64(rep.Questions)
		rep.SuccessAt1 = float64(hit1) / n
		rep.SuccessAt10 = float64(hit10) / n
		rep.MRRAt10 = rr / n
	}
	if s := rep.Elapsed.Seconds(); s > 0 {
		rep.QueriesPerSecond = float64(rep.Questions) / s
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("eval: %s stopped after %d of %d questions: %w", set.Name, rep.Questions, len(set.Questions), err)
	}
	return rep, nil
}

// ask runs one search and ranks the wanted passage in its result.
func ask(ctx context.Context, q Question, search Searcher, transform func(string) string) outcome {
	text := q.Text
	if transform != nil {
		text = transform(text)
	}
	ids, err := search(ctx, text, depth)
	if err != nil {
		if ctx.Err() != nil {
			return outcome{} // cut short by cancellation: not scored
		}
		return outcome{done: true, err: true}
	}
	o := outcome{done: true}
	seen := make(map[string]bool, depth)
	var top []string
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		top = append(top, id)
		if id == q.PassageID {
			o.rank = len(top)
			break
		}
		if len(top) == depth {
			break
		}
	}
	if o.rank == 0 {
		o.got = top[:min(len(top), maxGot)]
	}
	return o
}

// String formats the report as one aligned line, for example
//
//	cmrc2018-dev              questions  3219  S@1 0.812  S@10 0.995  MRR@10 0.870  (12.3 q/s)
//
// followed by "  errors N" when some searches failed.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-24s  questions %5d  S@1 %.3f  S@10 %.3f  MRR@10 %.3f  (%.1f q/s)",
		r.Set, r.Questions, r.SuccessAt1, r.SuccessAt10, r.MRRAt10, r.QueriesPerSecond)
	if r.Errors > 0 {
		fmt.Fprintf(&b, "  errors %d", r.Errors)
	}
	return b.String()
}
