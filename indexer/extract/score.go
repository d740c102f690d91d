package extract

import "unicode/utf8"

// charStats counts, for one candidate decoding, the kinds of non-ASCII
// characters it produced. ASCII is ignored: it reads the same in every
// encoding the decoder considers.
type charStats struct {
	nonASCII int // every rune >= 0x80
	common   int // in the hand-made list of very common characters
	han      int // other CJK Unified Ideographs (basic block)
	punct    int // CJK and full-width punctuation, typographic quotes, ①, ★ …
	odd      int // what wrong decodings produce: kana, box drawing, ext-A/B, PUA …
	bad      int // U+FFFD and C1 controls
}

func (s *charStats) add(r rune) {
	if r < utf8.RuneSelf {
		return
	}
	s.nonASCII++
	switch classify(r) {
	case classCommon:
		s.common++
	case classHan:
		s.han++
	case classPunct:
		s.punct++
	case classOdd:
		s.odd++
	case classBad:
		s.bad++
	}
}

func statsOf(text string) charStats {
	var s charStats
	for _, r := range text {
		s.add(r)
	}
	return s
}

// score is roughly 0.6–0.9 for real Chinese text decoded correctly, below
// 0.3 for a wrong decoding, and negative when replacement characters
// dominate. Text without non-ASCII characters scores 1.
func (s charStats) score() float64 {
	if s.nonASCII == 0 {
		return 1
	}
	v := 2*float64(s.common) + float64(s.punct) + 0.3*float64(s.han) -
		float64(s.odd) - 4*float64(s.bad)
	return v / (2 * float64(s.nonASCII))
}

// commonShare is the share of ideographs that are very common.
func (s charStats) commonShare() float64 {
	if s.common+s.han == 0 {
		return 0
	}
	return float64(s.common) / float64(s.common+s.han)
}

type charClass uint8

const (
	classOther charClass = iota
	classCommon
	classHan
	classPunct
	classOdd
	classBad
)

func classify(r rune) charClass {
	switch {
	case r == utf8.RuneError:
		return classBad
	case r >= 0x80 && r <= 0x9F:
		return classBad
	case r >= cjkFirst && r <= cjkLast:
		if isCommonHan(r) {
			return classCommon
		}
		return classHan
	case r >= 0x3000 && r <= 0x303F, // CJK symbols and punctuation
		r >= 0xFF01 && r <= 0xFF65, // full-width forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0xFE30 && r <= 0xFE4F, // vertical forms
		r >= 0x2010 && r <= 0x203B, // dashes, quotes, …, ‰
		r >= 0x2160 && r <= 0x217F, // Roman numerals
		r >= 0x2460 && r <= 0x24FF, // ①, ⑴, ⒈
		r >= 0x25A0 && r <= 0x25FF, // ■ ● ○ △
		r == 0x2605 || r == 0x2606, // ★ ☆
		r == 0x00B7, r == 0x00D7, r == 0x00F7, r == 0x00B0, r == 0x00A7:
		return classPunct
	case r >= 0x3040 && r <= 0x30FF, // kana
		r >= 0x3100 && r <= 0x312F,   // bopomofo
		r >= 0x3130 && r <= 0x318F,   // Hangul compatibility jamo
		r >= 0xAC00 && r <= 0xD7AF,   // Hangul syllables
		r >= 0x2500 && r <= 0x257F,   // box drawing
		r >= 0x3400 && r <= 0x4DBF,   // CJK extension A
		r >= 0xE000 && r <= 0xF8FF,   // private use
		r >= 0xF900 && r <= 0xFAFF,   // compatibility ideographs
		r >= 0x0370 && r <= 0x06FF,   // Greek, Cyrillic, Armenian, Hebrew, Arabic
		r >= 0x20000 && r <= 0x3FFFF: // CJK extensions B and later
		return classOdd
	}
	return classOther
}

// isWide reports whether r is an East Asian wide character (ideographs,
// kana, CJK and full-width punctuation). A line break between two wide
// characters is dropped instead of becoming a space.
func isWide(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x303F, // radicals, CJK punctuation
		r >= 0x3040 && r <= 0x312F, // kana, bopomofo
		r >= 0x3190 && r <= 0x9FFF, // kanbun … unified ideographs
		r >= 0xF900 && r <= 0xFAFF,
		r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFF:
		return true
	}
	return false
}
