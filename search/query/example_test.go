package query_test

import (
	"errors"
	"fmt"

	"github.com/xxgk-archive/archive/search/query"
)

func ExampleParse() {
	for _, s := range []string{
		"信息公开 年度报告",
		"（奖学金｜助学金）评审 -艺术",
		"a b OR c",
		`部门：“国际 交流处” 年份:2015-2019 日期:2019年3月`,
	} {
		n, err := query.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%T\t%s\n", n, n)
	}
	// Output:
	// query.And	信息公开 年度报告
	// query.And	(奖学金 OR 助学金) 评审 -艺术
	// query.Or	a b OR c
	// query.And	department:"国际 交流处" year:2015..2019 date:2019-03-01..2019-03-31
}

func ExampleParse_error() {
	_, err := query.Parse("(奖学金 OR 助学金")
	var e *query.Error
	if errors.As(err, &e) {
		fmt.Println(e.Pos, e.Msg)
	}
	// Output:
	// 0 括号不匹配：第 1 个字符处的“(”没有对应的“)”
}

func ExampleWalk() {
	n, _ := query.Parse(`招生章程 (部门:教务处 OR 部门:学生处) -艺术`)
	query.Walk(n, func(n query.Node) bool {
		switch n := n.(type) {
		case query.Not:
			return false // skip what is excluded
		case query.Field:
			fmt.Println("filter", n.Name, n.Value)
		case query.Text:
			fmt.Println("text", n.Value)
		}
		return true
	})
	// Output:
	// text 招生章程
	// filter department 教务处
	// filter department 学生处
}
