package zh

import (
	"regexp"
	"strings"
)

// yearBrackets matches a year in any of the bracket styles 文号 are written
// with: 〔2018〕, [2018], (2018), 【2018】, ［2018］, （2018）, 〖2018〗, after
// NFKC has turned the full-width ones into ASCII where it can.
var yearBrackets = regexp.MustCompile(`[\[(【〔〖]\s*(\d{4})\s*[\])】〕〗]`)

// NormalizeDocNumber puts a document number (文号) into one canonical form so
// that 清大校发〔2018〕12号, 清大校发[2018]12号, 清大校发（2018）12号 and
// 清大校发〔２０１８〕１２号 are the same key: normalised text, the year in
// 〔〕, no spaces, and the number without leading zeros (第012号 → 12号).
func NormalizeDocNumber(s string) string {
	s = Normalize(s)
	s = strings.Join(strings.Fields(s), "")
	s = yearBrackets.ReplaceAllString(s, "〔${1}〕")
	s = leadingZeros.ReplaceAllString(s, "〕${1}号")
	return s
}

var leadingZeros = regexp.MustCompile(`〕0+(\d+)号`)
