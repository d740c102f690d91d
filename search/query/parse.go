package query

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits on what Parse accepts.
const (
	MaxRunes = 1000 // characters in the query, and in its canonical form
	MaxDepth = 20   // levels of nested parentheses
	MaxTerms = 64   // texts, phrases and filters
)

// Error is a syntax error in a query. Msg is in Simplified Chinese and is
// meant to be shown to the user as is; it names the position in words.
type Error struct {
	Pos int    // rune offset (0-based) in the input where the problem is
	Msg string // e.g. 括号不匹配：第 5 个字符处的“(”没有对应的“)”
}

func (e *Error) Error() string { return "query: " + e.Msg }

// Parse parses a query typed by a user. Empty or blank input gives
// (nil, nil), as does input with nothing but ignored parts (a lone "-",
// empty quotes, empty parentheses). A single term is returned as itself,
// not wrapped. Any error is an *Error.
func Parse(s string) (Node, error) {
	if n := utf8.RuneCountInString(s); n > MaxRunes {
		return nil, &Error{Pos: MaxRunes, Msg: fmt.Sprintf(
			"检索式过长：最多 %d 个字符，当前有 %d 个字符", MaxRunes, n)}
	}
	p := &parser{lx: lexer{in: []rune(s)}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	r, _, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind == tRParen {
		return nil, &Error{Pos: p.tok.pos, Msg: fmt.Sprintf(
			"括号不匹配：第 %d 个字符处的“%s”没有对应的“%s”", p.tok.pos+1, p.tok.raw, lparenFor(p.tok.raw))}
	}
	if r.n == nil {
		return nil, nil
	}
	if err := checkPositive(r); err != nil {
		return nil, err
	}
	// The canonical form spells out aliases and dates (年份:2019 becomes
	// year:2019), so it can be longer than the input. Capping it too keeps
	// Parse(n.String()) working for every tree Parse returns.
	if n := utf8.RuneCountInString(r.n.String()); n > MaxRunes {
		return nil, &Error{Pos: 0, Msg: fmt.Sprintf(
			"检索式过长：整理为标准写法后超过 %d 个字符，请减少检索词", MaxRunes)}
	}
	return r.n, nil
}

func lparenFor(closing string) string {
	if closing == "）" {
		return "（"
	}
	return "("
}

// result is a parsed sub-expression with the positions needed for errors
// found after parsing.
type result struct {
	n   Node
	pos int // rune offset where the sub-expression starts
	// When n is an Or, or a Not of an Or: where each operand of that Or
	// starts, so that a double negation can be removed without losing them.
	branchPos []int
}

type parser struct {
	lx    lexer
	tok   token // the next token
	depth int   // open parentheses
	terms int   // terms so far
}

func (p *parser) advance() *Error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// startsTerm reports whether k can begin an operand of AND or OR.
func startsTerm(k tokKind) bool {
	switch k {
	case tText, tPhrase, tField, tLParen, tNot:
		return true
	}
	return false
}

// parseOr parses OrExpr = AndExpr { OR AndExpr }. It stops at ")" or the
// end of input. seen reports whether any token was consumed. An operand
// made only of ignored parts (empty quotes, empty parentheses) is dropped.
func (p *parser) parseOr() (r result, seen bool, err *Error) {
	var ops []result
	var orTok token
	for first := true; ; first = false {
		a, aSeen, err := p.parseAnd()
		if err != nil {
			return result{}, false, err
		}
		seen = seen || aSeen
		if !aSeen {
			if first && p.tok.kind == tOr {
				return result{}, false, p.errorf(p.tok.pos, "第 %d 个字符处的“%s”左边缺少检索词", p.tok.pos+1, p.tok.raw)
			}
			if !first {
				return result{}, false, p.errorf(orTok.pos, "第 %d 个字符处的“%s”右边缺少检索词", orTok.pos+1, orTok.raw)
			}
		}
		if a.n != nil {
			ops = append(ops, a)
		}
		if p.tok.kind != tOr {
			break
		}
		orTok = p.tok
		if err := p.advance(); err != nil {
			return result{}, false, err
		}
	}
	switch len(ops) {
	case 0:
		return result{}, seen, nil
	case 1:
		return ops[0], seen, nil
	}
	var or Or
	var pos []int
	for _, o := range ops {
		if sub, ok := o.n.(Or); ok {
			or.Nodes = append(or.Nodes, sub.Nodes...)
			pos = append(pos, o.branchPos...)
		} else {
			or.Nodes = append(or.Nodes, o.n)
			pos = append(pos, o.pos)
		}
	}
	return result{n: or, pos: ops[0].pos, branchPos: pos}, seen, nil
}

// parseAnd parses AndExpr = Unary { [ AND ] Unary }.
func (p *parser) parseAnd() (r result, seen bool, err *Error) {
	var ops []result
	for {
		switch p.tok.kind {
		case tEOF, tRParen, tOr:
			return andOf(ops), seen, nil
		case tAnd:
			at := p.tok
			if !seen {
				return result{}, false, p.errorf(at.pos, "第 %d 个字符处的“%s”左边缺少检索词", at.pos+1, at.raw)
			}
			if err := p.advance(); err != nil {
				return result{}, false, err
			}
			if !startsTerm(p.tok.kind) {
				return result{}, false, p.errorf(at.pos, "第 %d 个字符处的“%s”右边缺少检索词", at.pos+1, at.raw)
			}
			continue
		}
		u, err := p.parseUnary()
		if err != nil {
			return result{}, false, err
		}
		seen = true
		if u.n != nil {
			ops = append(ops, u)
		}
	}
}

func andOf(ops []result) result {
	switch len(ops) {
	case 0:
		return result{}
	case 1:
		return ops[0]
	}
	var and And
	for _, o := range ops {
		if sub, ok := o.n.(And); ok {
			and.Nodes = append(and.Nodes, sub.Nodes...)
		} else {
			and.Nodes = append(and.Nodes, o.n)
		}
	}
	return result{n: and, pos: ops[0].pos}
}

// parseUnary parses Unary = { "-" | NOT } Primary.
func (p *parser) parseUnary() (result, *Error) {
	negs := 0
	start := p.tok.pos
	for p.tok.kind == tNot {
		not := p.tok
		negs++
		if err := p.advance(); err != nil {
			return result{}, err
		}
		if !startsTerm(p.tok.kind) {
			return result{}, p.errorf(not.pos, "第 %d 个字符处的“%s”后面缺少检索词", not.pos+1, not.raw)
		}
	}
	r, err := p.parsePrimary()
	if err != nil || r.n == nil {
		return result{}, err
	}
	if negs%2 == 1 {
		if inner, ok := r.n.(Not); ok {
			r.n = inner.Node
		} else {
			r.n = Not{Node: r.n}
		}
	}
	r.pos = start
	return r, nil
}

// parsePrimary parses Primary = "(" OrExpr ")" | Phrase | Field | Text.
// It returns a nil node for empty quotes and empty parentheses.
func (p *parser) parsePrimary() (result, *Error) {
	t := p.tok
	switch t.kind {
	case tLParen:
		p.depth++
		if p.depth > MaxDepth {
			return result{}, p.errorf(t.pos, "括号嵌套过深：第 %d 个字符处的“%s”超过了最多 %d 层的限制", t.pos+1, t.raw, MaxDepth)
		}
		if err := p.advance(); err != nil {
			return result{}, err
		}
		r, _, err := p.parseOr()
		if err != nil {
			return result{}, err
		}
		if p.tok.kind != tRParen {
			return result{}, p.errorf(t.pos, "括号不匹配：第 %d 个字符处的“%s”没有对应的“%c”", t.pos+1, t.raw, rparenFor([]rune(t.raw)[0]))
		}
		p.depth--
		if err := p.advance(); err != nil {
			return result{}, err
		}
		if r.n != nil {
			r.pos = t.pos
		}
		return r, nil
	case tPhrase:
		if err := p.advance(); err != nil {
			return result{}, err
		}
		v := strings.TrimSpace(t.val)
		if v == "" {
			return result{}, nil
		}
		return p.term(t, Phrase{Value: v})
	case tText:
		if err := p.advance(); err != nil {
			return result{}, err
		}
		return p.term(t, Text{Value: t.val})
	case tField:
		if err := p.advance(); err != nil {
			return result{}, err
		}
		var n Node
		var err *Error
		switch t.field.kind {
		case fYear:
			n, err = parseYears(t.val, t.valPos)
		case fDate:
			n, err = parseDates(t.val, t.valPos)
		default:
			n = Field{Name: t.field.name, Value: t.val}
		}
		if err != nil {
			return result{}, err
		}
		return p.term(t, n)
	}
	// Unreachable: callers check startsTerm first.
	return result{}, p.errorf(t.pos, "第 %d 个字符处缺少检索词", t.pos+1)
}

// term counts a term against MaxTerms.
func (p *parser) term(t token, n Node) (result, *Error) {
	p.terms++
	if p.terms > MaxTerms {
		return result{}, p.errorf(t.pos, "检索词过多：最多 %d 个检索词或筛选条件，第 %d 个字符处是第 %d 个", MaxTerms, t.pos+1, p.terms)
	}
	return result{n: n, pos: t.pos}, nil
}

func (p *parser) errorf(pos int, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// positive reports whether n selects documents by itself rather than only
// excluding them: a term does, a Not does not, an And does when any operand
// does, an Or when every operand does.
func positive(n Node) bool {
	switch n := n.(type) {
	case Not:
		return false
	case And:
		for _, c := range n.Nodes {
			if positive(c) {
				return true
			}
		}
		return false
	case Or:
		for _, c := range n.Nodes {
			if !positive(c) {
				return false
			}
		}
	}
	return true
}

// checkPositive rejects a query that only excludes: "-艺术", "-a -b", or an
// OR with such an operand at the top.
func checkPositive(r result) *Error {
	if or, ok := r.n.(Or); ok {
		for i, c := range or.Nodes {
			if !positive(c) {
				pos := r.branchPos[i]
				return &Error{Pos: pos, Msg: fmt.Sprintf(
					"OR 的每一边都至少需要一个不带减号的检索词或筛选条件：第 %d 个字符开始的“%s”只有排除条件", pos+1, c.String())}
			}
		}
		return nil
	}
	if !positive(r.n) {
		return &Error{Pos: r.pos, Msg: "检索式只有排除条件：至少需要一个不带减号的检索词或筛选条件"}
	}
	return nil
}
