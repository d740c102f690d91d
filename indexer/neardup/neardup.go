package neardup

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xxgk-archive/archive/indexer/zh"
)

// Fingerprint is the SimHash of a document's normalised text.
type Fingerprint uint64

// MaxDistance is the largest Hamming distance between the fingerprints of
// two near duplicates. Three bits of 64 is the threshold Manku et al. found
// for web pages; on our notices it separates a repost with a new header
// (0–3 bits) from another notice of the same kind (15 bits and more).
const MaxDistance = 3

// shingle is the length in characters of the overlapping pieces hashed.
const shingle = 4

// MinRunes is the shortest normalised text that gets a fingerprint: a few
// dozen characters make too few shingles for the bits to mean anything,
// and short notices ("放假通知：5月1日至5日放假。") would all look alike.
const MinRunes = 50

// Of returns the fingerprint of text, or false when the text is too short
// to have a meaningful one.
func Of(text string) (Fingerprint, bool) {
	rs := normalise(withoutFrame(text))
	if len(rs) < MinRunes {
		rs = normalise(text)
	}
	if len(rs) < MinRunes {
		return 0, false
	}
	// ones[b] counts the shingles whose hash has bit b set; the bit of
	// the fingerprint is set when more than half do.
	var ones [64]int32
	n := int32(0)
	for i := 0; i+shingle <= len(rs); i++ {
		h := shingleHash(rs[i : i+shingle : i+shingle])
		for b := range 64 {
			ones[b] += int32(h >> b & 1)
		}
		n++
	}
	var fp Fingerprint
	for b := range 64 {
		if 2*ones[b] > n {
			fp |= 1 << b
		}
	}
	return fp, true
}

// Distance is the number of bits in which two fingerprints differ.
func Distance(a, b Fingerprint) int { return bits.OnesCount64(uint64(a ^ b)) }

// frameLines and frameRunes describe a notice's frame: the title and
// header lines (发布时间、来源、点击数) above the text and the signature and
// date (落款) below it are short lines at either end. They are exactly what
// a repost changes, so they are left out of the fingerprint.
const (
	frameLines = 4
	frameRunes = 40
)

// withoutFrame drops the short lines among the first and last frameLines
// non-empty lines of text.
func withoutFrame(text string) string {
	var lines []string
	for l := range strings.Lines(text) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	var b strings.Builder
	for i, l := range lines {
		atEdge := i < frameLines || i >= len(lines)-frameLines
		if atEdge && utf8.RuneCountInString(l) <= frameRunes {
			continue
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// normalise keeps the letters and digits of the archive's normalised text
// (NFKC, simplified characters, lower case).
func normalise(text string) []rune {
	text = zh.Normalize(text)
	out := make([]rune, 0, len(text)/2)
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, r)
		}
	}
	return out
}

// shingleHash hashes four characters (21 bits each) into 64 bits. The
// fingerprint is stored, so this function must never change; a change
// needs a new fingerprint version.
func shingleHash(s []rune) uint64 {
	h := mix(uint64(s[0])<<42 | uint64(s[1])<<21 | uint64(s[2]))
	return mix(h ^ uint64(s[3])*0x9e3779b97f4a7c15)
}

// mix is the SplitMix64 finaliser: SimHash needs every bit of a shingle's
// hash to be a fair coin.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
