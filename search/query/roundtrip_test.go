package query

import (
	"reflect"
	"strings"
	"testing"
)

// TestRoundTripExhaustive checks the round-trip property on every string of
// up to four pieces from a small alphabet of troublesome fragments. (Six
// pieces, 47 million strings, also passed when this was written.)
func TestRoundTripExhaustive(t *testing.T) {
	alpha := []string{"a", " ", "(", ")", "-", `"`, "|", "OR", "NOT", "AND", "部门:", "year:2019",
		"“", "”", `\`, ":", "（", "date:2019..", "x(y)"}
	const pieces = 4
	idx := make([]int, pieces)
	var b strings.Builder
	for {
		b.Reset()
		for _, i := range idx {
			b.WriteString(alpha[i])
		}
		s := b.String()
		if n, err := Parse(s); err == nil && n != nil {
			c := n.String()
			again, err := Parse(c)
			if err != nil || !reflect.DeepEqual(again, n) {
				t.Fatalf("Parse(%q) = %#v, printed %q, which reads back as %#v, %v", s, n, c, again, err)
			}
		}
		k := 0
		for ; k < pieces; k++ {
			if idx[k]++; idx[k] < len(alpha) {
				break
			}
			idx[k] = 0
		}
		if k == pieces {
			return
		}
	}
}
