package crawl

import (
	"bufio"
	"bytes"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Robots is a parsed robots.txt (RFC 9309) as it applies to one crawler:
// the rules of the groups naming its product token, else of the "*"
// groups.
type Robots struct {
	rules []robotsRule
	// CrawlDelay is the group's Crawl-delay (not in the RFC, but widely
	// used by Chinese sites, Baidu's crawler honoured it), or 0.
	CrawlDelay time.Duration
	// disallowAll answers every path with false: robots.txt could not be
	// fetched because of a server error, which RFC 9309 §2.3.1.4 says to
	// treat as a complete disallow.
	disallowAll bool
	// reason says why everything is disallowed, for the user.
	reason string
}

type robotsRule struct {
	allow   bool
	pattern string // percent-encoded, may hold * and a final $
}

// maxRobotsBytes is how much of a robots.txt is read (RFC 9309 asks for at
// least 500 KiB).
const maxRobotsBytes = 512 << 10

// AllowAll is the answer when a site has no robots.txt (4xx).
var AllowAll = &Robots{}

// DisallowAll is the answer when robots.txt failed with a server error.
var DisallowAll = &Robots{disallowAll: true}

// ParseRobots reads robots.txt for the crawler whose product token is
// agent ("xxgk-archive"). Unknown lines are ignored, as the RFC requires.
func ParseRobots(data []byte, agent string) *Robots {
	if len(data) > maxRobotsBytes {
		data = data[:maxRobotsBytes]
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inRules := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxRobotsBytes)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent", "useragent", "user agent":
			if cur == nil || inRules {
				cur = &group{}
				groups = append(groups, cur)
				inRules = false
			}
			cur.agents = append(cur.agents, strings.ToLower(val))
		case "allow", "disallow":
			if cur == nil {
				continue // rules before any user-agent line belong to nobody
			}
			inRules = true
			if val == "" {
				continue // "Disallow:" with no path allows everything
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: escapePattern(val)})
		case "crawl-delay":
			if cur == nil {
				continue
			}
			inRules = true
			if secs, err := strconv.ParseFloat(val, 64); err == nil && secs > 0 {
				cur.delay = time.Duration(secs * float64(time.Second))
			}
		}
	}
	matches := func(name string) bool {
		return name != "*" && name != "" && (name == agent || strings.HasPrefix(agent, name))
	}
	// The groups naming this crawler, merged; only when there are none,
	// the "*" groups, merged.
	r := &Robots{}
	for _, pick := range []func(string) bool{matches, func(a string) bool { return a == "*" }} {
		found := false
		for _, g := range groups {
			if slices.ContainsFunc(g.agents, pick) {
				found = true
				r.rules = append(r.rules, g.rules...)
				r.CrawlDelay = max(r.CrawlDelay, g.delay)
			}
		}
		if found {
			break
		}
	}
	return r
}

// Allowed reports whether the crawler may fetch the URL path (with its
// query), given as it appears in the request, percent-encoded. The longest
// matching pattern decides; when an Allow and a Disallow pattern are
// equally long, Allow wins. /robots.txt itself is always allowed.
func (r *Robots) Allowed(pathQuery string) bool {
	if r == nil {
		return true
	}
	if pathQuery == "" {
		pathQuery = "/"
	}
	if pathQuery == "/robots.txt" {
		return true
	}
	if r.disallowAll {
		return false
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !match(rule.pattern, pathQuery) {
			continue
		}
		n := len(rule.pattern)
		if n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// match reports whether a robots.txt pattern matches a path from its start:
// * matches any run of characters, a final $ anchors the end.
func match(pattern, p string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(p, parts[0]) {
		return false
	}
	rest := p[len(parts[0]):]
	if len(parts) == 1 {
		return !anchored || rest == ""
	}
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, part)
		}
		j := strings.Index(rest, part)
		if j < 0 {
			return false
		}
		rest = rest[j+len(part):]
	}
	return true
}

// escapePattern percent-encodes the bytes of a pattern that a request path
// would carry encoded (non-ASCII, spaces), so /通知/ matches /%E9%80%9A%E7%9F%A5/,
// and upper-cases existing escapes.
func escapePattern(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(p[i+1 : i+3]))
			i += 2
		case c >= 0x80 || c == ' ' || c == '"' || c == '<' || c == '>':
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
