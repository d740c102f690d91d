package extract

import (
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/atom"
)

// Boilerplate removal. While htmlWalker writes the full text it also
// records an outline: a tree of the elements that can matter (blocks,
// table cells, links, anything with a class, id or role), in document
// order, with the number of visible characters and of link characters in
// each subtree; and the sequence of text pieces and line breaks, each text
// piece tagged with the outline node it belongs to. Once the page is read,
// clean decides which nodes and lines are boilerplate and replays the
// sequence without them through a fresh lineBuilder, so the cleaned text
// has exactly the shape of the full text. See doc.go for the rules.

// elemAttrs are the attributes that classify an element.
type elemAttrs struct {
	class, id, role string
	href            bool
}

type nodeFlags uint16

const (
	// fChromeSure: navigation wherever it appears (<nav>, nav/menu/
	// breadcrumb/share/pager classes …), dropped even inside the article.
	fChromeSure nodeFlags = 1 << iota
	// fChromeMaybe: page chrome unless it sits inside the article
	// (<header>, <footer>, <aside>, <form>, classes header, left, right …).
	fChromeMaybe
	// fContent: marked as the article (<article>, <main>, content,
	// v_news_content, wp_articlecontent, vsb_content, zw …).
	fContent
	// fContentWeak: a bare main/body/text class: never dropped as link
	// clutter, but too common on layout wrappers to mark the article.
	fContentWeak
	// fTitle: <h1>–<h3> or a class/id containing "title".
	fTitle
	// fRootish: <html> or <body>, never the article.
	fRootish
	// fLink: <a href>.
	fLink
	// fBlock: a block element or table cell. Only these are dropped: an
	// inline element named like chrome may be a word of a sentence.
	fBlock
	// The remaining flags describe a whole subtree; finish propagates
	// them to the ancestors.
	fHasContent // holds an fContent node
	fHasMeta    // non-link text with a metadata label (发布时间, 来源 …)
	fHasAttach  // non-link text mentioning 附件
)

const subtreeFlags = fHasContent | fHasMeta | fHasAttach

type docNode struct {
	parent int32
	end    int32 // index of the last node of the subtree (nodes are in document order)
	flags  nodeFlags
	text   int32 // visible characters in the subtree
	link   int32 // of which inside <a href>
	links  int32 // <a href> elements in the subtree
}

type evKind uint8

const (
	evText evKind = iota
	evPre         // text inside <pre>: line breaks are kept
	evEndLine
	evSeparate
)

type event struct {
	kind     evKind
	node     int32
	off, end int // text in outline.arena
}

// outline is the record kept for boilerplate removal. Node 0 is the
// document itself.
type outline struct {
	nodes  []docNode
	events []event
	arena  []byte
}

func newOutline(size int) *outline {
	// Rough shares of a CMS page: a third of the bytes is text, an
	// element or text run every few dozen bytes.
	o := &outline{
		nodes:  make([]docNode, 1, 1+size/64),
		events: make([]event, 0, size/32),
		arena:  make([]byte, 0, size/3),
	}
	o.nodes[0] = docNode{parent: -1, end: -1}
	return o
}

// open adds an element below parent and returns its node.
func (o *outline) open(parent int32, flags nodeFlags) int32 {
	if len(o.nodes) >= math.MaxInt32-1 {
		return parent
	}
	n := docNode{parent: parent, end: -1, flags: flags}
	if flags&fContent != 0 {
		n.flags |= fHasContent
	}
	if flags&fLink != 0 {
		n.links = 1
	}
	o.nodes = append(o.nodes, n)
	return int32(len(o.nodes) - 1)
}

// close ends node id: every node added since belongs to its subtree.
func (o *outline) close(id int32) {
	o.nodes[id].end = int32(len(o.nodes) - 1)
}

// mark records a line end or a table-cell separator. Runs of them with
// no text in between are collapsed as lineBuilder would.
func (o *outline) mark(k evKind) {
	if n := len(o.events); n > 0 {
		last := &o.events[n-1]
		if last.kind == evEndLine || last.kind == evSeparate {
			// A line end wins over a separator on either side of it (a
			// separator right after a line end does nothing), and two
			// of a kind are one.
			if k == evEndLine {
				last.kind = evEndLine
			}
			return
		}
	}
	o.events = append(o.events, event{kind: k})
}

