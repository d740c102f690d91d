package zh

import "strings"

// stopwords are the question words and particles people put around what
// they are looking for (国家奖学金的评审条件是什么). They never block a match:
// the search package does not require them. Kept short on purpose: a word
// that carries meaning in a notice title (关于, 通知) is not here.
var stopwords = map[string]bool{
	"的": true, "地": true, "得": true, "了": true, "着": true, "过": true,
	"吗": true, "呢": true, "吧": true, "啊": true, "呀": true, "么": true, "嘛": true,
	"是": true, "在": true, "有": true, "和": true, "与": true, "及": true, "或": true,
	"也": true, "都": true, "就": true, "还": true, "又": true, "被": true, "把": true,
	"对": true, "从": true, "向": true, "给": true, "为": true, "以": true, "之": true,
	"其": true, "这": true, "那": true, "该": true, "个": true, "些": true,
	"什么": true, "如何": true, "怎么": true, "怎样": true, "怎么样": true, "为什么": true,
	"是否": true, "哪些": true, "哪里": true, "哪个": true, "哪儿": true, "几": true,
	"多少": true, "谁": true, "何时": true, "什么时候": true, "能否": true, "可否": true,
	"可以": true, "能": true, "会": true, "要": true, "请问": true, "请": true,
	"一下": true, "有没有": true, "是不是": true, "有关": true, "相关": true,
	"由": true, "于": true, "所": true, "将": true, "等": true, "哪": true, "让": true,
	"而": true, "且": true, "则": true, "即": true, "并": true, "但": true, "若": true,
	"叫": true, "称": true, "指": true, "做": true, "属于": true, "位于": true,
	"哪一": true, "哪种": true, "哪位": true, "哪年": true, "多久": true, "多长": true,
	"几个": true, "几年": true, "哪家": true, "怎么办": true,
	// 哪一个州 is segmented 哪 / 一个 / 州: the quantifier is part of the
	// question, not something the answer contains.
	"一个": true, "一种": true, "一些": true, "一位": true, "一项": true, "一名": true,
	"一次": true, "一样": true, "一下子": true,
	"我": true, "我们": true, "你": true, "您": true, "他": true, "她": true, "它": true,
	"the": true, "a": true, "an": true, "of": true, "and": true, "or": true, "to": true, "in": true,
	"is": true, "what": true, "how": true,
}

// IsStopword reports whether w (normalised) is a question word or particle.
// Words that open with 哪 or 什么 (哪一年, 哪支, 什么样) ask rather than say.
func IsStopword(w string) bool {
	return stopwords[w] || strings.HasPrefix(w, "哪") || strings.HasPrefix(w, "什么")
}

// particles are the single characters that never belong to a name or term:
// a run of single-character segments without them is usually a word the
// dictionary lacks (a person's name, 广三 in 广三铁路), and JoinUnknown
// keeps it together.
var particles = map[string]bool{
	"的": true, "地": true, "得": true, "了": true, "着": true, "过": true, "吗": true,
	"呢": true, "吧": true, "啊": true, "呀": true, "么": true, "嘛": true, "是": true,
	"在": true, "和": true, "与": true, "及": true, "或": true, "也": true, "都": true,
	"就": true, "还": true, "又": true, "被": true, "把": true, "对": true, "从": true,
	"向": true, "给": true, "为": true, "以": true, "之": true, "其": true, "这": true,
	"那": true, "该": true, "个": true, "些": true, "所": true, "将": true, "等": true,
	"让": true, "而": true, "且": true, "则": true, "即": true, "并": true, "但": true,
	"若": true, "叫": true, "称": true, "指": true, "做": true, "有": true, "谁": true,
	"几": true, "哪": true,
}

// JoinUnknown merges runs of two or more single-character CJK segments that
// hold no particle into one word: gse cuts a word it does not know into
// characters, and a query for 赵鹏 means the string 赵鹏, not 赵 and 鹏.
func JoinUnknown(words []string) []string {
	out := make([]string, 0, len(words))
	run := ""
	n := 0
	flush := func() {
		if n > 0 {
			out = append(out, run)
		}
		run, n = "", 0
	}
	for _, w := range words {
		rs := []rune(w)
		if len(rs) == 1 && IsCJK(rs[0]) && !particles[w] {
			run += w
			n++
			continue
		}
		flush()
		out = append(out, w)
	}
	flush()
	return out
}
