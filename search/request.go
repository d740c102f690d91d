package search

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xxgk-archive/archive/records"
)

// Audience says who is asking; it decides which visibilities are searched.
type Audience int

const (
	// Public is the anonymous public: only public records exist for it.
	Public Audience = iota
	// Staff are signed-in staff and auditors: every record is searched.
	Staff
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

// Limits on a request.
const (
	MaxPageSize  = 100
	DefaultSize  = 10
	MaxPage      = 10000
	MaxQueryLen  = 1000
	maxFacetSize = 200
)

// Request is one search.
type Request struct {
	Query string
	// Facet filters as the user clicked them (exact stored values).
	Category   string
	Department string
	Year       int
	// Checklist is the code of a checklist item (清单事项, 01-06).
	Checklist string
	// Date range on the publication date, YYYY-MM-DD, inclusive; "" = open.
	From, To string
	Sort     string // SortRelevance (default) or SortDate
	Exact    bool
	Page     int // 1-based
	Size     int
	Audience Audience
	// AsOf (YYYY-MM-DD) searches the archive as the public saw it at the
	// end of that day, China Standard Time: the versions then in force that
	// were public and not retracted. Staff only: it can show what has since
	// been retracted.
	AsOf string
	// AllVersions searches every version of every record, past ones and
	// those of deleted records included (staff and auditors). Hits carry
	// their version and link to it.
	AllVersions bool

	asOf time.Time // AsOf as the last instant of that day, set by Normalize
}

// Zone is the time zone an as-of date is read in: the archive's users are
// in China, so 2020-06-01 means that day in Beijing time.
var Zone = time.FixedZone("CST", 8*3600)

// EndOfDay returns the last instant (to the microsecond) of a YYYY-MM-DD
// date in Zone: the moment an as-of search looks at. Document pages can
// pass it to records.Store.AsOf to show the version a search found.
func EndOfDay(date string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", date, Zone)
	if err != nil {
		return time.Time{}, records.Errorf(records.EINVALID, "日期 %q 应为 YYYY-MM-DD 格式", date)
	}
	return t.AddDate(0, 0, 1).Add(-time.Microsecond), nil
}

// Normalize fills defaults and checks limits; the error is an EINVALID
// records.Error whose message can be shown to the user.
func (r *Request) Normalize() error {
	r.Query = strings.TrimSpace(r.Query)
	switch {
	case utf8.RuneCountInString(r.Query) > MaxQueryLen:
		return records.Errorf(records.EINVALID, "检索式过长（超过 %d 个字符）", MaxQueryLen)
	case r.Size < 0 || r.Size > MaxPageSize:
		return records.Errorf(records.EINVALID, "每页条数应在 1 到 %d 之间", MaxPageSize)
	case r.Page < 0 || r.Page > MaxPage:
		return records.Errorf(records.EINVALID, "页码应在 1 到 %d 之间", MaxPage)
	case r.Year != 0 && (r.Year < 1900 || r.Year > 2200):
		return records.Errorf(records.EINVALID, "年份 %d 不合理", r.Year)
	}
	if r.Size == 0 {
		r.Size = DefaultSize
	}
	if r.Page == 0 {
		r.Page = 1
	}
	switch r.Sort {
	case "", SortRelevance:
		r.Sort = SortRelevance
	case SortDate:
	default:
		return records.Errorf(records.EINVALID, "未知的排序方式 %q（可用 relevance、date）", r.Sort)
	}
	for _, d := range []*string{&r.From, &r.To} {
		if *d == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", *d)
		if err != nil {
			return records.Errorf(records.EINVALID, "日期 %q 应为 YYYY-MM-DD 格式", *d)
		}
		*d = t.Format("2006-01-02")
	}
	if r.From != "" && r.To != "" && r.From > r.To {
		return records.Errorf(records.EINVALID, "起始日期 %s 晚于截止日期 %s", r.From, r.To)
	}
	r.asOf = time.Time{}
	if r.AsOf = strings.TrimSpace(r.AsOf); r.AsOf != "" {
		t, err := EndOfDay(r.AsOf)
		if err != nil {
			return err
		}
		r.asOf = t
	}
	switch {
	case r.AsOf != "" && r.Audience != Staff:
		return records.Errorf(records.EINVALID, "按日期回溯检索仅对工作人员开放")
	case r.AllVersions && r.Audience != Staff:
		return records.Errorf(records.EINVALID, "检索全部版本仅对工作人员开放")
	case r.AsOf != "" && r.AllVersions:
		return records.Errorf(records.EINVALID, "按日期回溯与检索全部版本不能同时使用")
	}
	return nil
}

// Result is the answer to a Request.
type Result struct {
	Total  int    `json:"total"`
	Hits   []Hit  `json:"hits"`
	Facets Facets `json:"facets"`
	// Relaxed is set when too few documents had every word and the results
	// also hold documents with most of them (ranked after the others);
	// StrictTotal is then how many had every word.
	Relaxed     bool `json:"relaxed,omitempty"`
	StrictTotal int  `json:"strict_total,omitempty"`
	// Terms are the normalised strings that were highlighted.
	Terms []string      `json:"terms,omitempty"`
	Page  int           `json:"page"`
	Size  int           `json:"size"`
	Took  time.Duration `json:"-"`
}

// Hit is one matching record.
type Hit struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Category   string `json:"category"`
	Department string `json:"department"`
	Published  string `json:"published"`
	// Snippet is HTML: the text around the best matches, escaped, with the
	// matches in <mark>.
	Snippet string `json:"snippet"`
	// TitleHTML is the escaped title with matches in <mark>.
	TitleHTML string `json:"title_html"`
	// URL is /documents/{id}, or /documents/{id}/v/{n} when the search
	// looked at versions (AsOf, AllVersions): the permalink of what was found.
	URL string `json:"url"`
	// Version is the version of the record the hit shows.
	Version    int                `json:"version"`
	DocNumber  string             `json:"doc_number,omitempty"`
	Visibility records.Visibility `json:"visibility"`
	Score      float64            `json:"score"`
	// Matches are the match spans in the body, in runes.
	Matches []Span `json:"matches,omitempty"`
}

// Span is a half-open range of rune offsets.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Facets are the counts of the result set by category, department, year
// and checklist item. Each count ignores that facet's own filter, so a user
// can switch.
type Facets struct {
	Category   []FacetValue `json:"category"`
	Department []FacetValue `json:"department"`
	Year       []FacetValue `json:"year"`
	Checklist  []FacetValue `json:"checklist"`
}

// FacetValue is one value of a facet and how many results have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}