// text records a piece of visible text belonging to node.
func (o *outline) text(node int32, p []byte, pre, link bool) {
	// The labels of the metadata line and of disclosure metadata tables
	// (发布时间, 发布单位, 来源, 作者, 文号, 索引号, 成文日期, 发文字号) and
	// 附件 are recognised by their first two characters.
	visible, labels := 0, nodeFlags(0)
	prev := rune(0)
	for i := 0; i < len(p); {
		r, size := rune(p[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(p[i:])
			switch {
			case prev == '附' && r == '件':
				labels |= fHasAttach
			case prev == '发' && (r == '布' || r == '文'), prev == '来' && r == '源',
				prev == '作' && r == '者', prev == '文' && r == '号',
				prev == '索' && (r == '引' || r == '\u3000'), prev == '成' && r == '文':
				labels |= fHasMeta
			}
		} else if prev == '索' && r == ' ' {
			labels |= fHasMeta // 索 引 号
		}
		prev = r
		i += size
		if !isSpace(r) && !isInvisible(r) && r != '\u2028' && r != '\u2029' {
			visible++
		}
	}
	k := evText
	if pre {
		k = evPre
	}
	if n := len(o.events); n > 0 && o.events[n-1].kind == k && o.events[n-1].node == node && o.events[n-1].end == len(o.arena) {
		o.events[n-1].end += len(p)
	} else {
		o.events = append(o.events, event{kind: k, node: node, off: len(o.arena), end: len(o.arena) + len(p)})
	}
	o.arena = append(o.arena, p...)
	if visible == 0 {
		return
	}
	nd := &o.nodes[node]
	nd.text = satAdd(nd.text, visible)
	if link {
		nd.link = satAdd(nd.link, visible)
		return
	}
	nd.flags |= labels
}

func satAdd(a int32, b int) int32 {
	if s := int64(a) + int64(b); s < math.MaxInt32 {
		return int32(s)
	}
	return math.MaxInt32
}

// finish closes the elements still open at the end of the page and sums
// the counts and subtree flags into the ancestors.
func (o *outline) finish() {
	last := int32(len(o.nodes) - 1)
	for i := range o.nodes {
		if o.nodes[i].end < 0 {
			o.nodes[i].end = last
		}
	}
	for i := len(o.nodes) - 1; i > 0; i-- {
		n, p := &o.nodes[i], &o.nodes[o.nodes[i].parent]
		p.text = satAdd(p.text, int(n.text))
		p.link = satAdd(p.link, int(n.link))
		p.links = satAdd(p.links, int(n.links))
		p.flags |= n.flags & subtreeFlags
	}
}

// Classification of elements.

// classifyElement returns the flags of an element from its tag, role, class and
// id. Class and id decide when they say something; the tag decides
// otherwise.
func classifyElement(a atom.Atom, at elemAttrs) nodeFlags {
	var f, byTag nodeFlags
	switch a {
	case atom.Html, atom.Body:
		// A class on <body> describes the page, not a part of it.
		return fRootish
	case atom.Nav, atom.Menu:
		byTag = fChromeSure
	case atom.Header, atom.Footer, atom.Aside, atom.Form:
		byTag = fChromeMaybe
	case atom.Article, atom.Main:
		byTag = fContent
	case atom.H1, atom.H2, atom.H3:
		f |= fTitle
	case atom.A:
		if at.href {
			f |= fLink
		}
	}
	switch strings.ToLower(strings.TrimSpace(at.role)) {
	case "navigation", "menu", "menubar", "toolbar":
		byTag = fChromeSure
	case "banner", "contentinfo", "complementary", "search":
		byTag = fChromeMaybe
	case "main", "article":
		byTag = fContent
	}
	var tok nodeFlags
	for _, s := range [2]string{at.class, at.id} {
		if s != "" {
			for _, t := range strings.Fields(strings.ToLower(s)) {
				tok |= classifyToken(t)
			}
		}
	}
	switch {
	case tok&fContent != 0:
		f |= fContent
	case tok&fChromeSure != 0:
		f |= fChromeSure
	case tok&fChromeMaybe != 0:
		f |= fChromeMaybe
	default:
		f |= byTag
		if tok&fContentWeak != 0 && byTag&(fChromeSure|fChromeMaybe) == 0 {
			f |= fContentWeak
		}
	}
	return f | tok&fTitle
}

// chromeWhole are class/id values that mean chrome only as a whole token:
// "left" is a sidebar column, but "main-left" or "text-left" may be
// anything.
var chromeWhole = map[string]bool{
	"header": true, "head": true, "footer": true, "foot": true, "side": true,
	"left": true, "right": true, "leftbar": true, "rightbar": true,
	"links": true, "position": true, "location": true, "lm": true,
}

// weakWhole are layout-wrapper names that usually, but not always, hold
// the article.
var weakWhole = map[string]bool{
	"main": true, "body": true, "text": true, "txt": true, "con": true, "cont": true,
}

// contentWords mark the article when they occur anywhere in a token:
// VSB's v_news_content and vsb_content, wp_articlecontent, TRS_Editor,
// article-body, news_detail …
var contentWords = []string{
	"content", "article", "detail", "zhengwen", "neirong", "trs_editor", "unionstyle", "正文",
}

// classifyToken classifies one lower-cased class token or id.
func classifyToken(t string) nodeFlags {
	var f nodeFlags
	if strings.Contains(t, "title") {
		f |= fTitle
	}
	sure, maybe, neutral, content := false, chromeWhole[t], false, false
	for _, p := range strings.FieldsFunc(t, isTokenSep) {
		p = strings.TrimRight(p, "0123456789")
		switch {
		case chromePart(p):
			sure = true
		case p == "header" || p == "footer":
			maybe, neutral = true, true
		case p == "head" || p == "foot":
			neutral = true
		case p == "zw" || p == "zwnr" || p == "wznr":
			content = true
		case p == "bt" || p == "biaoti" || p == "tit" || p == "headline":
			f |= fTitle
		}
	}
	for _, w := range contentWords {
		if strings.Contains(t, w) {
			content = true
			break
		}
	}
	switch {
	case sure:
		f |= fChromeSure // "nav-content", "article-share": navigation
	case content && neutral:
		// "article-header", "footer-content": neither.
	case content:
		f |= fContent
	case maybe:
		f |= fChromeMaybe
	case weakWhole[t]:
		f |= fContentWeak
	}
	return f
}

func isTokenSep(r rune) bool { return r == '-' || r == '_' || r == ':' || r == '.' }

// chromePart reports whether one part of a class token ("left" and "nav"
// in "left_nav") names navigation.
func chromePart(p string) bool {
	switch p {
	case "":
		return false
	case "navy", "navbg":
		return false
	case "nav", "navbar", "navigation", "navi", "subnav", "topnav", "mainnav",
		"menu", "menus", "submenu", "topbar", "toolbar",
		"breadcrumb", "breadcrumbs", "crumb", "crumbs", "bread",
		"dqwz", "lmmc", "lmdh", "daohang", "copyright", "banquan",
		"share", "bdshare", "fenxiang", "pagination", "pager", "paging", "pagebar",
		"sidebar", "banner", "yqlj", "friendlink", "friendlinks":
		return true
	}
	return strings.HasPrefix(p, "nav") || strings.HasSuffix(p, "nav") ||
		strings.Contains(p, "menu") || strings.Contains(p, "crumb") ||
		strings.Contains(p, "copyright") || strings.HasPrefix(p, "share") ||
		strings.Contains(p, "sidebar") || strings.Contains(p, "pagination") ||
		strings.Contains(p, "toolbar") || strings.HasSuffix(p, "pager")
}

// Decisions.

const (
	// An article candidate is the article only if its non-link text is at
	// least this share of the page's non-link text …
	articleMinShare = 0.3
	// … and no candidate outside it has this share of its own.
	rivalShare = 0.5
	// The article is the deepest candidate keeping this share of the
	// largest one's non-link text.
	descendShare = 0.9
	// A block is link clutter when more than half of its characters are
	// link text, at most linkBlockMaxPlain characters are not, it has at
	// least linkBlockMinLinks links and under half of the page's text.
	linkBlockMaxPlain = 60
	linkBlockMinLinks = 3
	// Without an article marker, chrome holding 1/chromeMaxShare of the
	// page's plain text is kept.
	chromeMaxShare = 3
	// Lines longer than this are never breadcrumbs or footers.
	shortLine = 100
	// A footer block holding a copyright line is at most this long.
	footerBlockMax = 300
	// The title near the article is at most this long.
	titleMax = 200
	// The full text is returned when the cleaned text keeps less than
	// 1/fallbackRatio of a full text of at least fallbackMinRunes.
	fallbackRatio    = 5
	fallbackMinRunes = 1000
)

type outLine struct {
	start, end int
	node       int32 // the node of the line's first text
}

// lineFilter says which rendered lines to keep.
type lineFilter func(lines []outLine, texts []string) []bool

func (o *outline) plain(i int32) int32 { return o.nodes[i].text - o.nodes[i].link }

// within reports whether node i is in the subtree of r.
func (o *outline) within(i, r int32) bool { return r <= i && i <= o.nodes[r].end }

// clean returns the page text without boilerplate, or full when cleaning
// would leave too little of it.
func (o *outline) clean(full string) string {
	if full == "" {
		return full
	}
	n := len(o.nodes)
	// dropChrome: chrome that does not hold the article. inChrome: that
	// or inside it. insideContent: below an fContent node, where "maybe"
	// chrome (a <header> in an <article>) is the article's own.
	const (
		insideContent = 1 << iota
		dropChrome
		inChrome
	)
	state := make([]uint8, n)
	for i := 1; i < n; i++ {
		nd := o.nodes[i]
		ps := state[nd.parent]
		s := ps & (insideContent | inChrome)
		if o.nodes[nd.parent].flags&fContent != 0 {
			s |= insideContent
		}
		chrome := nd.flags&fChromeSure != 0 || nd.flags&fChromeMaybe != 0 && s&insideContent == 0
		if chrome && nd.flags&(fHasContent|fBlock) == fBlock {
			s |= dropChrome | inChrome
		}
		state[i] = s
	}
	keep := make([]bool, n)
	var filter lineFilter
	if c := o.article(); c > 0 {
		filter = o.articleRules(c, keep, func(i int32) bool { return state[i]&inChrome != 0 })
	} else {
		filter = o.densityRules(keep, func(i int32) bool { return state[i]&dropChrome != 0 })
	}
	out, lines := o.render(keep, len(full))
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = string(out[l.start:l.end])
	}
	var b strings.Builder
	for i, ok := range filter(lines, texts) {
		if !ok {
			continue
		}
		s := texts[i]
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s)
	}
	text := b.String()
	if text == "" {
		return full
	}
	if fr := utf8.RuneCountInString(full); fr >= fallbackMinRunes && utf8.RuneCountInString(text)*fallbackRatio < fr {
		return full
	}
	return text
}

