package query

import (
	"strconv"
	"strings"
	"unicode"
)

// Node is a parsed query expression. Parse returns the concrete types below
// as values (And, not *And); String and Walk also accept pointers.
type Node interface {
	// String returns the canonical form of the expression, which Parse
	// reads back to an equal tree.
	String() string
	node()
}

// And matches documents that match every one of Nodes. Parse never returns
// an And with fewer than two nodes, nor one that directly contains another
// And.
type And struct{ Nodes []Node }

// Or matches documents that match at least one of Nodes. Parse never
// returns an Or with fewer than two nodes, nor one that directly contains
// another Or.
type Or struct{ Nodes []Node }

// Not excludes the documents that match Node. Parse never returns a Not
// that directly contains another Not (a double negation is removed).
type Not struct{ Node Node }

// Text is a bare run of characters typed by the user, exactly as typed
// (no normalisation). It is split into words later, by the search side.
type Text struct{ Value string }

// Phrase is a quoted string that must occur contiguously. Value has its
// surrounding white space removed and escapes resolved.
type Phrase struct{ Value string }

// Field restricts a metadata field to Value. Name is one of "category",
// "department", "doc_number", "index_number" and "title"; Value is as typed
// (quotes removed, surrounding white space trimmed, no normalisation).
type Field struct{ Name, Value string }

// YearRange restricts the publication year to From..To, both inclusive.
// year:2019 is {2019, 2019}.
type YearRange struct{ From, To int }

// DateRange restricts the publication date to From..To, both inclusive,
// written YYYY-MM-DD; an empty string is an open end. 2019-03 is
// {"2019-03-01", "2019-03-31"}.
type DateRange struct{ From, To string }

func (And) node()       {}
func (Or) node()        {}
func (Not) node()       {}
func (Text) node()      {}
func (Phrase) node()    {}
func (Field) node()     {}
func (YearRange) node() {}
func (DateRange) node() {}

// String joins the operands with single spaces, parenthesising any Or.
func (n And) String() string {
	var b strings.Builder
	for i, c := range n.Nodes {
		if i > 0 {
			b.WriteByte(' ')
		}
		if isOr(c) {
			b.WriteString("(" + nodeString(c) + ")")
		} else {
			b.WriteString(nodeString(c))
		}
	}
	return b.String()
}

// String joins the operands with " OR ". An And operand needs no
// parentheses because AND binds tighter than OR.
func (n Or) String() string {
	parts := make([]string, len(n.Nodes))
	for i, c := range n.Nodes {
		parts[i] = nodeString(c)
	}
	return strings.Join(parts, " OR ")
}

// String writes "-" before the operand, parenthesising an And or Or.
func (n Not) String() string {
	if isOr(n.Node) || isAnd(n.Node) {
		return "-(" + nodeString(n.Node) + ")"
	}
	return "-" + nodeString(n.Node)
}

// String returns the value unquoted.
func (n Text) String() string { return n.Value }

// String returns the value in double quotes.
func (n Phrase) String() string { return quote(n.Value) }

// String returns name:value, quoting the value when it contains white
// space, quotes, parentheses or "|".
func (n Field) String() string {
	if needsQuote(n.Value) {
		return n.Name + ":" + quote(n.Value)
	}
	return n.Name + ":" + n.Value
}

// String returns year:YYYY or year:YYYY..YYYY.
func (n YearRange) String() string {
	if n.From == n.To {
		return "year:" + strconv.Itoa(n.From)
	}
	return "year:" + strconv.Itoa(n.From) + ".." + strconv.Itoa(n.To)
}

// String returns date:YYYY-MM-DD or date:FROM..TO with either end possibly
// empty.
func (n DateRange) String() string {
	if n.From == n.To && n.From != "" {
		return "date:" + n.From
	}
	return "date:" + n.From + ".." + n.To
}

func nodeString(n Node) string {
	if n == nil {
		return ""
	}
	return n.String()
}

func isOr(n Node) bool {
	switch n.(type) {
	case Or, *Or:
		return true
	}
	return false
}

func isAnd(n Node) bool {
	switch n.(type) {
	case And, *And:
		return true
	}
	return false
}

// quote writes s in double quotes, escaping '"' and '\' with a backslash.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		if isDoubleQuote(r) || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// needsQuote reports whether a field value would not read back unchanged
// if written bare.
func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	for _, r := range s {
		if unicode.IsSpace(r) || isBar(r) || isLParen(r) || isRParen(r) || closerOf(r) != 0 {
			return true
		}
	}
	return false
}

// Walk calls fn for n and then, if fn returned true, walks each operand of
// n in order (depth first, pre-order). A nil n is not visited.
func Walk(n Node, fn func(Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	switch n := n.(type) {
	case And:
		for _, c := range n.Nodes {
			Walk(c, fn)
		}
	case *And:
		for _, c := range n.Nodes {
			Walk(c, fn)
		}
	case Or:
		for _, c := range n.Nodes {
			Walk(c, fn)
		}
	case *Or:
		for _, c := range n.Nodes {
			Walk(c, fn)
		}
	case Not:
		Walk(n.Node, fn)
	case *Not:
		Walk(n.Node, fn)
	}
}
