package textdiff

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// lcs is the length of the longest common subsequence, by dynamic
// programming: the number of Equal ops a shortest edit script must have.
func lcs(a, b []int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// TestDiffIsShortestAndCorrect: on random sequences over a small alphabet
// (many repeats, the hard case), the script rebuilds both sides and keeps
// as many elements as the longest common subsequence.
func TestDiffIsShortestAndCorrect(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for trial := range 3000 {
		a := make([]int, rng.IntN(30))
		b := make([]int, rng.IntN(30))
		for i := range a {
			a[i] = rng.IntN(4)
		}
		for i := range b {
			b[i] = rng.IntN(4)
		}
		script := diff(a, b, 1<<20)
		var ga, gb []int
		ai, bi, eq := 0, 0, 0
		for _, op := range script {
			switch op {
			case Equal:
				if a[ai] != b[bi] {
					t.Fatalf("trial %d: equal op on %d≠%d", trial, a[ai], b[bi])
				}
				ga, gb = append(ga, a[ai]), append(gb, b[bi])
				ai, bi, eq = ai+1, bi+1, eq+1
			case Delete:
				ga = append(ga, a[ai])
				ai++
			case Insert:
				gb = append(gb, b[bi])
				bi++
			}
		}
		if !reflect.DeepEqual(ga, a) && len(a) > 0 || !reflect.DeepEqual(gb, b) && len(b) > 0 {
			t.Fatalf("trial %d: script does not rebuild the inputs", trial)
		}
		if want := lcs(a, b); eq != want {
			t.Fatalf("trial %d: %d equal elements, LCS is %d\na=%v\nb=%v", trial, eq, want, a, b)
		}
	}
}

func TestCompareChinese(t *testing.T) {
	old := "关于开展2019年度本科生奖学金评审工作的通知\n各学院：\n现将有关事项通知如下。\n一、评审对象为全日制本科生。\n联系人：张老师"
	new := "关于开展2019年度本科生奖学金评审工作的通知\n各学院：\n现将有关事项通知如下。\n一、评审对象为全日制在读本科生。\n二、申请截止日期为10月15日。\n联系人：张老师"
	d := Compare(old, new, Options{})
	var ops []string
	for _, l := range d.Lines {
		ops = append(ops, l.Op.String())
	}
	want := []string{"equal", "equal", "equal", "delete", "insert", "insert", "equal"}
	if !reflect.DeepEqual(ops, want) {
		t.Fatalf("line ops = %v, want %v", ops, want)
	}
	del, ins := d.Lines[3], d.Lines[4]
	if del.Pair != 4 || ins.Pair != 3 {
		t.Errorf("pairs = %d, %d; want 4, 3", del.Pair, ins.Pair)
	}
	wantIns := []Span{{Equal, "一、评审对象为全日制"}, {Insert, "在读"}, {Equal, "本科生。"}}
	if !reflect.DeepEqual(ins.Spans, wantIns) {
		t.Errorf("inserted line spans = %+v, want %+v", ins.Spans, wantIns)
	}
	if d.Lines[5].Spans != nil || d.Lines[5].Pair != -1 {
		t.Errorf("an added line has no counterpart: %+v", d.Lines[5])
	}
	if d.Added != 2+len([]rune("二、申请截止日期为10月15日。")) || d.Removed != 0 {
		t.Errorf("added %d removed %d", d.Added, d.Removed)
	}
	if d.Lines[6].Old != 5 || d.Lines[6].New != 6 {
		t.Errorf("last line numbers = %d/%d, want 5/6", d.Lines[6].Old, d.Lines[6].New)
	}
}

// TestSmallEqualRunsFold: a rewritten phrase reads as one replacement, not
// as a change on either side of a lone shared 的.
func TestSmallEqualRunsFold(t *testing.T) {
	got := Runes("学校的规定", "学院的要求")
	want := []Span{{Equal, "学"}, {Delete, "校的规定"}, {Insert, "院的要求"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Runes = %+v, want %+v", got, want)
	}
}

func TestUnrelatedLinesAreNotPaired(t *testing.T) {
	d := Compare("甲乙丙丁戊己庚辛", "子丑寅卯辰巳午未", Options{})
	for _, l := range d.Lines {
		if l.Spans != nil || l.Pair != -1 {
			t.Errorf("unrelated lines paired: %+v", l)
		}
	}
	if d.Added != 8 || d.Removed != 8 {
		t.Errorf("added %d removed %d, want 8 and 8", d.Added, d.Removed)
	}
}

func TestHunks(t *testing.T) {
	var a, b []string
	for i := range 40 {
		line := strings.Repeat("文", i+1)
		a = append(a, line)
		if i == 5 || i == 30 {
			line += "改"
		}
		b = append(b, line)
	}
	d := Compare(strings.Join(a, "\n"), strings.Join(b, "\n"), Options{})
	hs := d.Hunks(2)
	if len(hs) != 2 {
		t.Fatalf("hunks = %+v, want 2", hs)
	}
	if h := hs[0]; h.OldStart != 4 || h.OldLines != 5 || h.NewStart != 4 || h.NewLines != 5 {
		t.Errorf("first hunk = %+v", h)
	}
	if d.Same() || !Compare("同", "同", Options{}).Same() {
		t.Error("Same is wrong")
	}
}

// TestLargeUnrelatedTextsAreBounded: the cost cap keeps two long unrelated
// texts from taking quadratic time.
func TestLargeUnrelatedTextsAreBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gen := func() string {
		rs := make([]rune, 50000)
		for i := range rs {
			rs[i] = rune(0x4e00 + rng.IntN(3000))
		}
		return string(rs)
	}
	d := Compare(gen(), gen(), Options{MaxCost: 2000})
	if len(d.Lines) != 2 {
		t.Fatalf("lines = %d, want 2", len(d.Lines))
	}
}
