// Command gen writes the embedded working-day calendar of package calendar
// from the holiday-cn JSON files:
//
//	go generate ./records/calendar
//
// which runs
//
//	go run ./internal/gen -src ../../../shared/data/holidays-cn -out holidays-cn.txt
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/xxgk-archive/archive/records/calendar/internal/holidaycn"
)

func main() {
	src := flag.String("src", "../../../shared/data/holidays-cn", "holiday-cn 年度 JSON 文件所在目录")
	out := flag.String("out", "holidays-cn.txt", "写出的日历文件")
	flag.Parse()
	b, err := holidaycn.Convert(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