// article returns the node marked as the article, or 0 when the page has
// none that can be trusted.
func (o *outline) article() int32 {
	best, score := int32(0), int32(0)
	for i := int32(1); i < int32(len(o.nodes)); i++ {
		if o.nodes[i].flags&(fContent|fRootish) == fContent && o.plain(i) > score {
			best, score = i, o.plain(i)
		}
	}
	if best == 0 || float64(o.plain(best)) < articleMinShare*float64(o.plain(0)) {
		return 0
	}
	// Several similar candidates (a list of summaries, each marked as an
	// article) mean no single one is the page's article.
	c := best
	for i := int32(1); i < int32(len(o.nodes)); i++ {
		if o.nodes[i].flags&(fContent|fRootish) != fContent {
			continue
		}
		if !o.within(i, best) {
			if float64(o.plain(i)) >= rivalShare*float64(o.plain(best)) {
				return 0
			}
			continue
		}
		// Candidates holding over half of best's text are nested in one
		// another, so the last of them in document order is the deepest.
		if float64(o.plain(i)) >= descendShare*float64(o.plain(best)) {
			c = i
		}
	}
	return c
}

// articleRules fills keep for a page whose article is node c and returns
// the line filter: the article's lines, less navigation nested in it; the
// nearest title before it; metadata and attachment lines around it.
func (o *outline) articleRules(c int32, keep []bool, inChrome func(int32) bool) lineFilter {
	for i := range keep {
		keep[i] = !inChrome(int32(i))
	}
	title, region := int32(-1), int32(0)
	hasTitle := false
	for i := c; i <= o.nodes[c].end; i++ {
		if o.nodes[i].flags&fTitle != 0 {
			hasTitle = true
			break
		}
	}
	if !hasTitle {
		for i := c - 1; i > 0; i-- {
			nd := o.nodes[i]
			if nd.end >= c || nd.flags&fTitle == 0 || inChrome(i) {
				continue // an ancestor of the article, or not a title
			}
			if o.plain(i) >= 2 && nd.text <= titleMax && nd.link*2 <= nd.text {
				title = i
				break
			}
		}
	}
	if title > 0 {
		region = title
		for !o.within(c, region) {
			region = o.nodes[region].parent
		}
	}
	return func(lines []outLine, texts []string) []bool {
		ok := make([]bool, len(lines))
		for i, l := range lines {
			s := texts[i]
			switch {
			case o.within(l.node, c):
				ok[i] = !isBreadcrumb(s) && !startsWithCopyright(s)
			case title > 0 && o.within(l.node, title):
				ok[i] = true
			case o.within(l.node, region):
				ok[i] = len(s) <= 4*titleMax && (isMetaLine(s) || isAttachLine(s))
			}
		}
		return ok
	}
}

