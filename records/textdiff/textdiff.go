// Package textdiff compares two versions of a record's text for people to
// read: first line by line, then, inside each pair of changed lines,
// character by character (runes, not bytes: Chinese has no spaces, so a
// word-level diff would mark whole sentences for a one-character edit).
//
// Both levels use Myers' O(ND) algorithm in its linear-space form (the
// middle snake), after stripping the common prefix and suffix. The result
// is a list of lines the web page renders as it likes: unified (Lines in
// order) or side by side (follow Pair), with Hunks to fold long unchanged
// stretches.
package textdiff

import (
	"strings"
	"unicode/utf8"
)

// Op says what happened to a line or a run of characters.
type Op int8

// The operations.
const (
	Equal  Op = iota // in both versions
	Delete           // only in the old version
	Insert           // only in the new version
)

func (o Op) String() string {
	switch o {
	case Delete:
		return "delete"
	case Insert:
		return "insert"
	}
	return "equal"
}

// MarshalText makes an Op read "equal", "delete" or "insert" in JSON.
func (o Op) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Span is a run of characters of one line.
type Span struct {
	Op   Op     `json:"op"`
	Text string `json:"text"`
}

// Line is one line of the comparison.
type Line struct {
	Op  Op  `json:"op"`
	Old int `json:"old,omitempty"` // 1-based line number in the old text; 0 for an insertion
	New int `json:"new,omitempty"` // 1-based line number in the new text; 0 for a deletion
	// Text is the whole line, without its line break.
	Text string `json:"text"`
	// Spans split a changed line that has a counterpart (Pair) into the
	// characters both share (Equal) and those only this side has (Delete
	// on an old line, Insert on a new one). Nil for equal lines and for
	// lines changed beyond recognition: the whole line is the change.
	Spans []Span `json:"spans,omitempty"`
	// Pair is the index in Diff.Lines of the line this one was changed
	// into (or from), -1 when there is none.
	Pair int `json:"pair"`
}

// Diff is the comparison of two texts.
type Diff struct {
	Lines []Line `json:"lines"`
	// Characters (runes) removed and added, counting whole lines and
	// changed spans.
	Removed int `json:"removed"`
	Added   int `json:"added"`
}

// Same reports whether the texts were equal.
func (d *Diff) Same() bool {
	for _, l := range d.Lines {
		if l.Op != Equal {
			return false
		}
	}
	return true
}

// Options tune Compare.
type Options struct {
	// MinSimilarity: a deleted and an inserted line are paired and
	// compared by character when at least this share of their characters
	// is common (default 0.3); below it, the page shows two whole lines.
	MinSimilarity float64
	// MaxCost bounds the work of one comparison (edit distance explored);
	// beyond it the remaining region is reported as replaced whole
	// (default 20,000).
	MaxCost int
}

func (o *Options) setDefaults() {
	if o.MinSimilarity <= 0 {
		o.MinSimilarity = 0.3
	}
	if o.MaxCost <= 0 {
		o.MaxCost = 20000
	}
}

