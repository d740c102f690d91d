package textdiff

// diff returns a shortest edit script turning a into b: one Op per element
// (Equal consumes one of each, Delete one of a, Insert one of b). It is
// Myers' algorithm in linear space: strip the common ends, find the middle
// snake by searching from both ends at once, recurse on the two halves.
// A region whose edit distance exceeds maxCost is reported as replaced
// whole, which bounds the time on two unrelated long texts.
func diff(a, b []int, maxCost int) []Op {
	d := differ{a: a, b: b, maxCost: maxCost, out: make([]Op, 0, max(len(a), len(b)))}
	d.compare(0, len(a), 0, len(b))
	return d.out
}

type differ struct {
	a, b    []int
	maxCost int
	out     []Op
	v1, v2  []int // scratch for bisect
}

func (d *differ) emit(op Op, n int) {
	for range n {
		d.out = append(d.out, op)
	}
}

func (d *differ) compare(aLo, aHi, bLo, bHi int) {
	pre := 0
	for aLo+pre < aHi && bLo+pre < bHi && d.a[aLo+pre] == d.b[bLo+pre] {
		pre++
	}
	d.emit(Equal, pre)
	aLo, bLo = aLo+pre, bLo+pre
	suf := 0
	for aLo < aHi-suf && bLo < bHi-suf && d.a[aHi-1-suf] == d.b[bHi-1-suf] {
		suf++
	}
	aHi, bHi = aHi-suf, bHi-suf
	switch {
	case aLo == aHi:
		d.emit(Insert, bHi-bLo)
	case bLo == bHi:
		d.emit(Delete, aHi-aLo)
	default:
		x, y, ok := d.bisect(aLo, aHi, bLo, bHi)
		if !ok {
			d.emit(Delete, aHi-aLo)
			d.emit(Insert, bHi-bLo)
		} else {
			d.compare(aLo, x, bLo, y)
			d.compare(x, aHi, y, bHi)
		}
	}
	d.emit(Equal, suf)
}

// bisect finds the middle snake of a[aLo:aHi] against b[bLo:bHi] and
// returns the point (in absolute indexes) where the problem splits in two.
// ok is false when the texts share nothing worth finding within maxCost.
func (d *differ) bisect(aLo, aHi, bLo, bHi int) (x, y int, ok bool) {
	n, m := aHi-aLo, bHi-bLo
	maxD := (n + m + 1) / 2
	if maxD > d.maxCost {
		maxD = d.maxCost
	}
	off := maxD + 1
	size := 2*maxD + 3
	if cap(d.v1) < size {
		d.v1, d.v2 = make([]int, size), make([]int, size)
	}
	v1, v2 := d.v1[:size], d.v2[:size]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	a, b := d.a[aLo:aHi], d.b[bLo:bHi]
	for step := 0; step < maxD; step++ {
		// Forward path.
		for k1 := -step + k1start; k1 <= step-k1end; k1 += 2 {
			i := off + k1
			var x1 int
			if k1 == -step || (k1 != step && v1[i-1] < v1[i+1]) {
				x1 = v1[i+1]
			} else {
				x1 = v1[i-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			v1[i] = x1
			switch {
			case x1 > n:
				k1end += 2 // ran off the right edge
			case y1 > m:
				k1start += 2 // ran off the bottom edge
			case front:
				j := off + delta - k1
				if j >= 0 && j < size && v2[j] != -1 && x1 >= n-v2[j] {
					return aLo + x1, bLo + y1, true
				}
			}
		}
		// Reverse path.
		for k2 := -step + k2start; k2 <= step-k2end; k2 += 2 {
			i := off + k2
			var x2 int
			if k2 == -step || (k2 != step && v2[i-1] < v2[i+1]) {
				x2 = v2[i+1]
			} else {
				x2 = v2[i-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2++
				y2++
			}
			v2[i] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				j := off + delta - k2
				if j >= 0 && j < size && v1[j] != -1 {
					x1 := v1[j]
					y1 := off + x1 - j
					if x1 >= n-x2 {
						return aLo + x1, bLo + y1, true
					}
				}
			}
		}
	}
	return 0, 0, false
}