// densityRules fills keep for a page without a trusted article marker:
// chrome and link clutter are dropped, except what holds most of the
// page's plain text; the line filter drops breadcrumbs and footers.
func (o *outline) densityRules(keep []bool, dropChrome func(int32) bool) lineFilter {
	n := int32(len(o.nodes))
	// main is the smallest node holding over half of the plain text; it
	// and its ancestors are never dropped. Such nodes form one chain, so
	// the last in document order is the deepest.
	main := int32(-1)
	if total := o.plain(0); total > 0 {
		for i := int32(0); i < n; i++ {
			if int64(o.plain(i))*2 > int64(total) {
				main = i
			}
		}
	}
	protected := func(i int32) bool { return main >= 0 && o.within(main, i) }
	all, plain := o.nodes[0].text, int64(o.plain(0))
	keep[0] = true
	for i := int32(1); i < n; i++ {
		nd := o.nodes[i]
		if !keep[nd.parent] {
			continue
		}
		drop := false
		if !protected(i) && nd.flags&fHasContent == 0 {
			clutter := nd.flags&(fBlock|fContentWeak|fHasMeta|fHasAttach) == fBlock &&
				nd.links >= linkBlockMinLinks && nd.link*2 > nd.text &&
				nd.text-nd.link <= linkBlockMaxPlain && int64(nd.text)*2 < int64(all)
			// Chrome by name holding a third of the plain text is
			// more likely a wrapper (ASP.NET's <form id="form1">, a
			// "right" column) than navigation.
			drop = dropChrome(i) && int64(o.plain(i))*chromeMaxShare < plain || clutter
		}
		keep[i] = !drop
	}
	return func(lines []outLine, texts []string) []bool {
		ok := make([]bool, len(lines))
		// A footer is the largest small block around a copyright line:
		// its address, postcode and telephone lines go with it. inFooter
		// counts, per node index, the footer subtrees starting minus
		// those ending there, so a running sum says whether a node is in
		// one.
		inFooter := make([]int32, n+1)
		footers := false
		for i, l := range lines {
			s := texts[i]
			ok[i] = !isBreadcrumb(s)
			if !ok[i] || !isFooterLine(s) {
				continue
			}
			ok[i] = false
			f := int32(-1)
			for j := l.node; j > 0 && o.nodes[j].text <= footerBlockMax && !protected(j) && o.nodes[j].flags&fHasContent == 0; j = o.nodes[j].parent {
				f = j
			}
			if f > 0 {
				inFooter[f]++
				inFooter[o.nodes[f].end+1]--
				footers = true
			}
		}
		if footers {
			for i := int32(1); i <= n; i++ {
				inFooter[i] += inFooter[i-1]
			}
			for i, l := range lines {
				if inFooter[l.node] > 0 {
					ok[i] = false
				}
			}
		}
		return ok
	}
}

