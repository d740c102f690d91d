package indexer

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/xxgk-archive/archive/indexer/classify"
	"github.com/xxgk-archive/archive/indexer/extract"
	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
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
	published   string
	department  string
	author      string
	docNumber   string   // zh.NormalizeDocNumber form
	indexNumber string   // NormalizeIndexNumber form
	columns     []string // 公开类别/所属栏目, then the breadcrumb, most specific first
}

// sniffHead is how much of a page's text its labelled metadata is looked
// for in: CMS pages put it above the article.
const sniffHead = 3000

// label builds a regexp for a metadata label that CMS templates often
// space out for alignment (索 引 号, 文　　号): any spaces between the
// characters are allowed.
func label(words ...string) string {
	alts := make([]string, len(words))
	for i, w := range words {
		rs := []rune(w)
		parts := make([]string, len(rs))
		for j, r := range rs {
			parts[j] = regexp.QuoteMeta(string(r))
		}
		alts[i] = strings.Join(parts, `[ \t\x{3000}]*`)
	}
	return `(?:` + strings.Join(alts, "|") + `)[ \t\x{3000}]*[:：][ \t\x{3000}]*`
}

var (
	pubLabel = regexp.MustCompile(label("发布时间", "发布日期", "发文日期", "成文日期", "印发日期", "生成日期",
		"发稿时间", "发表时间", "日期", "时间") + `(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})`)
	srcLabel = regexp.MustCompile(label("信息来源", "来源", "发布单位", "发布部门", "发布机构", "发文机关",
		"发文单位", "责任部门", "供稿单位") + `([\p{Han}（）()]{2,30})`)
	authorLabel = regexp.MustCompile(label("作者", "撰稿人", "撰稿", "供稿人", "文字") + `([\p{Han}·A-Za-z]{2,20})`)
	docNoLabel  = regexp.MustCompile(label("发文字号", "文号", "文件编号", "发文编号") + `([^\s\x{3000}:：]{2,40})`)
	// docNoEnd ends a 文号 at its 号 when the next label follows without
	// a space: 清大校发〔2018〕12号索引号：….
	docNoEnd   = regexp.MustCompile(`^.*?[0-9０-９]\s*号`)
	indexLabel = regexp.MustCompile(label("信息索引号", "索引号") +
		`([0-9A-Za-z０-９Ａ-Ｚａ-ｚ][0-9A-Za-z０-９Ａ-Ｚａ-ｚ\-－—/／_.．·]{3,60})`)
	columnLabel = regexp.MustCompile(label("公开类别", "所属栏目", "信息类别", "所属类别", "主题分类", "栏目") +
		`([\p{Han}/／、·]{2,30})`)
	closeDate = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$`)
	// bareDocNumber is a 文号 standing alone on a line of the header, as
	// official documents (公文) print it under their title:
	// 清大校发〔2018〕12号.
	bareDocNumber = regexp.MustCompile(`^[\p{Han}A-Za-z]{1,20}\s*[〔\[(（【［〖]\s*[0-9０-９]{4}\s*[〕\])）】］〗]\s*第?\s*[0-9０-９]{1,6}\s*号$`)
)

// stopLabels end a value that runs into the next label when a template
// leaves no space between them: 来源：教务处作者：张三.
var stopLabels = []string{"作者", "来源", "发布", "时间", "日期", "点击", "浏览", "阅读", "访问", "编辑",
	"审核", "责任", "撰稿", "摄影", "字号", "分享", "打印", "关闭"}

func cutAtLabel(v string) string {
	for _, l := range stopLabels {
		if i := strings.Index(v, l); i > 0 {
			v = v[:i]
		}
	}
	return strings.TrimSpace(v)
}

// orgSuffixes end the name of a body that can publish a disclosure; a
// 来源 that ends otherwise (本站, 新华社, 人民日报, 中国教育新闻网) is a
// news source, not a department.
var orgSuffixes = []string{"处", "部", "室", "办", "院", "系", "中心", "馆", "会", "委", "局", "厅", "所",
	"团", "组", "科", "队", "校", "大学", "司", "公司", "集团", "医院", "办公室", "委员会", "研究院"}

func looksLikeDepartment(v string) bool {
	if utf8.RuneCountInString(v) < 2 || v == "本站" || v == "本网" {
		return false
	}
	for _, s := range orgSuffixes {
		if strings.HasSuffix(v, s) {
			return true
		}
	}
	return false
}

// sniff finds a page's metadata in its text: labelled 发布时间, 来源/发布单位,
// 作者, 文号, 索引号 and 公开类别 lines near the top, else the date that closes
// the notice (落款), and a 文号 standing alone on a header line. Explicit
// metadata always overrides what is found here.
func sniff(text string) extracted {
	var e extracted
	head := text
	if len(head) > sniffHead {
		head = head[:sniffHead]
		for !utf8.RuneStart(head[len(head)-1]) && len(head) > 1 {
			head = head[:len(head)-1]
		}
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
	for _, m := range srcLabel.FindAllStringSubmatch(head, 4) {
		if v := cutAtLabel(m[1]); looksLikeDepartment(v) {
			e.department = v
			break
		}
	}
	if m := authorLabel.FindStringSubmatch(head); m != nil {
		e.author = cutAtLabel(m[1])
	}
	for _, m := range docNoLabel.FindAllStringSubmatch(head, 4) {
		v := m[1]
		if end := docNoEnd.FindString(v); end != "" {
			v = end
		}
		if v := NormalizeDocNumber(v); v != "" {
			e.docNumber = v
			break
		}
	}
	if e.docNumber == "" {
		for i, line := range strings.SplitN(head, "\n", 12) {
			if i == 11 {
				break
			}
			if line = strings.TrimSpace(line); bareDocNumber.MatchString(line) {
				e.docNumber = NormalizeDocNumber(line)
				break
			}
		}
	}
	if m := indexLabel.FindStringSubmatch(head); m != nil {
		e.indexNumber = NormalizeIndexNumber(m[1])
	}
	if m := columnLabel.FindStringSubmatch(head); m != nil {
		if v := cutAtLabel(m[1]); v != "" {
			e.columns = append(e.columns, v)
		}
	}
	return e
}

// NormalizeDocNumber returns the canonical form of a 文号 found on a page
// (see zh.NormalizeDocNumber: 〔2018〕, [2018], （2018）, 【2018】 and
// full-width digits all become 〔2018〕), or "" for a value that is no
// number at all (无, —).
func NormalizeDocNumber(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsFunc(s, unicode.IsDigit) {
		return ""
	}
	return zh.NormalizeDocNumber(s)
}

// NormalizeIndexNumber returns the canonical form of a 索引号: full-width
// letters and digits made ASCII, dashes and slashes unified, spaces
// removed, letters upper case (the last character of a 统一社会信用代码
// prefix is a check letter, printed upper case), or "" for a value with no
// digit.
func NormalizeIndexNumber(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case r == '－' || r == '—' || r == '–' || r == '‐' || r == '―':
			r = '-'
		case r == '／':
			r = '/'
		case r == '．':
			r = '.'
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	s = b.String()
	if !strings.ContainsFunc(s, unicode.IsDigit) {
		return ""
	}
	return s
}

// crumbLabel and crumbClass find a page's breadcrumb (当前位置：首页 >>
// 通知公告 >> 正文) in its HTML; the text extractor drops it as chrome, but
// the column it names is the best evidence of the page's category.
var (
	crumbLabel = regexp.MustCompile(`(?:当前位置|您的位置|您现在的位置|你的位置|现在的位置|所在位置|当前栏目)\s*[:：]`)
	crumbClass = regexp.MustCompile(`(?i)<[a-z]+[^>]*\s(?:class|id)\s*=\s*["']?[^"'>]*(?:breadcrumb|crumbs?|position|location|dqwz|weizhi)[^"'>]*["']?[^>]*>`)
	crumbEnd   = regexp.MustCompile(`(?i)</(?:div|td|p|ul|ol|nav|section|header|table)\s*>|<br`)
	tagRe      = regexp.MustCompile(`<[^>]*>`)
	crumbSep   = regexp.MustCompile(`\s*(?:>+|&gt;|»|›|→|＞|/|\||》)\s*`)
)

// crumbHead bounds how far into a page the breadcrumb is looked for.
const crumbHead = 64 << 10

// genericCrumbs name no column.
var genericCrumbs = map[string]bool{"首页": true, "正文": true, "内容": true, "详情": true, "正文内容": true,
	"详细内容": true, "文章内容": true, "当前位置": true, "网站首页": true, "主页": true, "返回": true}

// breadcrumb returns the column names of a page's breadcrumb, deepest
// first, without the generic entries (首页, 正文).
func breadcrumb(page string) []string {
	if len(page) > crumbHead {
		page = page[:crumbHead]
	}
	var seg string
	if loc := crumbLabel.FindStringIndex(page); loc != nil {
		seg = page[loc[1]:]
	} else if loc := crumbClass.FindStringIndex(page); loc != nil {
		seg = page[loc[1]:]
	} else {
		return nil
	}
	if len(seg) > 1500 {
		seg = seg[:1500]
	}
	if loc := crumbEnd.FindStringIndex(seg); loc != nil {
		seg = seg[:loc[0]]
	}
	// Every tag separates entries: a breadcrumb is a row of links, or a
	// list of items, with or without a > between them.
	seg = html.UnescapeString(tagRe.ReplaceAllString(seg, "|"))
	var out []string
	for _, p := range crumbSep.Split(seg, -1) {
		p = strings.Join(strings.Fields(p), "")
		p = strings.TrimRight(strings.TrimLeft(p, "：:"), "：:")
		if p == "" || genericCrumbs[p] || utf8.RuneCountInString(p) > 30 {
			continue
		}
		out = append(out, p)
	}
	slices.Reverse(out)
	if len(out) > 6 {
		out = out[:6]
	}
	return out
}

// sniffResult finds the metadata of an extracted file: in its text, and for
// an HTML page also in its breadcrumb, which extraction drops.
func sniffResult(original []byte, r extract.Result) extracted {
	e := sniff(r.Text)
	if r.Format == extract.FormatHTML {
		if page, _, _, _, err := extract.Decode(original, r.Encoding); err == nil {
			e.columns = append(e.columns, breadcrumb(page)...)
		}
	}
	return e
}

// fillMetadata completes a document's metadata in the documented order of
// precedence (see package classify): what the source gave explicitly is
// already in d; then the run's own options; then what the page declares;
// then what an attachment inherits from its page; then the rules. What is
// still missing stays empty (a category shown as 未分类).
func fillMetadata(d *records.Document, it item, page extracted, opt IngestOptions) {
	if d.Category == "" {
		d.Category = opt.Category
	}
	if d.Department == "" {
		d.Department = opt.Department
	}
	if d.Department == "" {
		d.Department = page.department
	}
	if d.DocNumber == "" {
		d.DocNumber = page.docNumber
	}
	if d.IndexNumber == "" {
		d.IndexNumber = page.indexNumber
	}
	if f := it.fetched; f != nil {
		if d.Category == "" {
			d.Category = f.Inherit["category"]
		}
		if d.Department == "" {
			d.Department = f.Inherit["department"]
		}
		if d.Published == "" {
			d.Published, _ = NormalizeDate(f.Inherit["published"])
		}
	}
	if d.Category != "" && d.Department != "" {
		return
	}
	rules := opt.Rules
	if rules == nil {
		rules = classify.Default()
	}
	dec := rules.Classify(classify.Input{Source: it.source, Title: d.Title, Columns: page.columns})
	if d.Category == "" {
		d.Category = dec.Category
	}
	if d.Department == "" {
		d.Department = dec.Department
	}
}
