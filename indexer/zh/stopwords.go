package zh

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
	"我": true, "我们": true, "你": true, "您": true, "他": true, "她": true, "它": true,
	"the": true, "a": true, "an": true, "of": true, "and": true, "or": true, "to": true, "in": true,
	"is": true, "what": true, "how": true,
}

// IsStopword reports whether w (normalised) is a question word or particle.
func IsStopword(w string) bool { return stopwords[w] }
