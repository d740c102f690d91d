package ui

import (
	"strconv"

	"github.com/xxgk-archive/archive/search"
)

// pager is the page navigation under the results.
type pager struct {
	Current, Last int
	Prev, Next    string
	Pages         []link
}

// pagerWindow is how many page numbers show around the current one.
const pagerWindow = 4

func newPager(p params, total, size int) pager {
	if size <= 0 {
		size = search.DefaultSize
	}
	cur := max(p.Page, 1)
	last := min((total+size-1)/size, search.MaxPage)
	pg := pager{Current: cur, Last: last}
	if last <= 1 {
		return pg
	}
	at := func(n int) string {
		q := p
		q.Page = n
		return q.url()
	}
	if cur > 1 {
		pg.Prev = at(cur - 1)
	}
	if cur < last {
		pg.Next = at(cur + 1)
	}
	lo, hi := max(1, cur-pagerWindow), min(last, cur+pagerWindow)
	for n := lo; n <= hi; n++ {
		pg.Pages = append(pg.Pages, link{Label: strconv.Itoa(n), URL: at(n), Active: n == cur})
	}
	return pg
}
