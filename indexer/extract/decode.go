package extract

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names used in Result.Encoding.
const (
	EncUTF8    = "utf-8"
	EncGB18030 = "gb18030"
	EncBig5    = "big5"
	EncUTF16LE = "utf-16le"
	EncUTF16BE = "utf-16be"
)

// Encoding sources used in Result.EncodingSource.
const (
	SourceBOM      = "bom"
	SourceDeclared = "declared"
	SourceDetected = "detected"
)

// scoreSample is how many bytes are decoded per candidate encoding when
// scoring; the winner then decodes the whole input.
const scoreSample = 256 << 10

// Decode converts data to UTF-8. declared is a charset label from an HTTP
// header or a <meta> tag, or "" when nothing was declared; unknown labels
// are ignored. It returns the text, the encoding used (one of the Enc*
// constants), where that choice came from (one of the Source* constants)
// and a confidence between 0 and 1. Errors are *Rejection values with Code
// "binary", "encoding" or "malformed". Empty input decodes to "".
func Decode(data []byte, declared string) (text string, encoding string, source string, confidence float64, err error) {
	defer func() {
		if p := recover(); p != nil {
			text, encoding, source, confidence, err = "", "", "", 0, rejectMalformed()
		}
	}()
	d, err := decode(data, normalizeLabel(declared))
	if err != nil {
		return "", "", "", 0, err
	}
	return d.text, d.enc, d.source, d.conf, nil
}

type decoded struct {
	text   string
	enc    string
	source string
	conf   float64
}

// normalizeLabel maps a charset label to one of the Enc* constants, or ""
// for labels that are unknown or not supported (iso-8859-1 and friends are
// deliberately ignored: Chinese pages that declare them are almost always
// GBK or UTF-8 in fact, and detection finds out which).
func normalizeLabel(label string) string {
	l := strings.ToLower(strings.Trim(label, " \t\r\n\"'"))
	switch l {
	case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
		return EncUTF8
	case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "csgb2312",
		"chinese", "iso-ir-58", "gb_2312", "gb_2312-80", "csiso58gb231280", "euc-cn",
		"x-euc-cn", "csgbk", "gb-18030", "gb-2312", "x-gb2312":
		return EncGB18030
	case "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "x-big5", "cp950",
		"ms950", "windows-950", "big-5":
		return EncBig5
	case "utf-16", "utf-16le", "utf16", "utf16le", "unicode", "ucs-2", "csunicode",
		"iso-10646-ucs-2", "unicodefeff":
		return EncUTF16LE
	case "utf-16be", "utf16be", "unicodefffe":
		return EncUTF16BE
	}
	return ""
}

var bomUTF8 = []byte{0xEF, 0xBB, 0xBF}