// render replays the recorded text of the kept nodes.
func (o *outline) render(keep []bool, size int) ([]byte, []outLine) {
	b := lineBuilder{out: make([]byte, 0, size)}
	var lines []outLine
	write := func(p []byte, node int32) {
		before, fresh := len(b.out), b.lineLen == 0
		b.write(p)
		if fresh && len(b.out) > before {
			start := before
			if before > 0 {
				start++ // the "\n" ending the previous line
			}
			lines = append(lines, outLine{start: start, node: node})
		}
	}
	for _, ev := range o.events {
		switch ev.kind {
		case evEndLine:
			b.endLine()
		case evSeparate:
			b.separate()
		case evText:
			if keep[ev.node] {
				write(o.arena[ev.off:ev.end], ev.node)
			}
		case evPre:
			if !keep[ev.node] {
				continue
			}
			p := o.arena[ev.off:ev.end]
			for len(p) > 0 {
				i, size := nextBreak(p)
				write(p[:i], ev.node)
				if i == len(p) {
					break
				}
				b.endLine()
				p = p[i+size:]
			}
		}
	}
	for i := range lines {
		if i+1 < len(lines) {
			lines[i].end = lines[i+1].start - 1
		} else {
			lines[i].end = len(b.out)
		}
	}
	return b.out, lines
}

