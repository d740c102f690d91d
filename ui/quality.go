package ui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// quality is the extraction quality record stored with a record (written
// by the ingester as JSON), as staff read it.
type quality struct {
	Extractor          string   `json:"extractor"`
	Encoding           string   `json:"encoding"`
	EncodingSource     string   `json:"encoding_source"`
	EncodingConfidence float64  `json:"encoding_confidence"`
	TextLayer          string   `json:"text_layer"`
	Pages              int      `json:"pages"`
	NeedsOCR           bool     `json:"needs_ocr"`
	Warnings           []string `json:"warnings"`
	NeedsAttention     bool     `json:"needs_attention"`
	OCR                *struct {
		Engine         string  `json:"engine"`
		Languages      string  `json:"languages"`
		MeanConfidence float64 `json:"mean_confidence"`
		Pages          int     `json:"pages"`
	} `json:"ocr"`
}

// qualityRows turns a record's quality JSON into labelled lines; nil when
// there is none (an inline manifest row has no extraction).
func qualityRows(raw string) (rows []metaRow, attention bool, warnings []string) {
	if raw == "" {
		return nil, false, nil
	}
	var q quality
	if err := json.Unmarshal([]byte(raw), &q); err != nil {
		return []metaRow{{Label: "提取质量", Value: "记录无法解析"}}, true, nil
	}
	add := func(label, value string) {
		if value != "" {
			rows = append(rows, metaRow{Label: label, Value: value})
		}
	}
	add("提取方式", q.Extractor)
	if q.Encoding != "" {
		enc := q.Encoding
		if q.EncodingSource != "" {
			enc += "（依据：" + q.EncodingSource + "）"
		}
		if q.EncodingConfidence > 0 {
			enc += fmt.Sprintf("，置信度 %.0f%%", q.EncodingConfidence*100)
		}
		add("字符编码", enc)
	}
	add("文字层", map[string]string{"ok": "正常", "partial": "部分页面为扫描件", "garbage": "乱码（已改用 OCR）", "none": "无（扫描件）"}[q.TextLayer])
	if q.Pages > 0 {
		add("页数", strconv.Itoa(q.Pages))
	}
	if q.OCR != nil {
		add("OCR", fmt.Sprintf("%s，语言 %s，%d 页，平均置信度 %.0f", q.OCR.Engine, q.OCR.Languages, q.OCR.Pages, q.OCR.MeanConfidence))
	}
	if q.NeedsOCR {
		add("待处理", "有扫描页尚未识别（未安装 OCR 或已中断）")
	}
	return rows, q.NeedsAttention, q.Warnings
}

// attentionPage is the data of attention.html.
type attentionPage struct {
	base
	Total int
	Items []attentionItem
	Next  string
	Prev  string
}

type attentionItem struct {
	URL      string
	Title    string
	Format   string
	Problems string
	When     string
}

const attentionPageSize = 50

// handleAttention lists the records whose extraction needs a person to
// look: the staff's "needs attention" filter.
func (s *Server) handleAttention(w http.ResponseWriter, r *http.Request) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	docs, total, err := s.store.NeedsAttention(r.Context(), attentionPageSize, (page-1)*attentionPageSize)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &attentionPage{base: s.pageBase(w, r, "待核对的文件"), Total: total}
	for _, d := range docs {
		rows, _, warnings := qualityRows(d.Quality)
		var problems []string
		for _, row := range rows {
			if row.Label == "文字层" || row.Label == "OCR" || row.Label == "待处理" {
				problems = append(problems, row.Label+"："+row.Value)
			}
		}
		problems = append(problems, warnings...)
		p.Items = append(p.Items, attentionItem{URL: "/documents/" + url.PathEscape(d.ID), Title: d.Title,
			Format: d.Format, Problems: strings.Join(problems, "；"), When: chineseDateTime(d.UpdatedAt)})
	}
	if page > 1 {
		p.Prev = "/attention?page=" + strconv.Itoa(page-1)
	}
	if page*attentionPageSize < total {
		p.Next = "/attention?page=" + strconv.Itoa(page+1)
	}
	s.render(w, r, http.StatusOK, "attention", p)
}
