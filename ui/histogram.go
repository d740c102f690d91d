package ui

import (
	"strconv"

	"github.com/xxgk-archive/archive/search"
)

// histogram is the year chart of the current results, drawn as inline SVG
// by the template from these precomputed bars (no script, no styles).
type histogram struct {
	Width, Height int
	Bars          []bar
}

type bar struct {
	Year       string
	Count      int
	URL        string
	Active     bool
	X, Y, W, H int
	LabelX     int
	LabelY     int
}

// Chart geometry, in SVG user units.
const (
	barWidth    = 26
	barGap      = 6
	chartHeight = 72
	labelHeight = 16
	// maxYearSpan keeps a chart with one stray year (a 1987 regulation in
	// a 2015–2025 archive) from drawing forty empty years.
	maxYearSpan = 40
)

// newHistogram draws one bar per year from the oldest to the newest year of
// the results, empty years included, so gaps in publication show. Clicking
// a bar filters on that year. Nil when there are fewer than two years.
func newHistogram(years []search.FacetValue, p params) *histogram {
	if len(years) < 2 {
		return nil
	}
	counts := map[int]int{}
	lo, hi, most := 0, 0, 0
	for _, fv := range years {
		y, err := strconv.Atoi(fv.Value)
		if err != nil {
			continue
		}
		counts[y] = fv.Count
		if lo == 0 || y < lo {
			lo = y
		}
		if y > hi {
			hi = y
		}
		most = max(most, fv.Count)
	}
	if most == 0 || hi-lo < 1 {
		return nil
	}
	var list []int
	if hi-lo <= maxYearSpan {
		for y := lo; y <= hi; y++ {
			list = append(list, y)
		}
	} else {
		for y := lo; y <= hi; y++ {
			if _, ok := counts[y]; ok {
				list = append(list, y)
			}
		}
	}
	h := &histogram{Width: len(list)*(barWidth+barGap) - barGap, Height: chartHeight + labelHeight}
	for i, y := range list {
		c := counts[y]
		bh := 0
		if c > 0 {
			bh = max(2, c*chartHeight/most)
		}
		ys := strconv.Itoa(y)
		b := bar{Year: ys, Count: c, Active: p.Year == y,
			X: i * (barWidth + barGap), Y: chartHeight - bh, W: barWidth, H: bh,
			LabelX: i*(barWidth+barGap) + barWidth/2, LabelY: chartHeight + labelHeight - 3}
		if b.Active {
			b.URL = p.with(func(q *params) { q.Year = 0 })
		} else {
			b.URL = p.with(func(q *params) { q.Year = y })
		}
		h.Bars = append(h.Bars, b)
	}
	return h
}