func decode(data []byte, declared string) (decoded, error) {
	if len(data) == 0 {
		return decoded{enc: EncUTF8, source: SourceDetected, conf: 1}, nil
	}

	// 1. Byte order marks.
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		body := data[len(bomUTF8):]
		if isBinary(body) {
			return decoded{}, rejectBinary()
		}
		text, _ := decodeUTF8(body)
		return decoded{text, EncUTF8, SourceBOM, 1}, nil
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		return decodeUTF16With(data[2:], EncUTF16LE, SourceBOM, 1)
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		return decodeUTF16With(data[2:], EncUTF16BE, SourceBOM, 1)
	}

	// 2a. A declared UTF-16 is honoured only when the bytes look like it:
	// an ASCII-compatible page read as UTF-16 turns into CJK-looking noise.
	if declared == EncUTF16LE || declared == EncUTF16BE {
		if guessUTF16(data) == declared || plausibleUTF16(data, declared) {
			return decodeUTF16With(data, declared, SourceDeclared, 0.9)
		}
		declared = ""
	}
	// BOM-less UTF-16 would otherwise be rejected as binary (half of its
	// bytes are NUL for Latin text).
	if enc := guessUTF16(data); enc != "" {
		d, err := decodeUTF16With(data, enc, SourceDetected, 0.8)
		if err == nil {
			return d, nil
		}
	}

	if isBinary(data) {
		return decoded{}, rejectBinary()
	}

	// Pure ASCII reads the same in every supported encoding.
	if isASCII(data) {
		d := decoded{text: string(data), enc: EncUTF8, source: SourceDetected, conf: 1}
		if declared != "" {
			d.enc, d.source = declared, SourceDeclared
		}
		return d, nil
	}

	validUTF8 := utf8.Valid(data[:len(data)-incompleteUTF8Tail(data)])

	// 2b. Declared UTF-8 that is valid needs no further thought.
	if declared == EncUTF8 && validUTF8 {
		text, _ := decodeUTF8(data)
		return decoded{text, EncUTF8, SourceDeclared, 1}, nil
	}

	sample := data
	if len(sample) > scoreSample {
		sample = sample[:scoreSample]
	}
	cands := []*candidate{
		newCandidate(EncUTF8, sample),
		newCandidate(EncGB18030, sample),
		newCandidate(EncBig5, sample),
	}
	byEnc := func(enc string) *candidate {
		for _, c := range cands {
			if c.enc == enc {
				return c
			}
		}
		return nil
	}

	var win *candidate
	source := SourceDetected
	conf := 0.0

	// 2c. A declared GB or Big5 label stands unless another reading is
	// clearly better (typically: the page was re-saved as UTF-8 or is Big5
	// but kept its old <meta>).
	if d := byEnc(declared); d != nil && declared != EncUTF8 {
		best := bestCandidate(cands, d)
		switch {
		case d.errors == 0 && !(best != d && best.errors == 0 && best.score > d.score+0.3 && d.score < 0.5):
			win, source = d, SourceDeclared
			conf = 0.95
		case d.errors > 0 && best == d:
			win, source = d, SourceDeclared
			conf = 0.8 * (1 - d.errorShare())
		}
	}

	// 3. Detection.
	if win == nil {
		if validUTF8 {
			win = byEnc(EncUTF8)
			conf = utf8Confidence(win.stats)
			// A handful of GBK bytes can happen to form valid UTF-8
			// ("中文" in GBK is D6D0 CEC4, which UTF-8 reads as two
			// unrelated letters); prefer GB18030 only in that narrow case.
			if gb := byEnc(EncGB18030); win.stats.nonASCII <= 4 &&
				win.stats.common+win.stats.han+win.stats.punct == 0 &&
				gb.errors == 0 && gb.stats.common > 0 && gb.stats.common+gb.stats.punct == gb.stats.nonASCII {
				win, conf = gb, 0.5
			}
		} else {
			win = bestCandidate(cands, nil)
			conf = detectConfidence(win, cands)
			if win.enc == declared {
				source = SourceDeclared
			}
		}
	}

	if win.errors > 3 && win.errorShare() > 0.05 {
		return decoded{}, rejectEncoding()
	}

	text := win.text
	if len(sample) < len(data) {
		text, _ = decodeAs(win.enc, data)
	}
	return decoded{text, win.enc, source, clamp01(conf)}, nil
}

type candidate struct {
	enc    string
	text   string
	errors int // U+FFFD produced by the decoder, not counting a dropped truncated tail
	stats  charStats
	score  float64
}

func newCandidate(enc string, data []byte) *candidate {
	text, errs := decodeAs(enc, data)
	st := statsOf(text)
	return &candidate{enc: enc, text: text, errors: errs, stats: st, score: st.score()}
}

func (c *candidate) errorShare() float64 {
	if c.stats.nonASCII == 0 {
		return 0
	}
	return float64(c.errors) / float64(c.stats.nonASCII)
}

// bestCandidate returns the highest-scoring candidate; ties go to the one
// listed first (UTF-8, then GB18030, then Big5) unless prefer ties.
func bestCandidate(cands []*candidate, prefer *candidate) *candidate {
	best := prefer
	for _, c := range cands {
		if best == nil || c.score > best.score+1e-9 {
			best = c
		}
	}
	return best
}

func utf8Confidence(s charStats) float64 {
	if s.nonASCII == 0 {
		return 1
	}
	n := float64(s.nonASCII)
	return 0.6 + 0.39*min(1, n/20)
}

// detectConfidence combines how Chinese the winner looks, how far it is
// ahead of the runner-up and how much evidence there was.
func detectConfidence(win *candidate, cands []*candidate) float64 {
	second := -2.0
	for _, c := range cands {
		if c != win && c.score > second {
			second = c.score
		}
	}
	quality := clamp01((win.score - 0.2) / 0.45)
	margin := clamp01((win.score - second) / 0.4)
	n := float64(win.stats.nonASCII)
	damp := n / (n + 5)
	return 0.05 + 0.94*quality*(0.5+0.5*margin)*damp
}

func clamp01(v float64) float64 {
	switch {
	case v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}

// decodeAs decodes data with one of the ASCII-compatible encodings and
// returns the text and the number of replacement characters produced. An
// incomplete multi-byte sequence at the very end is dropped, not replaced.
func decodeAs(enc string, data []byte) (string, int) {
	switch enc {
	case EncGB18030:
		return transformAll(simplifiedchinese.GB18030.NewDecoder(), data)
	case EncBig5:
		return transformAll(traditionalchinese.Big5.NewDecoder(), data)
	default:
		return decodeUTF8(data)
	}
}

// decodeUTF8 copies data, replacing each invalid byte with U+FFFD and
// dropping an incomplete sequence at the end.
func decodeUTF8(data []byte) (string, int) {
	data = data[:len(data)-incompleteUTF8Tail(data)]
	if utf8.Valid(data) {
		return string(data), 0
	}
	var b strings.Builder
	b.Grow(len(data) + 16)
	errs := 0
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			errs++
		}
		b.WriteRune(r)
		data = data[size:]
	}
	return b.String(), errs
}

