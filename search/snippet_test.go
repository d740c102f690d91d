package search

import (
	"reflect"
	"testing"
)

func TestSnippetOffsetsInRunes(t *testing.T) {
	text := "學校資訊公開，資訊公開年度報告。"
	snip, spans := Snippet(text, []string{"资讯公开"}, 100)
	if want := []Span{{2, 6}, {7, 11}}; !reflect.DeepEqual(spans, want) {
		t.Errorf("spans = %v, want %v", spans, want)
	}
	if want := "學校<mark>資訊公開</mark>，<mark>資訊公開</mark>年度報告。"; snip != want {
		t.Errorf("snippet = %q, want %q", snip, want)
	}
}

func TestSnippetWindowFindsDensestMatches(t *testing.T) {
	text := "奖学金" + repeat("无关内容", 60) + "国家奖学金评审条件" + repeat("其他文字", 60)
	snip, _ := Snippet(text, []string{"奖学金", "评审", "条件"}, 40)
	if want := "<mark>奖学金评审条件</mark>"; !contains(snip, want) {
		t.Errorf("snippet %q should show the window holding all three terms", snip)
	}
	if snip[:3] != "…" {
		t.Errorf("snippet %q should start with an ellipsis", snip)
	}
}

func TestHighlightFullWidthAndCase(t *testing.T) {
	if got, want := Highlight("启用ＧＢ１８０３０编码", []string{"gb18030"}), "启用<mark>ＧＢ１８０３０</mark>编码"; got != want {
		t.Errorf("Highlight = %q, want %q", got, want)
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

func contains(s, sub string) bool { return len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0) }

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
