package zh

import (
	_ "embed"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

//go:embed dict/domain.txt
var domainDict string

var (
	segOnce sync.Once
	seg     *gse.Segmenter
	segErr  error
)

// segmenter loads gse once per process: the embedded simplified dictionary
// (text is simplified by normalisation before it is segmented, so the
// traditional dictionary would only cost time and memory) and the domain
// dictionary. The domain words are loaded first: every load recomputes the
// search-mode sub-segmentation of the whole dictionary, so loading the small
// one first and the large one last pays for that work once (~0.3 s saved).
func segmenter() (*gse.Segmenter, error) {
	segOnce.Do(func() {
		var s gse.Segmenter
		s.SkipLog = true
		if err := s.LoadDictStr(domainDict); err != nil {
			segErr = fmt.Errorf("zh: load domain dictionary: %w", err)
			return
		}
		if err := s.LoadDictEmbed("zh_s"); err != nil {
			segErr = fmt.Errorf("zh: load gse simplified dictionary: %w", err)
			return
		}
		seg = &s
	})
	return seg, segErr
}

// WarmSegmenter loads the dictionary now (it takes most of a second), so a
// server can do it before it answers the first query.
func WarmSegmenter() error {
	_, err := segmenter()
	return err
}

// WordTokens returns the word-layer tokens of s: gse's segmentation of the
// normalised text in search mode (a long word also yields the dictionary
// words inside it, so 信息公开年度报告 yields 信息公开 and 年度报告 too).
// Separators and punctuation are dropped. Spans refer to s itself; they are
// computed from gse's byte offsets in the normalised text, never by searching
// for the word again, which would put a repeated word at its first place.
func WordTokens(s string) ([]Token, error) {
	t := Analyze(s)
	return wordTokens(&t)
}

func wordTokens(t *Text) ([]Token, error) {
	sg, err := segmenter()
	if err != nil {
		return nil, err
	}
	// gse works on bytes; keep the rune index of every byte of the
	// normalised text to map its offsets back.
	buf, at := utf8Buffer(t.Runes)
	byteToRune := make([]int32, len(buf)+1)
	for i := range t.Runes {
		for b := at[i]; b < at[i+1]; b++ {
			byteToRune[b] = int32(i)
		}
	}
	byteToRune[len(buf)] = int32(len(t.Runes))
	out := make([]Token, 0, len(t.Runes)/2)
	pos := 0
	var emit func(tok *gse.Token, start, end int)
	emit = func(tok *gse.Token, start, end int) {
		// Sub-words first, as gse's search mode does, then the word.
		if subs := tok.Segments(); len(subs) > 1 {
			for _, sub := range subs {
				st := sub.Token()
				if len([]rune(st.Text())) < 2 {
					continue
				}
				emit(st, start+sub.Start(), start+sub.Start()+(sub.End()-sub.Start()))
			}
		}
		word := buf[start:end:end]
		if !isWordBytes(word) {
			return
		}
		os, oe := t.Span(int(byteToRune[start]), int(byteToRune[end]))
		pos++
		out = append(out, Token{Term: word, Start: os, End: oe, Position: pos})
	}
	for _, sgm := range sg.Segment(buf) {
		emit(sgm.Token(), sgm.Start(), sgm.End())
	}
	return out, nil
}

func isWordBytes(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if IsCJK(r) || IsAlnum(r) {
			return true
		}
		b = b[n:]
	}
	return false
}

// isWord reports whether a segment carries text: at least one letter or
// digit, so punctuation and spaces never become terms.
func isWord(s string) bool {
	for _, r := range s {
		if IsCJK(r) || IsAlnum(r) {
			return true
		}
	}
	return false
}

// Segment splits s into words the way a query is read: gse's segmentation of
// the normalised text without search-mode sub-words, punctuation and spaces
// dropped. A query word is thereby a contiguous piece of what was typed.
func Segment(s string) ([]string, error) {
	sg, err := segmenter()
	if err != nil {
		return nil, err
	}
	n := Normalize(s)
	var out []string
	for _, g := range sg.Segment([]byte(n)) {
		w := n[g.Start():g.End()]
		if isWord(w) {
			out = append(out, w)
		}
	}
	return out, nil
}

// IsWord reports whether the dictionary knows w (after normalisation) as one
// word, so that a document whose word layer holds w certainly contains it.
func IsWord(w string) bool {
	sg, err := segmenter()
	if err != nil {
		return false
	}
	f, _, ok := sg.Find(w)
	return ok && f > 0
}

// Tokenize returns both layers of s from one normalisation: what the
// indexer needs for every text field.
func Tokenize(s string) (chars, words []Token, err error) {
	t := Analyze(s)
	chars = charTokens(&t, s)
	words, err = wordTokens(&t)
	return chars, words, err
}
