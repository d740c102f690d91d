package indexer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xxgk-archive/archive/indexer/zh"
)

var dateForms = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`)

// NormalizeDate reads the date forms found in manifests and pages
// (2019-03-12, 2019/3/12, 2019.3.12, 2019年3月12日, full-width digits,
// 2019-03-12T08:00:00+08:00, 20190312) and returns YYYY-MM-DD.
func NormalizeDate(s string) (string, error) {
	s = strings.TrimSpace(zh.Normalize(s))
	if len(s) == 8 {
		if _, err := strconv.Atoi(s); err == nil {
			s = s[:4] + "-" + s[4:6] + "-" + s[6:]
		}
	}
	m := dateForms.FindStringSubmatch(s)
	if m == nil {
		return "", fmt.Errorf("unrecognised date %q", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return "", fmt.Errorf("no such day %q", s)
	}
	return t.Format("2006-01-02"), nil
}

// extracted is metadata found in a page's own text.
type extracted struct {
	published  string
	department string
}

var (
	pubLabel  = regexp.MustCompile(`(?:发布时间|发布日期|发文日期|成文日期|日期|时间)\s*[:：]\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})`)
	srcLabel  = regexp.MustCompile(`(?:来源|发布单位|发布部门|发布机构)\s*[:：]\s*([\p{Han}（）()]{2,20})`)
	closeDate = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$`)
)

// sniff finds a publication date and a source department in a page's text:
// a labelled 发布时间/来源 line near the top, else the date that closes the
// notice (落款). Explicit metadata always overrides what is found here.
func sniff(text string) extracted {
	var e extracted
	head := text
	if len(head) > 2000 {
		head = head[:2000]
	}
	if m := pubLabel.FindStringSubmatch(head); m != nil {
		e.published, _ = NormalizeDate(m[1])
	}
	if e.published == "" {
		tail := strings.TrimSpace(text)
		if len(tail) > 400 {
			tail = tail[len(tail)-400:]
		}
		if m := closeDate.FindStringSubmatch(tail); m != nil {
			e.published, _ = NormalizeDate(m[1] + "-" + m[2] + "-" + m[3])
		}
	}
	if m := srcLabel.FindStringSubmatch(head); m != nil {
		e.department = m[1]
	}
	return e
}
