package checklist

//go:generate go run ./internal/gen -in ../../../shared/data/moe-checklist/checklist.json -out checklist.json

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"github.com/xxgk-archive/archive/records"
)

// Item is one item of the checklist (清单事项).
type Item struct {
	// Code is the stable identifier, "CC-PP" (e.g. 01-06).
	Code string `json:"code"`
	// Number is the MoE's running number (1–50); 0 when an operator's own
	// list gives none.
	Number int    `json:"number"`
	Name   string `json:"name"`
	// Status says how sure the wording is: confirmed, corroborated or
	// recalled (see the data file's note).
	Status      string `json:"status,omitempty"`
	Description string `json:"description,omitempty"`
	// Category is the category the item belongs to.
	Category *Category `json:"-"`
}

// Label is the item as a list shows it: "01-06 信息公开年度报告".
func (it *Item) Label() string { return it.Code + " " + it.Name }

// Category is one of the checklist's categories.
type Category struct {
	Code   string  `json:"code"` // "01"
	Number int     `json:"number"`
	Name   string  `json:"name"`
	Items  []*Item `json:"items"`
}

// List is a checklist: its categories and items, and the rules that file
// records under its items.
type List struct {
	Title          string      `json:"title"`
	Issuer         string      `json:"issuer,omitempty"`
	DocumentNumber string      `json:"document_number,omitempty"`
	NoticeTitle    string      `json:"notice_title,omitempty"`
	Published      string      `json:"published,omitempty"`
	Note           string      `json:"note,omitempty"`
	Categories     []*Category `json:"categories"`
	// Origin names where the list was read from: the embedded data file or
	// an operator's file.
	Origin string `json:"-"`

	items  []*Item
	byCode map[string]*Item
	rules  []Rule
}

//go:embed checklist.json
var defaultJSON []byte

//go:embed rules.txt
var defaultRulesText string

var defaultList = sync.OnceValue(func() *List {
	l, err := Parse("checklist.json（内置）", defaultJSON)
	if err != nil {
		panic("checklist: bad embedded data file: " + err.Error()) // caught by TestDefault
	}
	rules, err := ParseRules("rules.txt", strings.NewReader(defaultRulesText), l)
	if err != nil {
		panic("checklist: bad embedded rules: " + err.Error()) // caught by TestDefault
	}
	l.rules = rules
	return l
})

// Default returns the checklist shipped with the archive, with its rules.
func Default() *List { return defaultList() }

// DefaultJSON returns the embedded data file, as a starting point for an
// operator's own DATA/checklist.json.
func DefaultJSON() []byte { return append([]byte(nil), defaultJSON...) }

// Files an operator may put in the data folder to replace the shipped list.
const (
	OverrideJSON = "checklist.json"
	OverrideText = "checklist.txt"
)

// LoadDir returns the checklist of the data folder dir: DATA/checklist.json
// (the shipped file's format) or DATA/checklist.txt (one line per category
// or item, see ParseText) when present, else the shipped list. An operator's
// list corrects names and descriptions, and may add items; it keeps the
// shipped rules for the codes it still has (the index applies the shipped
// rules).
func LoadDir(dir string) (*List, error) {
	for _, name := range []string{OverrideJSON, OverrideText} {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("checklist: read %s: %w", path, err)
		}
		var l *List
		if name == OverrideJSON {
			l, err = Parse(path, data)
		} else {
			l, err = ParseText(path, strings.NewReader(string(data)))
		}
		if err != nil {
			return nil, err
		}
		for _, r := range Default().rules {
			if _, ok := l.byCode[r.Code]; ok {
				l.rules = append(l.rules, r)
			}
		}
		return l, nil
	}
	return Default(), nil
}

// codePattern is the form of an item code.
var codePattern = regexp.MustCompile(`^[0-9]{2}-[0-9]{2}$`)

// Parse reads a checklist in the data file's JSON form; name is used in
// error messages. Codes must be "CC-PP" and unique.
func Parse(name string, data []byte) (*List, error) {
	var l List
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("checklist: %s 不是有效的清单文件：%w", name, err)
	}
	l.Origin = name
	if err := l.index(); err != nil {
		return nil, fmt.Errorf("checklist: %s：%w", name, err)
	}
	return &l, nil
}

