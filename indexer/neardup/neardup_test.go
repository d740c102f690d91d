package neardup

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/indexer/sample"
)

// notice is a typical notice as a department posts it.
const notice = `关于开展2019年度本科生奖学金评审工作的通知
发布时间：2019-03-12 来源：教务处 点击数：673
各学院：
为做好2019年度本科生奖学金评审工作，现将有关事项通知如下。
一、评审范围：全日制在校本科生，学年综合测评成绩排名在本专业前30%，无违纪处分记录。
二、评审程序：学生个人申请，班级民主评议，学院评审小组审核并公示，学校奖学金评审委员会审定。
三、时间安排：3月20日前各学院完成初审，3月31日前将评审材料报送学生处。
四、有关要求：各学院要坚持公开、公平、公正的原则，严格评审标准，规范评审程序，评审结果在学院范围内公示不少于5个工作日。
教务处
2019年3月12日`

// repost is the same notice on another department's site: new header,
// new signature, another click count, one sentence touched up.
const repost = `关于开展2019年度本科生奖学金评审工作的通知（转发）
发布日期：2019-03-14 信息来源：学生处 浏览次数：91
各学院：
为做好2019年度本科生奖学金评审工作，现将有关事项通知如下。
一、评审范围：全日制在校本科生，学年综合测评成绩排名在本专业前30%，无违纪处分记录。
二、评审程序：学生个人申请，班级民主评议，学院评审小组审核并公示，学校奖学金评审委员会审定。
三、时间安排：3月20日前各学院完成初审，3月31日前将评审材料报送学生工作处。
四、有关要求：各学院要坚持公开、公平、公正的原则，严格评审标准，规范评审程序，评审结果在学院范围内公示不少于5个工作日。
学生处
2019年3月14日`

// sameKind is another scholarship notice: same template, different year,
// different rules. It is not a duplicate.
const sameKind = `关于开展2020年度研究生国家奖学金评审工作的通知
发布时间：2020-09-20 来源：研究生院
各培养单位：
根据《研究生国家奖学金管理暂行办法》，现将2020年度研究生国家奖学金评审工作安排如下。
一、奖励标准：博士研究生每生每年30000元，硕士研究生每生每年20000元。
二、申请条件：热爱祖国，遵守法律法规和校纪校规，科研能力显著，发展潜力突出。
三、评审程序：个人申请，培养单位评审委员会评审并公示5个工作日，学校评审领导小组审定。
四、材料报送：请各培养单位于10月15日前将评审材料纸质版和电子版报送研究生院。
研究生院
2020年9月20日`

func fp(t *testing.T, s string) Fingerprint {
	t.Helper()
	f, ok := Of(s)
	if !ok {
		t.Fatalf("no fingerprint for %q", s)
	}
	return f
}

func TestNearDuplicate(t *testing.T) {
	a, b, c := fp(t, notice), fp(t, repost), fp(t, sameKind)
	if d := Distance(a, b); d > MaxDistance {
		t.Errorf("repost with a changed header: distance %d, want at most %d", d, MaxDistance)
	}
	if d := Distance(a, c); d <= MaxDistance*3 {
		t.Errorf("another notice of the same kind: distance %d, want well above %d", d, MaxDistance)
	}
	// Spacing, punctuation, full-width digits and traditional characters
	// are normalised away.
	if d := Distance(a, fp(t, strings.NewReplacer("，", ",", "2019", "２０１９", "评审", "評審", "\n", "\n\n").Replace(notice))); d != 0 {
		t.Errorf("normalised copy: distance %d, want 0", d)
	}
	if _, ok := Of("放假通知：5月1日至5日放假。"); ok {
		t.Error("a fingerprint for a one-line notice")
	}
}

func TestIndex(t *testing.T) {
	x := NewIndex()
	x.Add("a", "sha-a", fp(t, notice))
	x.Add("c", "sha-c", fp(t, sameKind))
	t.Run("RepostFound", func(t *testing.T) {
		m, ok := x.Nearest("b", "sha-b", fp(t, repost))
		if !ok || m.ID != "a" {
			t.Errorf("Nearest(repost) = %+v, %v; want a", m, ok)
		}
	})
	t.Run("UnrelatedNotFound", func(t *testing.T) {
		if m, ok := x.Nearest("d", "sha-d", fp(t, strings.Repeat("图书馆开放时间调整，周末照常开放。", 5))); ok {
			t.Errorf("unrelated text matched %+v", m)
		}
	})
	t.Run("SameIDIsAVersionNotADuplicate", func(t *testing.T) {
		if m, ok := x.Nearest("a", "sha-a2", fp(t, repost)); ok {
			t.Errorf("a new version of a matched itself: %+v", m)
		}
	})
	t.Run("ExactCopyIsNotANearDuplicate", func(t *testing.T) {
		if m, ok := x.Nearest("b", "sha-a", fp(t, notice)); ok {
			t.Errorf("an exact copy (same sha) was flagged: %+v", m)
		}
	})
	t.Run("Replace", func(t *testing.T) {
		x.Add("a", "sha-a", fp(t, sameKind+"补充说明：材料一式两份。"))
		if m, ok := x.Nearest("b", "sha-b", fp(t, repost)); ok {
			t.Errorf("stale fingerprint of a still found: %+v", m)
		}
		if x.Len() != 2 {
			t.Errorf("Len = %d, want 2", x.Len())
		}
		x.Remove("a")
		if x.Len() != 1 {
			t.Errorf("Len after Remove = %d, want 1", x.Len())
		}
	})
}

// TestSampleCorpusHasNoFalsePairs fingerprints the bodies of the bundled
// corpus, 143 distinct notices many of which share a template (eight
// scholarship notices, ten annual reports): none may be taken for a near
// duplicate of another.
func TestSampleCorpusHasNoFalsePairs(t *testing.T) {
	f, err := sample.Corpus.Open("corpus/manifest.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	type doc struct {
		id string
		fp Fingerprint
	}
	var docs []doc
	for sc.Scan() {
		var e struct{ ID, Body string }
		json.Unmarshal(sc.Bytes(), &e)
		if f, ok := Of(e.Body); ok {
			docs = append(docs, doc{e.ID, f})
		}
	}
	if len(docs) < 60 {
		t.Fatalf("only %d fingerprinted bodies", len(docs))
	}
	hist := map[int]int{}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			d := Distance(docs[i].fp, docs[j].fp)
			hist[d/4*4]++
			if d <= MaxDistance {
				t.Errorf("%s and %s: distance %d", docs[i].id, docs[j].id, d)
			}
		}
	}
	t.Logf("distance histogram (bucket of 4 bits → pairs): %v", fmt.Sprint(hist))
}

func BenchmarkOf(b *testing.B) {
	text := strings.Repeat(notice, 10)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Of(text)
	}
}