// incompleteUTF8Tail returns how many bytes at the end of data start a
// UTF-8 sequence that the data ends before completing.
func incompleteUTF8Tail(data []byte) int {
	for i := 1; i <= 3 && i <= len(data); i++ {
		c := data[len(data)-i]
		if c < 0x80 {
			return 0
		}
		if c >= 0xC0 { // a lead byte
			if utf8.FullRune(data[len(data)-i:]) {
				return 0
			}
			return i
		}
	}
	return 0
}

var errNoProgress = errors.New("extract: decoder made no progress")

// transformAll runs a decoder over all of src without the atEOF flag, so
// that a truncated final sequence is reported as ErrShortSrc and can be
// dropped instead of becoming U+FFFD. It returns the text and the number of
// U+FFFD in it, each of which marks a byte sequence the decoder rejected.
func transformAll(t transform.Transformer, src []byte) (string, int) {
	out := make([]byte, 0, len(src)+len(src)/2+16)
	var buf [8192]byte
	for len(src) > 0 {
		nDst, nSrc, err := t.Transform(buf[:], src, false)
		out = append(out, buf[:nDst]...)
		src = src[nSrc:]
		switch {
		case err == nil:
			continue
		case errors.Is(err, transform.ErrShortDst):
			if nDst == 0 && nSrc == 0 {
				panic(errNoProgress) // cannot happen with an 8 KB buffer; guard turns it into a Rejection
			}
		case errors.Is(err, transform.ErrShortSrc):
			if nSrc == 0 && len(src) > 4 {
				panic(errNoProgress)
			}
			if len(src) <= 4 {
				src = nil // truncated tail: dropped
			}
		default:
			panic(err)
		}
	}
	return string(out), bytes.Count(out, []byte("\uFFFD"))
}

// decodeUTF16With decodes BOM-less UTF-16 and rejects it when the result
// is binary.
func decodeUTF16With(data []byte, enc, source string, conf float64) (decoded, error) {
	order := unicode.LittleEndian
	if enc == EncUTF16BE {
		order = unicode.BigEndian
	}
	text, errs := transformAll(unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder(), data)
	if isBinaryText(text) {
		return decoded{}, rejectBinary()
	}
	if errs > 0 {
		st := statsOf(text)
		if st.nonASCII > 0 {
			conf *= 1 - float64(errs)/float64(st.nonASCII)
		}
	}
	return decoded{text, enc, source, clamp01(conf)}, nil
}

// plausibleUTF16 checks a declared UTF-16 that has too little ASCII for
// guessUTF16 to see (a page of Chinese only): the decoding must be clean
// and read like Chinese. ASCII-compatible text read as UTF-16 pairs up
// bytes into random ideographs and scores far lower.
func plausibleUTF16(data []byte, enc string) bool {
	if len(data)%2 != 0 {
		return false
	}
	order := unicode.LittleEndian
	if enc == EncUTF16BE {
		order = unicode.BigEndian
	}
	sample := data[:min(len(data), scoreSample)]
	text, errs := transformAll(unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder(), sample)
	if errs > 0 || isBinaryText(text) {
		return false
	}
	return statsOf(text).score() >= 0.5
}

// guessUTF16 recognises BOM-less UTF-16 with a fair amount of ASCII by the
// NUL bytes that fill every other position.
func guessUTF16(data []byte) string {
	n := min(len(data), 4096) &^ 1
	if n < 8 {
		return ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 >= pairs*3 && even*20 < pairs:
		return EncUTF16LE
	case even*10 >= pairs*3 && odd*20 < pairs:
		return EncUTF16BE
	}
	return ""
}

func isASCII(data []byte) bool {
	for _, c := range data {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isControlByte(c byte) bool {
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F
}

// isBinary reports whether more than 1% of the bytes are NUL or other
// control bytes that do not occur in text. In GB18030, Big5 and UTF-8
// these bytes never occur inside a multi-byte character.
func isBinary(data []byte) bool {
	n := 0
	for _, c := range data {
		if isControlByte(c) {
			n++
		}
	}
	return n*100 > len(data)
}

func isBinaryText(s string) bool {
	n, total := 0, 0
	for _, r := range s {
		total++
		if r < 0x80 && isControlByte(byte(r)) {
			n++
		}
	}
	return n*100 > total
}
