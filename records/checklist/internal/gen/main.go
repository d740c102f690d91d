// Command gen writes the checklist data file (records/checklist/checklist.json)
// from the shared facts about the Ministry of Education's checklist
// (../shared/data/moe-checklist/checklist.json). It is run by go generate in
// records/checklist:
//
//	go generate ./records/checklist
//
// The data file is meant to be edited by hand afterwards (descriptions,
// corrected wording): regenerating keeps each item's code and description
// when an item of the same name is already in the file, so hand edits of
// descriptions survive a refresh of the facts.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
)

// shared is the shape of the shared facts file.
type shared struct {
	Title          string `json:"title"`
	Issuer         string `json:"issuer"`
	DocumentNumber string `json:"document_number"`
	NoticeTitle    string `json:"notice_title"`
	Published      string `json:"published"`
	CategoryCount  int    `json:"category_count"`
	ItemCount      int    `json:"item_count"`
	Categories     []struct {
		Number          int    `json:"number"`
		Name            string `json:"name"`
		ItemCount       int    `json:"item_count"`
		ItemCountStatus string `json:"item_count_status"`
		Items           []struct {
			Number int    `json:"number"`
			Name   string `json:"name"`
			Status string `json:"status"`
		} `json:"items"`
	} `json:"categories"`
}

// The data file, as records/checklist reads it.
type file struct {
	Title          string     `json:"title"`
	Issuer         string     `json:"issuer"`
	DocumentNumber string     `json:"document_number"`
	NoticeTitle    string     `json:"notice_title"`
	Published      string     `json:"published"`
	Note           string     `json:"note"`
	Categories     []category `json:"categories"`
}

type category struct {
	Code   string `json:"code"`
	Number int    `json:"number"`
	Name   string `json:"name"`
	Items  []item `json:"items"`
}

type item struct {
	Code        string `json:"code"`
	Number      int    `json:"number"`
	Name        string `json:"name"`
	Status      string `json:"status"`
	Description string `json:"description"`
}

const note = "由 go generate（records/checklist/internal/gen）根据共享资料 moe-checklist/checklist.json 生成；" +
	"编号（code）一经发布即保持不变，可直接修改说明（description）与措辞，重新生成时保留同名事项的编号和说明。" +
	"status：confirmed 措辞与序号均见于公开文本；corroborated 措辞见于公开资料、序号据顺序推定；recalled 措辞待与教育部原文核对。"

func main() {
	in := flag.String("in", "../../../shared/data/moe-checklist/checklist.json", "共享资料中的清单 JSON")
	out := flag.String("out", "checklist.json", "要写入的数据文件")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("read facts: %w", err)
	}
	var src shared
	if err := json.Unmarshal(raw, &src); err != nil {
		return fmt.Errorf("parse %s: %w", in, err)
	}
	// What the current file says, by item name: its code and description.
	kept := map[string]item{}
	if old, err := os.ReadFile(out); err == nil {
		var f file
		if err := json.Unmarshal(old, &f); err != nil {
			return fmt.Errorf("parse existing %s: %w", out, err)
		}
		for _, c := range f.Categories {
			for _, it := range c.Items {
				kept[it.Name] = it
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read existing %s: %w", out, err)
	}
	f := file{Title: src.Title, Issuer: src.Issuer, DocumentNumber: src.DocumentNumber,
		NoticeTitle: src.NoticeTitle, Published: src.Published, Note: note}
	used := map[string]bool{}
	items := 0
	for _, sc := range src.Categories {
		c := category{Code: fmt.Sprintf("%02d", sc.Number), Number: sc.Number, Name: sc.Name}
		for pos, si := range sc.Items {
			it := item{Code: fmt.Sprintf("%s-%02d", c.Code, pos+1), Number: si.Number, Name: si.Name, Status: si.Status}
			if k, ok := kept[si.Name]; ok {
				it.Code, it.Description = k.Code, k.Description
			}
			if used[it.Code] {
				return fmt.Errorf("code %s given twice (item %d %s): fix the data file by hand", it.Code, si.Number, si.Name)
			}
			used[it.Code] = true
			if it.Description == "" {
				it.Description = defaultDescription(si.Number, sc.Name, si.Status)
			}
			c.Items = append(c.Items, it)
			items++
		}
		f.Categories = append(f.Categories, c)
	}
	if len(f.Categories) != src.CategoryCount || items != src.ItemCount {
		return fmt.Errorf("facts list %d categories and %d items, but declare %d and %d",
			len(f.Categories), items, src.CategoryCount, src.ItemCount)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

// defaultDescription is the description of an item nobody has written one
// for: where it comes from, and a warning when its wording is provisional.
func defaultDescription(number int, category, status string) string {
	d := fmt.Sprintf("《高等学校信息公开事项清单》第%d项（%s）。", number, category)
	if status == "recalled" {
		d += "该项措辞尚未见于公开文本，请与教育部原文核对后修订。"
	}
	return d
}
