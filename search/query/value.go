package query

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

type fieldKind int

const (
	fString fieldKind = iota // Field{Name, Value}
	fYear                    // YearRange
	fDate                    // DateRange
)

type fieldDef struct {
	name string // canonical name
	kind fieldKind
}

// fields maps every accepted field name, after NFKC and lower-casing, to
// its definition.
var fields = map[string]fieldDef{
	"类别":           {"category", fString},
	"分类":           {"category", fString},
	"category":     {"category", fString},
	"部门":           {"department", fString},
	"发布部门":         {"department", fString},
	"发布机构":         {"department", fString},
	"department":   {"department", fString},
	"dept":         {"department", fString},
	"文号":           {"doc_number", fString},
	"发文字号":         {"doc_number", fString},
	"doc_number":   {"doc_number", fString},
	"索引号":          {"index_number", fString},
	"index_number": {"index_number", fString},
	"标题":           {"title", fString},
	"title":        {"title", fString},
	"年份":           {"year", fYear},
	"年度":           {"year", fYear},
	"year":         {"year", fYear},
	"日期":           {"date", fDate},
	"发布日期":         {"date", fDate},
	"date":         {"date", fDate},
}

func lookupField(name string) (fieldDef, bool) {
	if name == "" || len(name) > 40 {
		return fieldDef{}, false
	}
	f, ok := fields[strings.ToLower(norm.NFKC.String(name))]
	return f, ok
}

// normValue prepares a year or date value: NFKC (full-width digits and
// punctuation become ASCII) and no white space.
func normValue(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
}

// splitRange splits s at the first of the given separators it contains.
func splitRange(s string, seps ...string) (from, to string, isRange bool) {
	for _, sep := range seps {
		if a, b, ok := strings.Cut(s, sep); ok {
			return a, b, true
		}
	}
	return s, "", false
}

// parseYears reads YYYY, YYYY年, or a range of two of them joined by "..",
// "-", "~" or "至".
func parseYears(raw string, pos int) (Node, *Error) {
	v := normValue(raw)
	a, b, isRange := splitRange(v, "..", "~", "至", "-")
	from, ok1 := year(a)
	to, ok2 := from, true
	if isRange {
		to, ok2 = year(b)
	}
	if !ok1 || !ok2 {
		return nil, &Error{Pos: pos, Msg: fmt.Sprintf(
			"年份格式不正确：第 %d 个字符处的“%s”不是四位数的年份或年份范围（例如 year:2019、年份:2015-2019）", pos+1, raw)}
	}
	if from > to {
		return nil, &Error{Pos: pos, Msg: fmt.Sprintf(
			"年份范围不正确：第 %d 个字符处的起始年份 %d 晚于结束年份 %d", pos+1, from, to)}
	}
	return YearRange{From: from, To: to}, nil
}

func year(s string) (int, bool) {
	s = strings.TrimSuffix(s, "年")
	if len(s) != 4 || s[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, _ := strconv.Atoi(s)
	return n, true
}

var (
	dateCN    = regexp.MustCompile(`^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号]?)?)?$`)
	dateDelim = regexp.MustCompile(`^(\d{4})(?:([-/.])(\d{1,2})(?:([-/.])(\d{1,2}))?)?$`)
)

// parseDates reads a date, a month, a year, or a range of them joined by
// "..", "~" or "至" with either end possibly empty.
func parseDates(raw string, pos int) (Node, *Error) {
	v := normValue(raw)
	a, b, isRange := splitRange(v, "..", "~", "至")
	if !isRange {
		b = a
	}
	if a == "" && b == "" {
		return nil, &Error{Pos: pos, Msg: fmt.Sprintf(
			"日期范围不正确：第 %d 个字符处的“%s”两端都没有日期", pos+1, raw)}
	}
	var r DateRange
	if a != "" {
		from, _, err := period(a, pos)
		if err != nil {
			return nil, err
		}
		r.From = from
	}
	if b != "" {
		_, to, err := period(b, pos)
		if err != nil {
			return nil, err
		}
		r.To = to
	}
	if r.From != "" && r.To != "" && r.From > r.To {
		return nil, &Error{Pos: pos, Msg: fmt.Sprintf(
			"日期范围不正确：第 %d 个字符处的起始日期 %s 晚于结束日期 %s", pos+1, r.From, r.To)}
	}
	return r, nil
}

// period reads one date, month or year and returns its first and last day.
func period(s string, pos int) (first, last string, err *Error) {
	var y, m, d string
	if mm := dateCN.FindStringSubmatch(s); mm != nil {
		y, m, d = mm[1], mm[2], mm[3]
	} else if mm := dateDelim.FindStringSubmatch(s); mm != nil && (mm[4] == "" || mm[4] == mm[2]) {
		y, m, d = mm[1], mm[3], mm[5]
	} else {
		return "", "", &Error{Pos: pos, Msg: fmt.Sprintf(
			"日期格式不正确：第 %d 个字符处的“%s”无法识别（可写作 2019-01-01、2019年1月1日、2019-01 或 2019）", pos+1, s)}
	}
	yy, _ := strconv.Atoi(y)
	if y[0] == '0' {
		return "", "", &Error{Pos: pos, Msg: fmt.Sprintf(
			"日期不正确：第 %d 个字符处的“%s”中年份 %s 不是有效年份", pos+1, s, y)}
	}
	if m == "" {
		return fmt.Sprintf("%04d-01-01", yy), fmt.Sprintf("%04d-12-31", yy), nil
	}
	mo, _ := strconv.Atoi(m)
	if mo < 1 || mo > 12 {
		return "", "", &Error{Pos: pos, Msg: fmt.Sprintf(
			"日期不正确：第 %d 个字符处的“%s”中月份 %s 不存在", pos+1, s, m)}
	}
	days := time.Date(yy, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d == "" {
		return fmt.Sprintf("%04d-%02d-01", yy, mo), fmt.Sprintf("%04d-%02d-%02d", yy, mo, days), nil
	}
	dd, _ := strconv.Atoi(d)
	if dd < 1 || dd > days {
		return "", "", &Error{Pos: pos, Msg: fmt.Sprintf(
			"日期不正确：第 %d 个字符处的“%s”中 %d 月没有 %s 日", pos+1, s, mo, d)}
	}
	day := fmt.Sprintf("%04d-%02d-%02d", yy, mo, dd)
	return day, day, nil
}
