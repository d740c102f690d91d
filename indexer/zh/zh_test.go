package zh

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"信息公开", "信息公开"},
		{"資訊公開", "资讯公开"}, // traditional → simplified
		{"國立臺灣大學", "国立台湾大学"},
		{"ＡＢＣ１２３", "abc123"}, // full-width → ASCII, lower case
		{"GB18030编码", "gb18030编码"},
		{"清大校发〔２０１８〕１２号", "清大校发〔2018〕12号"},
		{"关于（2019）的通知", "关于(2019)的通知"}, // full-width parentheses
		{"　　各学院：", "  各学院:"},           // ideographic space, full-width colon
		{"Café Résumé", "cafe resume"}, // diacritics folded
		{"零\u200b宽", "零宽"},             // zero-width space dropped
		{"㈱", "(株)"},                   // one rune to several
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestNormalizeIdempotent pins that normalising twice changes nothing: the
// index holds normalised text and queries are normalised again.
func TestNormalizeIdempotent(t *testing.T) {
	getTable()
	for r := rune(0); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		once := Normalize(string(r))
		if twice := Normalize(once); twice != once {
			t.Fatalf("Normalize(Normalize(%U)) = %q, want %q", r, twice, once)
		}
	}
}

type tok struct {
	term     string
	original string // the original text the span covers
}

func spans(s string, toks []Token) []tok {
	out := make([]tok, len(toks))
	for i, t := range toks {
		out[i] = tok{string(t.Term), s[t.Start:t.End]}
	}
	return out
}

func TestCharTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []tok
	}{
		// Unigrams only at the ends of a run; inside it, bigrams.
		{"信息公开", []tok{{"信", "信"}, {"信息", "信息"}, {"息公", "息公"}, {"公开", "公开"}, {"开", "开"}}},
		{"公开。信", []tok{{"公", "公"}, {"公开", "公开"}, {"开", "开"}, {"信", "信"}}},
		{"學校", []tok{{"学", "學"}, {"学校", "學校"}, {"校", "校"}}},
		{"ＧＢ１８０３０编码", []tok{{"gb18030", "ＧＢ１８０３０"}, {"编", "编"}, {"编码", "编码"}, {"码", "码"}}},
		{"2019年度", []tok{{"2019", "2019"}, {"年", "年"}, {"年度", "年度"}, {"度", "度"}}},
		{"第5届ACM竞赛", []tok{{"第", "第"}, {"5", "5"}, {"届", "届"}, {"acm", "ACM"}, {"竞", "竞"}, {"竞赛", "竞赛"}, {"赛", "赛"}}},
		{"〔2018〕12号", []tok{{"2018", "2018"}, {"12", "12"}, {"号", "号"}}},
		{"一、二", []tok{{"一", "一"}, {"二", "二"}}}, // no bigram across punctuation
		{"", nil},
	} {
		got := spans(tc.in, CharTokens(tc.in))
		if len(got) == 0 && len(tc.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("CharTokens(%q)\n got %v\nwant %v", tc.in, got, tc.want)
		}
	}
}

func TestWordTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []tok
	}{
		// Domain words stay whole and also yield their parts (search mode).
		{"信息公开年度报告", []tok{{"信息", "信息"}, {"公开", "公开"}, {"信息公开", "信息公开"},
			{"年度", "年度"}, {"报告", "报告"}, {"年度报告", "年度报告"}, {"信息公开年度报告", "信息公开年度报告"}}},
		{"教务处通知", []tok{{"教务", "教务"}, {"教务处", "教务处"}, {"通知", "通知"}}},
		// Traditional text is segmented as simplified; spans cover the original.
		{"學校資訊公開", []tok{{"学校", "學校"}, {"资讯", "資訊"}, {"公开", "公開"}}},
		{"ＧＢ１８０３０编码", []tok{{"gb18030", "ＧＢ１８０３０"}, {"编码", "编码"}}},
		{"，。！", nil},
	} {
		toks, err := WordTokens(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got := spans(tc.in, toks)
		if len(got) == 0 && len(tc.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("WordTokens(%q)\n got %v\nwant %v", tc.in, got, tc.want)
		}
	}
}

// TestWordTokensRepeatedWordOffsets pins the failure of tokenizers built on
// gse's Analyze, which look each word up again in the text and so give every
// repetition of a word the offsets of its first occurrence.
func TestWordTokensRepeatedWordOffsets(t *testing.T) {
	s := "公开，公开，再公开"
	toks, err := WordTokens(s)
	if err != nil {
		t.Fatal(err)
	}
	var starts []int
	for _, tk := range toks {
		if string(tk.Term) == "公开" {
			starts = append(starts, utf8.RuneCountInString(s[:tk.Start]))
		}
	}
	if want := []int{0, 3, 7}; !reflect.DeepEqual(starts, want) {
		t.Errorf("rune starts of 公开 = %v, want %v", starts, want)
	}
}

func TestAnalyzeSpanCoversOriginal(t *testing.T) {
	s := "㈱清华ＡＢ"
	a := Analyze(s)
	if got := string(a.Runes); got != "(株)清华ab" {
		t.Fatalf("Analyze(%q) = %q", s, got)
	}
	// The three runes from ㈱ all map back to it.
	if st, en := a.Span(0, 2); s[st:en] != "㈱" {
		t.Errorf("Span(0,2) = %q, want ㈱", s[st:en])
	}
	if st, en := a.Span(5, 7); s[st:en] != "ＡＢ" {
		t.Errorf("Span(5,7) = %q, want ＡＢ", s[st:en])
	}
}

func TestNormalizeDocNumber(t *testing.T) {
	want := "清大校发〔2018〕12号"
	for _, in := range []string{"清大校发〔2018〕12号", "清大校发[2018]12号", "清大校发（2018）12号",
		"清大校发〔２０１８〕１２号", "清大校发 [2018] 012号", "清大校发【2018】12号"} {
		if got := NormalizeDocNumber(in); got != want {
			t.Errorf("NormalizeDocNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSegmentQuestion(t *testing.T) {
	words, err := Segment("国家奖学金的评审条件是什么？")
	if err != nil {
		t.Fatal(err)
	}
	var content []string
	for _, w := range words {
		if !IsStopword(w) {
			content = append(content, w)
		}
	}
	if got, want := strings.Join(content, "/"), "国家奖学金/评审/条件"; got != want {
		t.Errorf("content words = %s, want %s", got, want)
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"信息公开", "資訊公開", "ＡＢＣ１２３", "㈱\u200b", "\xff\xfe", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := Analyze(s)
		if len(a.Src) != len(a.Runes)+1 || a.Src[len(a.Runes)] != len(s) {
			t.Fatalf("bad source map for %q", s)
		}
		for i := 1; i < len(a.Runes); i++ {
			if a.Src[i] < a.Src[i-1] {
				t.Fatalf("source map goes backwards at %d for %q", i, s)
			}
		}
		if n := Normalize(s); n != string(a.Runes) {
			t.Fatalf("Normalize and Analyze disagree on %q: %q vs %q", s, n, string(a.Runes))
		}
		for _, tk := range CharTokens(s) {
			if tk.Start < 0 || tk.End > len(s) || tk.Start >= tk.End {
				t.Fatalf("bad span %+v in %q", tk, s)
			}
		}
	})
}
