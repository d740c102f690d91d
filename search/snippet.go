package search

import (
	"html"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xxgk-archive/archive/indexer/zh"
)

// match is a span of the normalised text, in runes, and which term it is.
type match struct{ start, end, term int }

// findMatches returns the occurrences of the (normalised) terms in t, in
// text order (at most 1,000 per text).
func findMatches(t *zh.Text, terms []string) []match {
	// The search runs on the runes themselves: encoding a long text back to
	// a string and counting runes to each match cost more than the search.
	text := t.Runes
	var ms []match
	for ti, term := range terms {
		if term == "" {
			continue
		}
		tr := []rune(term)
		first, k := tr[0], len(tr)
		for i := 0; i+k <= len(text) && len(ms) < 1000; i++ {
			if text[i] != first || !slices.Equal(text[i:i+k], tr) {
				continue
			}
			ms = append(ms, match{i, i + k, ti})
			i += k - 1
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].start != ms[j].start {
			return ms[i].start < ms[j].start
		}
		return ms[i].end > ms[j].end
	})
	return ms
}

// merged joins matches that overlap or touch: 奖学金 and 评审 side by side
// read as one highlighted 奖学金评审.
func merged(ms []match) []match {
	out := make([]match, 0, len(ms))
	for _, m := range ms {
		if len(out) > 0 && m.start <= out[len(out)-1].end {
			if m.end > out[len(out)-1].end {
				out[len(out)-1].end = m.end
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// Highlight returns text HTML-escaped, line breaks kept, with every occurrence of the terms
// (normalised strings) in <mark>. Matching is done on the normalised text,
// so 學校 in the text is marked for the query 学校; the marks wrap the
// original characters.
func Highlight(text string, terms []string) string {
	t := zh.Analyze(text)
	return render(text, &t, merged(findMatches(&t, terms)), 0, len(t.Runes), false)
}

// Snippet returns about width characters of text around the densest group
// of matches, HTML-escaped with the matches in <mark>, and the match spans
// of the whole text in runes of the original. Without matches it returns the
// start of the text.
func Snippet(text string, terms []string, width int) (string, []Span) {
	t := zh.Analyze(text)
	raw := findMatches(&t, terms)
	ms := merged(raw)
	spans := make([]Span, 0, len(ms))
	// Matches are in text order: count runes incrementally, not from the
	// start for each match (a long law has thousands of matches).
	runeAt, byteAt := 0, 0
	count := func(b int) int {
		if b < byteAt { // overlapping spans step back at most one match
			runeAt, byteAt = 0, 0
		}
		runeAt += utf8.RuneCountInString(text[byteAt:b])
		byteAt = b
		return runeAt
	}
	for _, m := range ms {
		s, e := t.Span(m.start, m.end)
		spans = append(spans, Span{count(s), count(e)})
	}
	n := len(t.Runes)
	if n <= width {
		return render(text, &t, ms, 0, n, true), spans
	}
	// Choose the window start (a match start, less some context) that
	// covers the most distinct terms, then the most matches.
	best, bestStart := -1, 0
	for i := range raw {
		start := max(0, raw[i].start-width/4)
		end := start + width
		seen := map[int]bool{}
		count := 0
		for _, m := range raw[i:] {
			if m.start >= end {
				break
			}
			if m.end <= end {
				seen[m.term] = true
				count++
			}
		}
		score := len(seen)*1000 + count
		if score > best {
			best, bestStart = score, start
		}
	}
	end := min(n, bestStart+width)
	return render(text, &t, ms, bestStart, end, true), spans
}

// render writes the original text behind runes [from, to) of t, escaped, with
// the matches inside that range marked and ellipses where it was cut.
func render(text string, t *zh.Text, ms []match, from, to int, fold bool) string {
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	if to <= from {
		return b.String()
	}
	start, _ := t.Span(from, from+1)
	_, stop := t.Span(to-1, to)
	pos := start
	for _, m := range ms {
		if m.end <= from || m.start >= to {
			continue
		}
		ms, me := t.Span(max(m.start, from), min(m.end, to))
		if ms < pos {
			ms = pos
		}
		writeText(&b, text[pos:ms], fold)
		b.WriteString("<mark>")
		writeText(&b, text[ms:me], fold)
		b.WriteString("</mark>")
		pos = me
	}
	writeText(&b, text[pos:stop], fold)
	if to < len(t.Runes) {
		b.WriteString("…")
	}
	return b.String()
}

// writeText escapes s; with fold it also folds line breaks into spaces, since
// a snippet is one paragraph.
var lineFolder = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

func writeText(b *strings.Builder, s string, fold bool) {
	if fold {
		s = lineFolder.Replace(s)
	}
	b.WriteString(html.EscapeString(s))
}
