package deadline

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// RulesFile is the name of the operator's rule file in the data folder,
// read by LoadRulesDir over the built-in rule sets.
const RulesFile = "rules.txt"

//go:embed rules.txt
var builtinRules []byte

// Rule is one rule set: the law a request is answered under and the
// periods it sets, in working days.
type Rule struct {
	// ID is the short name the rule set is chosen by (高校, 政府).
	ID string
	// Title describes the rule set (高等学校依申请公开).
	Title string
	// Law names the law, in 《》, that every explanation cites.
	Law string
	// Articles names the articles the periods come from, when known.
	Articles string
	// Days is the period to answer, counted from the day after receipt.
	Days int
	// MaxExtension is the longest single extension; 0 forbids extending.
	MaxExtension int
	// CorrectionNotice is the number of working days after receipt within
	// which a 补正 notice must be sent; 0 sets no limit.
	CorrectionNotice int
	// ConsultationExcluded makes the time spent consulting a third party
	// not count towards the period (the clock pauses).
	ConsultationExcluded bool
}

// RuleSet is the rule sets a desk can choose from, with one default. It is
// not changed after it is built.
type RuleSet struct {
	rules []Rule
	def   string
}

// DefaultRules returns the built-in rule sets: 高校 (the default) and 政府.
// It panics if the embedded file does not parse, which a test rules out.
func DefaultRules() *RuleSet { return defaultRules() }

var defaultRules = sync.OnceValue(func() *RuleSet {
	s, err := LoadRules(bytes.NewReader(builtinRules))
	if err != nil {
		panic(fmt.Sprintf("deadline: embedded rules.txt: %v", err))
	}
	return s
})

// LoadRulesDir returns the built-in rule sets overridden by RulesFile in the
// data folder dir, when there is one; a malformed file is an error.
func LoadRulesDir(dir string) (*RuleSet, error) {
	path := filepath.Join(dir, RulesFile)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return DefaultRules(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("读取期限规则: %w", err)
	}
	defer f.Close()
	s, err := LoadRules(f)
	if err != nil {
		return nil, fmt.Errorf("读取期限规则: %s: %w", path, err)
	}
	m := DefaultRules().Merge(s)
	if _, err := m.Rule(""); err != nil {
		return nil, fmt.Errorf("读取期限规则: %s: 默认规则集: %w", path, err)
	}
	return m, nil
}

// Merge returns the rule sets of s with those of o added; a rule set of o
// replaces the one of s with the same ID, and o's default, if it names one,
// wins.
func (s *RuleSet) Merge(o *RuleSet) *RuleSet {
	m := &RuleSet{rules: slices.Clone(s.rules), def: s.def}
	for _, r := range o.rules {
		if i := slices.IndexFunc(m.rules, func(x Rule) bool { return x.ID == r.ID }); i >= 0 {
			m.rules[i] = r
		} else {
			m.rules = append(m.rules, r)
		}
	}
	if o.def != "" {
		m.def = o.def
	}
	return m
}

// Rules returns the rule sets in file order.
func (s *RuleSet) Rules() []Rule { return slices.Clone(s.rules) }

// Default returns the default rule set.
func (s *RuleSet) Default() Rule {
	r, _ := s.Rule("")
	return r
}

