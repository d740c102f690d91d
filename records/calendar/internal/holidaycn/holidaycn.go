// Package holidaycn turns the yearly JSON files of China's holiday notices
// (the holiday-cn format kept in ../shared/data/holidays-cn) into the text
// calendar that package calendar embeds. It is shared by the generator and by
// the test that checks the embedded file is what the generator would write.
package holidaycn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// yearFile is one year's notice: each listed day is off (isOffDay) or a
// make-up working day.
type yearFile struct {
	Year   int      `json:"year"`
	Papers []string `json:"papers"`
	Days   []struct {
		Name     string `json:"name"`
		Date     string `json:"date"`
		IsOffDay bool   `json:"isOffDay"`
	} `json:"days"`
}

// header explains the format to the operator who opens the file.
const header = `# 中国大陆工作日历：国务院办公厅历年放假安排通知（法定节假日与调休）
#
# 本文件由 go generate 根据 ../shared/data/holidays-cn 生成（数据来源 NateScarlet/holiday-cn，MIT 许可），
# 请勿手工修改；新增年份或更正某一天，请写入数据目录下的 holidays.txt（格式相同，逐日覆盖本文件）。
#
# 格式（# 之后为注释）：
#   year 2025 依据          声明已完整收录该年的放假通知；其后的日期行出自该通知
#   2025-10-01 off 名称     放假：不是工作日（即使是周一至周五）；off 也可写作“休”
#   2025-09-28 work 名称    调休上班：是工作日（即使是周六、周日）；work 也可写作“班”
# 未列出的日期：周一至周五上班，周六、周日休息。
# 日期落在未声明（year 行）的年份时，计算期限会报错，而不是悄悄按普通周末推算。
`

// Convert reads every <year>.json in dir and returns the calendar text.
// A year whose file lists no day and no notice (the notice is not out yet)
// is written as a comment, so it stays uncovered.
func Convert(dir string) ([]byte, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: 没有 *.json 文件", dir)
	}
	var years []yearFile
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var y yearFile
		if err := json.Unmarshal(b, &y); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if y.Year == 0 {
			return nil, fmt.Errorf("%s: 缺少 year", name)
		}
		years = append(years, y)
	}
	slices.SortFunc(years, func(a, b yearFile) int { return a.Year - b.Year })

	var buf bytes.Buffer
	buf.WriteString(header)
	seen := map[string]int{}
	for _, y := range years {
		buf.WriteString("\n")
		if len(y.Days) == 0 && len(y.Papers) == 0 {
			fmt.Fprintf(&buf, "# %d 年：数据中尚无国务院办公厅放假通知，未收录。\n", y.Year)
			continue
		}
		fmt.Fprintf(&buf, "year %d %s\n", y.Year, strings.Join(y.Papers, " "))
		days := slices.Clone(y.Days)
		slices.SortStableFunc(days, func(a, b struct {
			Name     string `json:"name"`
			Date     string `json:"date"`
			IsOffDay bool   `json:"isOffDay"`
		}) int {
			return strings.Compare(a.Date, b.Date)
		})
		for _, d := range days {
			t, err := time.Parse(time.DateOnly, d.Date)
			if err != nil {
				return nil, fmt.Errorf("%d.json: 日期 %q: %w", y.Year, d.Date, err)
			}
			if prev, dup := seen[d.Date]; dup {
				return nil, fmt.Errorf("%d.json: 日期 %s 已在 %d.json 列出", y.Year, d.Date, prev)
			}
			seen[d.Date] = y.Year
			kind := "work"
			if d.IsOffDay {
				kind = "off"
			}
			name := strings.Join(strings.Fields(d.Name), "")
			if strings.Contains(name, "#") {
				return nil, fmt.Errorf("%d.json: %s 的名称 %q 含有注释符 #", y.Year, d.Date, d.Name)
			}
			fmt.Fprintf(&buf, "%s %-4s %s  # %s\n", d.Date, kind, name, weekdays[t.Weekday()])
		}
	}
	return buf.Bytes(), nil
}

var weekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}
