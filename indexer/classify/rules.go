package classify

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"

	"github.com/xxgk-archive/archive/indexer/zh"
)

// Unclassified is how a record without a category is shown and counted.
const Unclassified = "未分类"

// Kind is the kind of a rule: what it looks at and what it decides.
type Kind int

// The kinds of rules, in the order the category kinds are tried.
const (
	Dept     Kind = iota // host label or folder → department
	Column               // column name contains → category
	Section              // host label or folder → category
	Title                // title contains → category
	Fallback             // title contains → category, last resort
)

var kindNames = map[string]Kind{
	"dept": Dept, "部门": Dept,
	"column": Column, "栏目": Column,
	"section": Section, "路径": Section,
	"title": Title, "标题": Title,
	"fallback": Fallback, "兜底": Fallback,
}

func (k Kind) String() string {
	return [...]string{"dept", "column", "section", "title", "fallback"}[k]
}

// Rule is one line of a rules file.
type Rule struct {
	Kind     Kind
	Patterns []string // alternatives, folded (see fold)
	Value    string   // the department or category decided
	Origin   string   // file:line, to explain a decision
}

// Rules is an ordered list of rules; the zero value decides nothing. A
// *Rules is safe for concurrent use.
type Rules struct {
	rules []Rule
}

//go:embed rules.txt
var defaultText string

var defaultRules = sync.OnceValue(func() *Rules {
	r, err := Parse("rules.txt", strings.NewReader(defaultText))
	if err != nil {
		panic("classify: bad embedded rules: " + err.Error()) // caught by TestDefaultRulesParse
	}
	return r
})

// Default returns the embedded default rules.
func Default() *Rules { return defaultRules() }

// DefaultText returns the text of the embedded rules file, as a starting
// point for an archive's own.
func DefaultText() string { return defaultText }

// Load reads an archive's rules file and puts its rules ahead of the
// defaults (or, if the file has a "reset" line, uses them alone). A missing
// file means the defaults alone.
func Load(file string) (*Rules, error) {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("打开分类规则文件：%w", err)
	}
	defer f.Close()
	own, reset, err := parse(file, f)
	if err != nil {
		return nil, err
	}
	if reset {
		return own, nil
	}
	return &Rules{rules: append(own.rules[:len(own.rules):len(own.rules)], Default().rules...)}, nil
}

// Parse reads a rules file; name is used in error messages and in each
// rule's Origin. A "reset" line is accepted and ignored here (see Load).
func Parse(name string, r io.Reader) (*Rules, error) {
	rs, _, err := parse(name, r)
	return rs, err
}

// ParseError is a malformed line of a rules file.
type ParseError struct {
	File   string
	Line   int
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("分类规则 %s 第 %d 行：%s", e.File, e.Line, e.Reason)
}

func parse(name string, r io.Reader) (*Rules, bool, error) {
	var out Rules
	reset := false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) == 1 && (strings.EqualFold(f[0], "reset") || f[0] == "清空默认规则") {
			reset = true
			continue
		}
		bad := func(format string, args ...any) error {
			return &ParseError{File: name, Line: n, Reason: fmt.Sprintf(format, args...)}
		}
		kind, ok := kindNames[strings.ToLower(f[0])]
		if !ok {
			return nil, false, bad("未知的规则种类 %q（可用 dept、section、column、title、fallback）", f[0])
		}
		if len(f) != 3 {
			return nil, false, bad("应为“种类 匹配词 结果”三项，实际 %d 项", len(f))
		}
		var pats []string
		for _, p := range strings.FieldsFunc(f[1], isAltSep) {
			if p = fold(p); p != "" {
				pats = append(pats, p)
			}
		}
		if len(pats) == 0 {
			return nil, false, bad("缺少匹配词")
		}
		out.rules = append(out.rules, Rule{Kind: kind, Patterns: pats, Value: f[2],
			Origin: fmt.Sprintf("%s:%d", base, n)})
	}
	if err := sc.Err(); err != nil {
		return nil, false, fmt.Errorf("读取分类规则 %s：%w", name, err)
	}
	return &out, reset, nil
}

func isAltSep(r rune) bool { return r == '|' || r == ',' || r == '，' || r == '、' }

// fold is the form patterns and inputs are compared in: the archive's
// normaliser (NFKC, traditional to simplified characters, lower case), so
// 與國立大學簽訂交換學生計劃 matches a rule written 交换学生.
func fold(s string) string {
	return strings.TrimSpace(zh.Normalize(s))
}

// Len returns the number of rules.
func (r *Rules) Len() int {
	if r == nil {
		return 0
	}
	return len(r.rules)
}

