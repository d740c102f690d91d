package eval

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// bigramSearcher is a deliberately naive retriever used only to exercise Run
// end to end on a real set: it scores passages by how many distinct
// character bigrams of the question they contain.
func bigramSearcher(set *Set) Searcher {
	index := make(map[string][]int) // bigram → passages holding it
	for i, p := range set.Passages {
		for g := range bigrams(p.Title + " " + p.Text) {
			index[g] = append(index[g], i)
		}
	}
	return func(ctx context.Context, q string, k int) ([]string, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		score := make(map[int]int)
		for g := range bigrams(q) {
			for _, i := range index[g] {
				score[i]++
			}
		}
		ranked := make([]int, 0, len(score))
		for i := range score {
			ranked = append(ranked, i)
		}
		slices.SortFunc(ranked, func(a, b int) int {
			if score[a] != score[b] {
				return score[b] - score[a]
			}
			return a - b
		})
		out := make([]string, 0, k)
		for _, i := range ranked[:min(k, len(ranked))] {
			out = append(out, set.Passages[i].ID)
		}
		return out, nil
	}
}

// bigrams returns the set of adjacent letter/digit pairs of s, lower-cased.
func bigrams(s string) map[string]struct{} {
	out := make(map[string]struct{})
	var prev rune
	for _, r := range strings.ToLower(s) {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			prev = 0
			continue
		}
		if prev != 0 {
			out[string([]rune{prev, r})] = struct{}{}
		}
		prev = r
	}
	return out
}

// TestRealBaseline runs a naive bigram retriever over samples of the real
// sets. The floors are far below what it reaches; they only catch a broken
// loader or scorer (e.g. questions pointing at the wrong passage).
func TestRealBaseline(t *testing.T) {
	for _, c := range []struct{ rel, name string }{
		{"cmrc2018/cmrc2018_dev.json", "cmrc2018-dev"},
		{"drcd/DRCD_dev.json", "drcd-dev"},
	} {
		t.Run(c.name, func(t *testing.T) {
			full := loadReal(t, c.rel, c.name)
			set := full.Sample(400, 1)
			r, err := Run(context.Background(), set, bigramSearcher(set), nil, 4)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(r)
			if r.Questions != 400 || r.Errors != 0 {
				t.Fatalf("scored %d questions, %d errors", r.Questions, r.Errors)
			}
			if r.SuccessAt10 < 0.6 || r.MRRAt10 < 0.4 {
				t.Errorf("naive baseline too weak, loader or scorer likely broken: %v", r)
			}
			if r.SuccessAt1 > r.SuccessAt10 || r.MRRAt10 < r.SuccessAt1 || r.MRRAt10 > r.SuccessAt10 {
				t.Errorf("inconsistent metrics: %v", r)
			}
		})
	}
}
