package ui_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/records"
)

// hostile is a record whose every field tries to break out of the page.
var hostile = records.Document{
	ID:          `x"><script>alert(0)</script>`,
	Title:       `<script>alert("t")</script>关于奖学金评审的通知`,
	Body:        "各学院：奖学金评审 \"><img src=x onerror=alert(1)>\n'><svg onload=alert(2)> </textarea><script>alert(3)</script> 奖学金",
	Category:    `通知"><script>alert(4)</script>`,
	Department:  `教务处' onmouseover='alert(5)`,
	DocNumber:   `清大校发〔2019〕1号<b>`,
	Source:      `javascript:alert(6)`,
	Published:   "2019-05-01",
	Visibility:  records.Public,
	IndexNumber: `"onfocus="alert(7)`,
}

// breakouts are strings that would run script if they reached a page
// unescaped.
var breakouts = []string{
	"<script>alert", "<img src=x", "<svg onload", "onmouseover='alert", `href="javascript:`,
	`"onfocus="alert`, "<b>", "</textarea><script>",
}

func TestHostileTextIsEscapedEverywhere(t *testing.T) {
	a, err := openArchive(t.TempDir(), func(ctx context.Context, s *records.Store) error {
		_, err := s.Put(ctx, "test:fixture", []records.Incoming{{Doc: hostile, Original: []byte(hostile.Body)}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	docPath := "/documents/" + url.PathEscape(hostile.ID)
	pages := []string{
		"/?q=" + url.QueryEscape("奖学金"),
		"/?q=" + url.QueryEscape("奖学金") + "&category=" + url.QueryEscape(hostile.Category),
		"/?q=" + url.QueryEscape(`<script>alert(9)</script>`),
		"/?q=" + url.QueryEscape(`"><img src=x onerror=alert(1)>`) + "&mode=exact",
		"/?department=" + url.QueryEscape(hostile.Department),
		docPath,
		docPath + "?q=" + url.QueryEscape("奖学金 <script>"),
		"/api/search?q=" + url.QueryEscape("奖学金"),
		"/api/documents/" + url.PathEscape(hostile.ID),
		"/nowhere/<script>alert(1)</script>",
	}
	for _, p := range pages {
		status, body, h := a.get(t, p)
		if strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			// JSON is data, not markup: it must only never carry a raw "<"
			// a sniffing browser could take for HTML.
			if strings.Contains(body, "<") {
				t.Errorf("GET %s: raw < in JSON", p)
			}
			continue
		}
		for _, bad := range breakouts {
			if strings.Contains(body, bad) {
				t.Errorf("GET %s (%d): contains %q unescaped", p, status, bad)
			}
		}
	}
	// The text is still there, escaped, with the highlights intact.
	_, page, _ := a.get(t, pages[0])
	if !strings.Contains(page, "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;关于<mark>奖学金</mark>") {
		t.Error("escaped, highlighted title not found on the results page")
	}
	_, doc, _ := a.get(t, docPath+"?q="+url.QueryEscape("奖学金"))
	if !strings.Contains(doc, "&lt;img src=x onerror=alert(1)&gt;") || !strings.Contains(doc, "<mark>奖学金</mark>") {
		t.Error("document page lost the escaped body or its highlights")
	}
	if strings.Contains(doc, `href="javascript`) || !strings.Contains(doc, "javascript:alert(6)") {
		t.Error("a javascript: source must be shown as text, never linked")
	}
}