// Rule returns the rule set named name: by its ID, or else by its law when
// exactly one rule set's law contains name (政府信息公开条例). An empty name
// is the default.
func (s *RuleSet) Rule(name string) (Rule, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = s.def
		if name == "" && len(s.rules) > 0 {
			name = s.rules[0].ID
		}
	}
	for _, r := range s.rules {
		if r.ID == name {
			return r, nil
		}
	}
	var found []Rule
	for _, r := range s.rules {
		if strings.Contains(r.Law, strings.Trim(name, "《》")) {
			found = append(found, r)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	ids := make([]string, len(s.rules))
	for i, r := range s.rules {
		ids[i] = r.ID
	}
	return Rule{}, fmt.Errorf("没有规则集 %q，可选：%s", name, strings.Join(ids, "、"))
}

// ruleKeys maps the keys of the rule file, in Chinese or English, to the
// field they set.
var ruleKeys = map[string]string{
	"名称": "title", "title": "title",
	"法规": "law", "law": "law",
	"条款": "articles", "articles": "articles",
	"答复期限": "days", "days": "days",
	"最长延长": "max_extension", "max_extension": "max_extension",
	"补正告知期限": "correction_notice", "correction_notice": "correction_notice",
	"征求意见不计入": "consultation_excluded", "consultation_excluded": "consultation_excluded",
}

// LoadRules reads rule sets in the format of the built-in rules.txt:
//
//	默认 = 高校
//	[政府]
//	法规 = 《中华人民共和国政府信息公开条例》
//	答复期限 = 20
//	最长延长 = 20
//	补正告知期限 = 7
//	征求意见不计入 = 是
//
// Errors give the line number. Every rule set needs 法规 and 答复期限.
func LoadRules(r io.Reader) (*RuleSet, error) {
	s := &RuleSet{}
	var cur *Rule
	var curLine int
	seenKey := map[string]int{}
	sectionLine := map[string]int{}
	defLine := 0
	finish := func() error {
		if cur == nil {
			return nil
		}
		if cur.Law == "" {
			return fmt.Errorf("第 %d 行：规则集 [%s] 缺少“法规”", curLine, cur.ID)
		}
		if cur.Days <= 0 {
			return fmt.Errorf("第 %d 行：规则集 [%s] 缺少“答复期限”", curLine, cur.ID)
		}
		s.rules = append(s.rules, *cur)
		return nil
	}
	sc := bufio.NewScanner(r)
	ln := 0
	for sc.Scan() {
		ln++
		line := sc.Text()
		if ln == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("第 %d 行：规则集标题应写成 [简称]", ln)
			}
			id := strings.TrimSpace(line[1 : len(line)-1])
			if id == "" || strings.ContainsAny(id, " \t") {
				return nil, fmt.Errorf("第 %d 行：规则集简称 %q 不能为空或含空格", ln, id)
			}
			if prev, dup := sectionLine[id]; dup {
				return nil, fmt.Errorf("第 %d 行：规则集 [%s] 已在第 %d 行定义", ln, id, prev)
			}
			if err := finish(); err != nil {
				return nil, err
			}
			sectionLine[id] = ln
			cur, curLine = &Rule{ID: id}, ln
			clear(seenKey)
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			k, v, ok = strings.Cut(line, "＝")
		}
		if !ok {
			return nil, fmt.Errorf("第 %d 行：%q 应为“键 = 值”或“[简称]”", ln, line)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if cur == nil {
			if k != "默认" && k != "default" {
				return nil, fmt.Errorf("第 %d 行：%q 应写在某个 [简称] 之下（规则集之前只能写“默认 = 简称”）", ln, k)
			}
			if defLine != 0 {
				return nil, fmt.Errorf("第 %d 行：默认规则集已在第 %d 行指定", ln, defLine)
			}
			s.def, defLine = v, ln
			continue
		}
		field, known := ruleKeys[k]
		if !known {
			return nil, fmt.Errorf("第 %d 行：未知的键 %q（可用：名称、法规、条款、答复期限、最长延长、补正告知期限、征求意见不计入）", ln, k)
		}
		if prev, dup := seenKey[field]; dup {
			return nil, fmt.Errorf("第 %d 行：%q 已在第 %d 行设置", ln, k, prev)
		}
		seenKey[field] = ln
		switch field {
		case "title":
			cur.Title = v
		case "law":
			cur.Law = v
		case "articles":
			cur.Articles = v
		case "days", "max_extension", "correction_notice":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 366 || (field == "days" && n == 0) {
				return nil, fmt.Errorf("第 %d 行：%s 应为工作日数（整数），而不是 %q", ln, k, v)
			}
			switch field {
			case "days":
				cur.Days = n
			case "max_extension":
				cur.MaxExtension = n
			default:
				cur.CorrectionNotice = n
			}
		case "consultation_excluded":
			switch strings.ToLower(v) {
			case "是", "true", "yes":
				cur.ConsultationExcluded = true
			case "否", "false", "no":
				cur.ConsultationExcluded = false
			default:
				return nil, fmt.Errorf("第 %d 行：%s 应为“是”或“否”，而不是 %q", ln, k, v)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("第 %d 行之后: %w", ln, err)
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return s, nil
}