// List returns a copy of the rules in the order they are tried.
func (r *Rules) List() []Rule {
	if r == nil {
		return nil
	}
	return append([]Rule(nil), r.rules...)
}

// Input is what the rules look at.
type Input struct {
	// Source is the URL the document was fetched from, or the path of the
	// file it was read from (folders separated by "/").
	Source string
	// Title is the document's title; a site suffix such as
	// "-清源大学信息公开网" is ignored.
	Title string
	// Columns are the column names the page shows, most specific first:
	// its 公开类别 or 所属栏目, then the breadcrumb from the deepest entry
	// up.
	Columns []string
}

// Decision is what the rules decided; a field is empty when no rule did.
type Decision struct {
	Category, Department     string
	CategoryBy, DepartmentBy string // Origin of the deciding rule
}

// Classify applies the rules to one document.
func (r *Rules) Classify(in Input) Decision {
	var d Decision
	if r == nil || len(r.rules) == 0 {
		return d
	}
	parts := sourceParts(in.Source)
	title := fold(MainTitle(in.Title))
	columns := make([]string, 0, len(in.Columns))
	for _, c := range in.Columns {
		if c = fold(c); c != "" {
			columns = append(columns, c)
		}
	}
	if rule := r.firstExact(Dept, parts); rule != nil {
		d.Department, d.DepartmentBy = rule.Value, rule.Origin
	}
	for _, try := range []func() *Rule{
		func() *Rule { return r.firstContained(Column, columns) },
		func() *Rule { return r.firstExact(Section, parts) },
		func() *Rule { return r.firstContained(Title, []string{title}) },
		func() *Rule { return r.firstContained(Fallback, []string{title}) },
	} {
		if rule := try(); rule != nil {
			d.Category, d.CategoryBy = rule.Value, rule.Origin
			break
		}
	}
	return d
}

// firstExact returns the first rule of kind whose pattern equals one of
// parts, trying the parts in order.
func (r *Rules) firstExact(kind Kind, parts []string) *Rule {
	for _, p := range parts {
		for i := range r.rules {
			rule := &r.rules[i]
			if rule.Kind != kind {
				continue
			}
			for _, pat := range rule.Patterns {
				if pat == p {
					return rule
				}
			}
		}
	}
	return nil
}

// firstContained returns the first rule of kind with a pattern contained in
// one of texts, trying the texts in order.
func (r *Rules) firstContained(kind Kind, texts []string) *Rule {
	for _, t := range texts {
		if t == "" {
			continue
		}
		for i := range r.rules {
			rule := &r.rules[i]
			if rule.Kind != kind {
				continue
			}
			for _, pat := range rule.Patterns {
				if strings.Contains(t, pat) {
					return rule
				}
			}
		}
	}
	return nil
}

// sourceParts splits a URL or a path into the names host and folder rules
// match: the host's labels from the left, then the folders from the root
// down. The file name itself is not a part.
func sourceParts(src string) []string {
	src = fold(src)
	var parts []string
	p := src
	if u, err := url.Parse(src); err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
		parts = append(parts, strings.Split(u.Hostname(), ".")...)
		p = u.Path
	} else {
		p = strings.ReplaceAll(p, `\`, "/")
	}
	segs := strings.Split(p, "/")
	if len(segs) > 0 {
		segs = segs[:len(segs)-1] // the file name
	}
	for _, s := range segs {
		if s != "" && s != "." && s != ".." {
			if u, err := url.PathUnescape(s); err == nil {
				s = u
			}
			parts = append(parts, s)
		}
	}
	return parts
}

// siteSeparators split a page title from the site name CMSes append to it.
var siteSeparators = []string{" - ", " | ", " _ ", "——", "--", "-", "_", "|", "｜", "－"}

// siteWords mark the part after a separator as a site name.
var siteWords = []string{"网", "大学", "学院", "学校", "中心", "处", "部", "办公室", "主页", "首页", "门户"}

// MainTitle strips a site name appended to a page title
// ("关于…的通知-清源大学信息公开网" → "关于…的通知"), so that the site's
// name does not decide the category of every page on it.
func MainTitle(t string) string {
	t = strings.TrimSpace(t)
	for _, sep := range siteSeparators {
		i := strings.LastIndex(t, sep)
		if i <= 0 {
			continue
		}
		tail := strings.TrimSpace(t[i+len(sep):])
		if tail == "" || len([]rune(tail)) > 30 {
			continue
		}
		for _, w := range siteWords {
			if strings.HasSuffix(tail, w) {
				return strings.TrimSpace(t[:i])
			}
		}
	}
	return t
}