// Compare diffs old against new, line by line, then changed lines by
// character. Line breaks are \n; a trailing \r is dropped.
func Compare(old, new string, opt Options) *Diff {
	opt.setDefaults()
	a, b := splitLines(old), splitLines(new)
	ids := map[string]int{}
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	script := diff(intern(a), intern(b), opt.MaxCost)
	d := &Diff{}
	ai, bi := 0, 0
	for i := 0; i < len(script); {
		if script[i] == Equal {
			d.Lines = append(d.Lines, Line{Op: Equal, Old: ai + 1, New: bi + 1, Text: a[ai], Pair: -1})
			ai, bi = ai+1, bi+1
			i++
			continue
		}
		// A block of changes between two equal lines: deletions first,
		// then insertions, the k-th deleted line paired with the k-th
		// inserted one when they are alike.
		var dels, ins []int
		for ; i < len(script) && script[i] != Equal; i++ {
			if script[i] == Delete {
				dels = append(dels, ai)
				ai++
			} else {
				ins = append(ins, bi)
				bi++
			}
		}
		first := len(d.Lines)
		for _, k := range dels {
			d.Lines = append(d.Lines, Line{Op: Delete, Old: k + 1, Text: a[k], Pair: -1})
			d.Removed += utf8.RuneCountInString(a[k])
		}
		for _, k := range ins {
			d.Lines = append(d.Lines, Line{Op: Insert, New: k + 1, Text: b[k], Pair: -1})
			d.Added += utf8.RuneCountInString(b[k])
		}
		for k := 0; k < min(len(dels), len(ins)); k++ {
			oi, ni := first+k, first+len(dels)+k
			oldSpans, newSpans, common := pairSpans(a[dels[k]], b[ins[k]], opt.MaxCost)
			total := utf8.RuneCountInString(a[dels[k]]) + utf8.RuneCountInString(b[ins[k]])
			if total == 0 || float64(2*common)/float64(total) < opt.MinSimilarity {
				continue
			}
			d.Lines[oi].Spans, d.Lines[oi].Pair = oldSpans, ni
			d.Lines[ni].Spans, d.Lines[ni].Pair = newSpans, oi
			// Only the changed characters count, not the whole lines.
			d.Removed -= common
			d.Added -= common
		}
	}
	return d
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// Runes diffs two short strings (a title, a 文号) character by character.
func Runes(old, new string) []Span {
	a, b := []rune(old), []rune(new)
	script := diff(runeInts(a), runeInts(b), 20000)
	return cleanup(spans(a, b, script))
}

// pairSpans compares two lines by character and returns the spans of each
// side and how many characters they share.
func pairSpans(old, new string, maxCost int) (oldSpans, newSpans []Span, common int) {
	a, b := []rune(old), []rune(new)
	all := cleanup(spans(a, b, diff(runeInts(a), runeInts(b), maxCost)))
	for _, s := range all {
		switch s.Op {
		case Equal:
			common += utf8.RuneCountInString(s.Text)
			oldSpans = appendSpan(oldSpans, s)
			newSpans = appendSpan(newSpans, s)
		case Delete:
			oldSpans = appendSpan(oldSpans, s)
		case Insert:
			newSpans = appendSpan(newSpans, s)
		}
	}
	return oldSpans, newSpans, common
}

func appendSpan(ss []Span, s Span) []Span {
	if n := len(ss); n > 0 && ss[n-1].Op == s.Op {
		ss[n-1].Text += s.Text
		return ss
	}
	return append(ss, s)
}

func runeInts(rs []rune) []int {
	out := make([]int, len(rs))
	for i, r := range rs {
		out[i] = int(r)
	}
	return out
}

// spans turns an edit script over runes into runs.
func spans(a, b []rune, script []Op) []Span {
	var out []Span
	var run []rune
	cur := Equal
	flush := func() {
		if len(run) > 0 {
			out = append(out, Span{Op: cur, Text: string(run)})
			run = run[:0]
		}
	}
	ai, bi := 0, 0
	for _, op := range script {
		if op != cur {
			flush()
			cur = op
		}
		switch op {
		case Equal:
			run = append(run, a[ai])
			ai, bi = ai+1, bi+1
		case Delete:
			run = append(run, a[ai])
			ai++
		case Insert:
			run = append(run, b[bi])
			bi++
		}
	}
	flush()
	return out
}

// cleanup makes a character diff readable: within each changed region the
// deletion comes before the insertion, and a common run of one or two
// characters between two changes (的, 年) is folded into them, so that a
// rewritten phrase reads as one replacement instead of confetti.
func cleanup(ss []Span) []Span {
	type region struct {
		eq       string // an equal run, or
		del, ins string // a change
	}
	var rs []region
	for _, s := range ss {
		n := len(rs)
		switch {
		case s.Op == Equal:
			rs = append(rs, region{eq: s.Text})
		case n > 0 && rs[n-1].eq == "":
			if s.Op == Delete {
				rs[n-1].del += s.Text
			} else {
				rs[n-1].ins += s.Text
			}
		case s.Op == Delete:
			rs = append(rs, region{del: s.Text})
		default:
			rs = append(rs, region{ins: s.Text})
		}
	}
	var merged []region
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		n := len(merged)
		if r.eq != "" && n > 0 && merged[n-1].eq == "" && i+1 < len(rs) && rs[i+1].eq == "" &&
			utf8.RuneCountInString(r.eq) <= 2 {
			next := rs[i+1]
			merged[n-1].del += r.eq + next.del
			merged[n-1].ins += r.eq + next.ins
			i++
			continue
		}
		merged = append(merged, r)
	}
	var out []Span
	for _, r := range merged {
		if r.eq != "" {
			out = append(out, Span{Op: Equal, Text: r.eq})
			continue
		}
		if r.del != "" {
			out = append(out, Span{Op: Delete, Text: r.del})
		}
		if r.ins != "" {
			out = append(out, Span{Op: Insert, Text: r.ins})
		}
	}
	return out
}

// Hunk is a stretch of changed lines with some unchanged lines around it.
type Hunk struct {
	OldStart, OldLines int // 1-based first old line and how many old lines
	NewStart, NewLines int
	// Lines index into Diff.Lines: Lines[First:First+Count].
	First, Count int
}

// Hunks groups the changed lines with up to context unchanged lines on
// either side; unchanged stretches longer than that are left out, as in a
// unified diff.
func (d *Diff) Hunks(context int) []Hunk {
	var out []Hunk
	n := len(d.Lines)
	for i := 0; i < n; {
		if d.Lines[i].Op == Equal {
			i++
			continue
		}
		start := max(0, i-context)
		end := i
		// Extend while the next change is within 2*context equal lines.
		for end < n {
			if d.Lines[end].Op != Equal {
				end++
				continue
			}
			j := end
			for j < n && d.Lines[j].Op == Equal {
				j++
			}
			if j < n && j-end <= 2*context {
				end = j
				continue
			}
			end = min(n, end+context)
			break
		}
		if len(out) > 0 && out[len(out)-1].First+out[len(out)-1].Count > start {
			start = out[len(out)-1].First + out[len(out)-1].Count
		}
		h := Hunk{First: start, Count: end - start}
		for _, l := range d.Lines[start:end] {
			if l.Old > 0 {
				if h.OldLines == 0 {
					h.OldStart = l.Old
				}
				h.OldLines++
			}
			if l.New > 0 {
				if h.NewLines == 0 {
					h.NewStart = l.New
				}
				h.NewLines++
			}
		}
		out = append(out, h)
		i = end
	}
	return out
}
