package extract

import (
	"strings"
	"testing"
	"time"
)

func TestMarkdown(t *testing.T) {
	src := `---
title: 元数据标题
date: 2024-12-10
---

前言段落，在标题之前。

# 关于**2024年**信息公开工作的通知 #

各学院、各部门：
根据《政府信息公开条例》，现将
有关事项通知如下。

## 一、*公开*范围

- 学校**基本**信息
* 招生考试信息，见[招生网](https://zs.example.edu.cn "招生")
+ [ ] 财务信息 ![图表](chart.png)
1. 第一条：` + "`code_span`" + ` 与 snake_case_name
2) 第二条 ~~已删除~~ 2 * 3 = 6

> 引用：**重要**提示
> > 嵌套引用

| 姓名 | 电话 |
|:-----|-----:|
| 王老师 | 010-12345678 |

` + "```go" + `
fmt.Println("代码块保留")
` + "```" + `

***

参见 [文件][ref] 与 <https://xxgk.example.edu.cn>，联系 <a@b.cn>。<br>换行
<!--
多行注释
-->
转义 \*星号\* 与 &amp; 实体 &copy;

[ref]: https://example.edu.cn/file.pdf

第二个标题
=========
`
	res, err := Markdown([]byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	if res.Format != FormatMarkdown || res.Encoding != EncUTF8 {
		t.Fatalf("got %s %s", res.Format, res.Encoding)
	}
	if res.Title != "关于2024年信息公开工作的通知" {
		t.Errorf("title %q", res.Title)
	}
	want := `前言段落，在标题之前。
关于2024年信息公开工作的通知
各学院、各部门：根据《政府信息公开条例》，现将有关事项通知如下。
一、公开范围
学校基本信息
招生考试信息，见招生网
财务信息 图表
第一条：code_span 与 snake_case_name
第二条 已删除 2 * 3 = 6
引用：重要提示
嵌套引用
姓名 电话
王老师 010-12345678
fmt.Println("代码块保留")
参见 文件 与 https://xxgk.example.edu.cn，联系 a@b.cn。换行
转义 *星号* 与 & 实体 ©
第二个标题`
	if res.Text != want {
		t.Errorf("text\n%s\n---- want\n%s", res.Text, want)
	}
}

func TestMarkdownTitleFallbacks(t *testing.T) {
	cases := map[string]string{
		"招生简章\n========\n\n正文":       "招生简章",
		"正文第一行\n\n## 二级标题":           "正文第一行",
		"## 二级\n\n# 一级标题\n":          "一级标题",
		"#不是标题\n":                    "#不是标题",
		"> **加粗的引用**\n":              "加粗的引用",
		"[链接标题](http://x)\n\n# 真正标题": "真正标题",
	}
	for in, want := range cases {
		res, err := Markdown([]byte(in), Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkShape(t, res)
		if res.Title != want {
			t.Errorf("%q: title %q, want %q", in, res.Title, want)
		}
	}
}

func TestMarkdownInline(t *testing.T) {
	cases := map[string]string{
		"**粗**与*斜*，__粗__ 与 _斜_":     "粗与斜，粗 与 斜",
		"中__文__字":                   "中__文__字", // intra-word: literal, as CommonMark renders it
		"[a [b] c](u)":              "a [b] c",
		"[![图](i.png)](link)":       "图",
		"[未闭合](":                    "[未闭合](",
		"[孤立]":                      "[孤立]",
		"``代码 ` 反引号``":              "代码 ` 反引号",
		"`未闭合":                      "`未闭合",
		"a < b > c":                 "a < b > c",
		"<span style='x'>标签</span>": "标签",
		"\\_不是强调\\_":                "_不是强调_",
		"单个 ~ 波浪":                   "单个 ~ 波浪",
		"&notanentity; &#x4E2D;":    "&notanentity; 中",
	}
	for in, want := range cases {
		if got := mdInline(in); got != want {
			t.Errorf("mdInline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownGBK(t *testing.T) {
	res, err := Markdown(gbk(t, "# 关于开展信息公开工作的通知\n\n各学院：请按要求**认真**做好相关工作。"), Options{})
	if err != nil || res.Encoding != EncGB18030 || res.Title != "关于开展信息公开工作的通知" {
		t.Fatalf("got %v %s %q", err, res.Encoding, res.Title)
	}
}

func TestMarkdownRejections(t *testing.T) {
	_, err := Markdown(nil, Options{})
	wantRejection(t, err, CodeEmpty)
}

func TestMarkdownHostileLinesStayFast(t *testing.T) {
	for _, unit := range []string{"[", "`", "<!--", "[a](", "![", "*_~", "<a", "[[]]("} {
		line := strings.Repeat(unit, (2<<20)/len(unit))
		start := time.Now()
		res, err := Markdown([]byte(line), Options{})
		if err != nil {
			t.Fatalf("%q: %v", unit, err)
		}
		checkShape(t, res)
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%q ×%d took %v", unit, len(line)/len(unit), d)
		}
	}
}
