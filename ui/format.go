package ui

import (
	"html/template"
	"strconv"
	"strings"
	"time"
)

// templateFuncs are the helpers every template may call.
func templateFuncs(a *assets) template.FuncMap {
	return template.FuncMap{
		"asset":     a.url,
		"date":      chineseDate,
		"datetime":  chineseDateTime,
		"count":     groupDigits,
		"spanClass": spanClass,
	}
}

// chineseDate writes YYYY-MM-DD as 2019年3月12日, the form Chinese notices
// use; anything else is returned unchanged ("" stays "").
func chineseDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2006年1月2日")
}

// chineseDateTime writes a time in Beijing time, 2025年3月12日 14:05.
func chineseDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(beijing).Format("2006年1月2日 15:04")
}

// beijing is China Standard Time. A fixed zone, so the server's own zone
// database (or its absence in a minimal container) does not matter.
var beijing = time.FixedZone("CST", 8*3600)

// groupDigits writes a count with thousands separators (12,345), as Chinese
// statistical tables print large figures; counts under 10,000 are unchanged.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	if n < 10000 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
