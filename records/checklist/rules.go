package checklist

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Rule files records under an item by their title and category: one line
// of rules.txt.
type Rule struct {
	Code string
	// Keywords: the title must contain one of them (none: any title).
	Keywords []string
	// Categories: the record's category must be one of them (none: any).
	Categories []string
	// Exclude: a title containing one of them is not filed by this rule.
	Exclude []string
	// Origin is file:line, to explain a filing.
	Origin string
}

// ParseRules reads a rules file (see rules.txt for the format) for the
// items of l; a rule naming an item l does not have is an error.
func ParseRules(name string, r io.Reader, l *List) ([]Rule, error) {
	var out []Rule
	sc := bufio.NewScanner(r)
	for lineNo := 1; sc.Scan(); lineNo++ {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		fail := func(msg string) error {
			return fmt.Errorf("checklist: 归类规则 %s 第 %d 行：%s", name, lineNo, msg)
		}
		rule := Rule{Code: fields[0], Origin: fmt.Sprintf("%s:%d", name, lineNo)}
		if _, ok := l.Item(rule.Code); !ok {
			return nil, fail(fmt.Sprintf("清单中没有事项 %s", rule.Code))
		}
		for _, f := range fields[1:] {
			switch {
			case strings.HasPrefix(f, "类别="):
				rule.Categories = append(rule.Categories, alternatives(strings.TrimPrefix(f, "类别="))...)
			case strings.HasPrefix(f, "排除="):
				rule.Exclude = append(rule.Exclude, alternatives(strings.TrimPrefix(f, "排除="))...)
			default:
				rule.Keywords = append(rule.Keywords, alternatives(f)...)
			}
		}
		if len(rule.Keywords) == 0 && len(rule.Categories) == 0 {
			return nil, fail("规则须有标题关键词或“类别=”")
		}
		out = append(out, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("checklist: read %s: %w", name, err)
	}
	return out, nil
}

// alternatives splits "a|b|c" and folds each part.
func alternatives(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = fold(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// fold is how titles, categories and rule words are compared: NFKC
// (full-width letters and digits to ASCII), lower case, no spaces.
func fold(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Join(strings.Fields(s), "")
}

func (r *Rule) matches(title, category string) bool {
	if len(r.Categories) > 0 && !containsEqual(r.Categories, category) {
		return false
	}
	for _, x := range r.Exclude {
		if strings.Contains(title, x) {
			return false
		}
	}
	if len(r.Keywords) == 0 {
		return true
	}
	for _, k := range r.Keywords {
		if strings.Contains(title, k) {
			return true
		}
	}
	return false
}

func containsEqual(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Classify returns the code of the item the rules file a record under, by
// its title and category, or "" when no rule applies.
func (l *List) Classify(title, category string) string {
	code, _ := l.Explain(title, category)
	return code
}

// Explain is Classify, also naming the rule that decided (file:line).
func (l *List) Explain(title, category string) (code, origin string) {
	t, c := fold(title), fold(category)
	for i := range l.rules {
		if l.rules[i].matches(t, c) {
			return l.rules[i].Code, l.rules[i].Origin
		}
	}
	return "", ""
}