// index links items to their categories and checks codes.
func (l *List) index() error {
	l.items, l.byCode = nil, map[string]*Item{}
	cats := map[string]bool{}
	for _, c := range l.Categories {
		if c == nil || strings.TrimSpace(c.Name) == "" {
			return errors.New("类别缺少名称")
		}
		if c.Code == "" && c.Number > 0 {
			c.Code = fmt.Sprintf("%02d", c.Number)
		}
		if cats[c.Code] {
			return fmt.Errorf("类别编号 %s 重复", c.Code)
		}
		cats[c.Code] = true
		for _, it := range c.Items {
			switch {
			case it == nil || strings.TrimSpace(it.Name) == "":
				return fmt.Errorf("类别 %s 中有事项缺少名称", c.Name)
			case !codePattern.MatchString(it.Code):
				return fmt.Errorf("事项“%s”的编号 %q 应为“类别两位-序号两位”，如 01-06", it.Name, it.Code)
			case l.byCode[it.Code] != nil:
				return fmt.Errorf("事项编号 %s 重复", it.Code)
			}
			it.Category = c
			l.byCode[it.Code] = it
			l.items = append(l.items, it)
		}
	}
	if len(l.items) == 0 {
		return errors.New("清单中没有任何事项")
	}
	return nil
}

// ParseText reads a checklist in the plain-text form an operator may keep
// as DATA/checklist.txt: one category or item a line, # starts a comment.
//
//	01 基本信息
//	01-01 [1] 办学规模、校级领导班子简介及分工…… | 说明（可省略）
//	01-06 信息公开年度报告
//
// A category line is its two-digit code and name; an item line is its code
// (CC-PP), optionally the MoE number in brackets, its name, and optionally
// " | " and a description. Items belong to the category above them; an item
// without a number is numbered by its position in the file.
func ParseText(name string, r io.Reader) (*List, error) {
	l := &List{Title: "高等学校信息公开事项清单", Origin: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var cur *Category
	n := 0
	for lineNo := 1; sc.Scan(); lineNo++ {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		code, rest := line, ""
		if i := strings.IndexAny(line, " \t"); i >= 0 {
			code, rest = line[:i], strings.TrimSpace(line[i+1:])
		}
		fail := func(msg string) error {
			return fmt.Errorf("checklist: %s 第 %d 行：%s", name, lineNo, msg)
		}
		if rest == "" {
			return nil, fail("缺少名称")
		}
		if !strings.Contains(code, "-") {
			num, err := strconv.Atoi(code)
			if err != nil || len(code) != 2 {
				return nil, fail(fmt.Sprintf("类别编号 %q 应为两位数字", code))
			}
			cur = &Category{Code: code, Number: num, Name: rest}
			l.Categories = append(l.Categories, cur)
			continue
		}
		if cur == nil {
			return nil, fail("事项之前应先写它所属的类别行")
		}
		it := &Item{Code: code}
		if strings.HasPrefix(rest, "[") {
			if end := strings.Index(rest, "]"); end > 0 {
				num, err := strconv.Atoi(strings.TrimSpace(rest[1:end]))
				if err != nil {
					return nil, fail(fmt.Sprintf("序号 %q 应为数字", rest[1:end]))
				}
				it.Number, rest = num, strings.TrimSpace(rest[end+1:])
			}
		}
		it.Name, it.Description, _ = strings.Cut(rest, "|")
		it.Name, it.Description = strings.TrimSpace(it.Name), strings.TrimSpace(it.Description)
		n++
		if it.Number == 0 {
			it.Number = n
		}
		cur.Items = append(cur.Items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("checklist: read %s: %w", name, err)
	}
	if err := l.index(); err != nil {
		return nil, fmt.Errorf("checklist: %s：%w", name, err)
	}
	return l, nil
}

// Items returns every item in list order.
func (l *List) Items() []*Item { return l.items }

// Item returns the item with the given code.
func (l *List) Item(code string) (*Item, bool) {
	it, ok := l.byCode[code]
	return it, ok
}

// Rules returns the rules that file records under the list's items.
func (l *List) Rules() []Rule { return l.rules }

var (
	pairPattern   = regexp.MustCompile(`^([0-9]{1,2})\s*[-.．、－—–]\s*([0-9]{1,2})$`)
	numberPattern = regexp.MustCompile(`^第?\s*([0-9]{1,3})\s*项?$`)
)

// Resolve finds the item a person or a manifest means: its code (01-06;
// also 1-6, 1.6), the MoE number (6, 第6项) or its exact name. Full-width
// digits and spaces are tolerated. An unknown value is an EINVALID error.
func (l *List) Resolve(s string) (*Item, error) {
	v := strings.TrimSpace(norm.NFKC.String(s))
	if it, ok := l.byCode[v]; ok {
		return it, nil
	}
	if m := pairPattern.FindStringSubmatch(v); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if it, ok := l.byCode[fmt.Sprintf("%02d-%02d", a, b)]; ok {
			return it, nil
		}
	}
	if m := numberPattern.FindStringSubmatch(v); m != nil {
		n, _ := strconv.Atoi(m[1])
		for _, it := range l.items {
			if it.Number == n {
				return it, nil
			}
		}
	}
	for _, it := range l.items {
		if norm.NFKC.String(it.Name) == v {
			return it, nil
		}
	}
	return nil, records.Errorf(records.EINVALID, "清单中没有事项 %q（可写编号如 01-06、序号如 6，或事项全称）", truncate(s, 40))
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