// nextBreak finds the first line break of preformatted text as
// lineBuilder.writeLines reads them, returning its index and length, or
// len(p) when there is none.
func nextBreak(p []byte) (int, int) {
	for i := 0; i < len(p); {
		switch c := p[i]; {
		case c == '\n':
			return i, 1
		case c == '\r':
			if i+1 < len(p) && p[i+1] == '\n' {
				return i, 2
			}
			return i, 1
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(p[i:])
			if r == '\u2028' || r == '\u2029' {
				return i, size
			}
			i += size
		}
	}
	return len(p), 0
}

// Line patterns. Lines are already collapsed: one ASCII space at most
// between words. Labels are matched with the spaces removed, since
// templates pad them ("索 引 号：", "文　　号：").

var (
	breadcrumbRe = regexp.MustCompile(`^(?:当前位置|您的位置|您现在的位置|您当前的位置|你的位置|你现在的位置|当前所在位置|所在位置|现在位置|位置)[:：]`)
	metaRe       = regexp.MustCompile(`(?:发布时间|发布日期|发文日期|成文日期|生效日期|发布单位|发布机构|发布部门|发文机关|信息来源|来源|作者|撰稿|供稿|编辑|责任编辑|审核|审稿|摄影|通讯员|文号|发文字号|索引号|公开类别|公开方式|公开范围|主题分类|有效性|浏览次数|浏览量|点击数|点击量|点击次数|阅读次数|阅读量|访问次数|时间|日期)[:：]`)
	attachRe     = regexp.MustCompile(`^(?:相关)?附件|附件[:：【\[]|附件下载`)
)

func squeeze(s string) string {
	if len(s) > 4*shortLine*3 {
		s = s[:4*shortLine*3]
	}
	return strings.ReplaceAll(s, " ", "")
}

func short(s string) bool {
	return len(s) <= 4*shortLine && utf8.RuneCountInString(s) <= shortLine
}

// isBreadcrumb matches "当前位置：首页 > 通知公告 > 正文" and its variants.
func isBreadcrumb(s string) bool {
	head := s
	if len(head) > 48 {
		head = head[:48] // "您 当 前 的 位 置 ：" fits, spaces and all
	}
	return strings.Contains(head, "位") && short(s) && breadcrumbRe.MatchString(squeeze(s))
}

// startsWithCopyright matches a footer line inside the article element,
// where only lines that begin like a footer are trusted to be one.
func startsWithCopyright(s string) bool {
	return (strings.HasPrefix(s, "版权所有") || strings.HasPrefix(s, "©") ||
		hasPrefixFold(s, "copyright") || hasPrefixFold(s, "(c)")) && short(s)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isFooterLine matches the copyright and registration lines of a footer.
func isFooterLine(s string) bool {
	if !short(s) {
		return false
	}
	if startsWithCopyright(s) {
		return true
	}
	q := squeeze(s)
	for _, m := range []string{"版权所有", "©", "ICP备", "ICP证", "公网安备", "技术支持："} {
		if strings.Contains(q, m) {
			return true
		}
	}
	for i := 0; i+len("copyright") <= len(q); i++ {
		if q[i]|0x20 == 'c' && hasPrefixFold(q[i:], "copyright") {
			return true
		}
	}
	return false
}

func isMetaLine(s string) bool   { return metaRe.MatchString(squeeze(s)) }
func isAttachLine(s string) bool { return attachRe.MatchString(squeeze(s)) }
