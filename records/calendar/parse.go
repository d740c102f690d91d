package calendar

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Load reads a calendar in the text format of holidays-cn.txt, which an
// operator can edit with any editor:
//
//	# 注释：以 # 开头的行，或行内空白之后的 # 起至行尾
//	year 2025 https://www.gov.cn/...   声明已完整收录 2025 年的放假通知（其后可写依据）
//	2025-10-01 off 国庆节、中秋节      放假（即使是周一至周五）
//	2025-09-28 work 国庆节、中秋节     调休上班（即使是周六、周日）
//
// off may also be written 休 or 休息, and work 班 or 上班. A date line
// belongs to the year line above it and must fall in that year or next to it
// (a notice can move days in late December or early January). Dates not
// listed are working days Monday to Friday and days off at weekends.
//
// Errors give the line number, so an operator can find a typo at once.
func Load(r io.Reader) (*Calendar, error) {
	c := &Calendar{days: map[Date]entry{}, years: map[int]string{}}
	yearLine := map[int]int{}
	dayLine := map[Date]int{}
	section := 0 // year of the current year line
	sc := bufio.NewScanner(r)
	ln := 0
	for sc.Scan() {
		ln++
		line := sc.Text()
		if ln == 1 {
			line = strings.TrimPrefix(line, "\uFEFF") // a BOM left by Windows Notepad
		}
		line = stripComment(line)
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if fields[0] == "year" || fields[0] == "年份" {
			if len(fields) < 2 {
				return nil, fmt.Errorf("第 %d 行：year 之后应写年份，例如 year 2026", ln)
			}
			y, err := strconv.Atoi(fields[1])
			if err != nil || y < 1949 || y > 9999 {
				return nil, fmt.Errorf("第 %d 行：年份 %q 无效", ln, fields[1])
			}
			if prev, dup := yearLine[y]; dup {
				return nil, fmt.Errorf("第 %d 行：%d 年已在第 %d 行声明", ln, y, prev)
			}
			yearLine[y] = ln
			c.years[y] = strings.Join(fields[2:], " ")
			section = y
			continue
		}
		if len(fields) < 2 {
			return nil, fmt.Errorf("第 %d 行：无法识别 %q，应为“日期 off|work 名称”或“year 年份”", ln, strings.TrimSpace(line))
		}
		d, err := ParseDate(fields[0])
		if err != nil {
			return nil, fmt.Errorf("第 %d 行：%w", ln, err)
		}
		var off bool
		switch fields[1] {
		case "off", "休", "休息":
			off = true
		case "work", "班", "上班":
		default:
			return nil, fmt.Errorf("第 %d 行：%q 应为 off（放假）或 work（调休上班）", ln, fields[1])
		}
		if section == 0 {
			return nil, fmt.Errorf("第 %d 行：日期行之前须有“year 年份”行，声明这些日期出自哪一年的放假通知", ln)
		}
		if d.Year < section-1 || d.Year > section+1 {
			return nil, fmt.Errorf("第 %d 行：日期 %s 不在 %d 年（第 %d 行声明）的通知范围内", ln, d, section, yearLine[section])
		}
		if prev, dup := dayLine[d]; dup {
			return nil, fmt.Errorf("第 %d 行：日期 %s 已在第 %d 行列出", ln, d, prev)
		}
		dayLine[d] = ln
		c.days[d] = entry{off: off, name: strings.Join(fields[2:], " ")}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("第 %d 行之后: %w", ln, err)
	}
	return c, nil
}

// stripComment removes a comment: a line whose first non-blank character
// is #, or a # preceded by a space or tab up to the end of the line.
func stripComment(line string) string {
	if t := strings.TrimSpace(line); strings.HasPrefix(t, "#") {
		return ""
	}
	for i := 1; i < len(line); i++ {
		if line[i] == '#' && (line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}
