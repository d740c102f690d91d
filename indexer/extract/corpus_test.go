package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The sample corpus (../sample/corpus/html) holds pages saved from two
// templates of the fictional 清源大学 信息公开网: a 2019 one (header, nav,
// aside.sidebar, div.crumb, article with div.wp_articlecontent, footer;
// UTF-8) and an older table layout (td.left column list, div.position
// breadcrumb, form with div#vsb_content, footer table; GBK, some pages
// without a charset declaration). In both, the article paragraphs are the
// <p> elements of the content div, which holds nothing else.

var (
	articleStart = regexp.MustCompile(`<div (?:class="wp_articlecontent"|id="vsb_content")>`)
	paragraphRe  = regexp.MustCompile(`(?s)<p[^>]*>(.*?)</p>`)
	tagRe        = regexp.MustCompile(`<[^>]*>`)
)

// articleParagraphs reads the article paragraphs of a sample page straight
// from its markup, independently of the extractor.
func articleParagraphs(t *testing.T, data []byte) []string {
	t.Helper()
	src := string(data)
	if !utf8.Valid(data) {
		b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			t.Fatal(err)
		}
		src = string(b)
	}
	loc := articleStart.FindStringIndex(src)
	if loc == nil {
		return nil
	}
	body := src[loc[1]:]
	body = body[:strings.Index(body, "</div>")]
	var paras []string
	for _, m := range paragraphRe.FindAllStringSubmatch(body, -1) {
		if p := squash(html.UnescapeString(tagRe.ReplaceAllString(m[1], ""))); p != "" {
			paras = append(paras, p)
		}
	}
	return paras
}

// squash removes all white space, so that paragraphs can be found in the
// extracted text whatever happened to indentation and spacing.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

func TestSampleCorpusBoilerplate(t *testing.T) {
	files, err := filepath.Glob("../sample/corpus/html/*.htm*")
	if err != nil || len(files) < 40 {
		t.Fatalf("sample pages: %d, %v", len(files), err)
	}
	var gbkPages, before, after int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := File(filepath.Base(f), data, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		checkShape(t, res)
		if res.Encoding == EncGB18030 {
			gbkPages++
		}
		all, err := File(filepath.Base(f), data, Options{KeepBoilerplate: true})
		if err != nil {
			t.Fatal(err)
		}
		before += utf8.RuneCountInString(all.Text)
		after += utf8.RuneCountInString(res.Text)
		for _, bad := range []string{"版权所有", "当前位置", "信息公开目录", "首页", "ICP备", "邮编"} {
			if strings.Contains(res.Text, bad) {
				t.Errorf("%s: cleaned text contains %q:\n%s", f, bad, res.Text)
			}
		}
		paras := articleParagraphs(t, data)
		if len(paras) == 0 {
			t.Fatalf("%s: no article paragraphs found; has the template changed?", f)
		}
		text := squash(res.Text)
		total, kept := 0, 0
		for _, p := range paras {
			n := utf8.RuneCountInString(p)
			total += n
			if strings.Contains(text, p) {
				kept += n
			}
		}
		if kept*5 < total*4 {
			t.Errorf("%s: kept %d of %d article characters:\n%s", f, kept, total, res.Text)
		}
		// The ingester sniffs the date and source from the metadata line
		// in the first 2000 bytes.
		head := res.Text
		if len(head) > 2000 {
			head = head[:2000]
		}
		if !strings.Contains(head, "发布时间：") || !strings.Contains(head, "来源：") {
			t.Errorf("%s: metadata line lost:\n%s", f, res.Text)
		}
	}
	if gbkPages < 15 {
		t.Errorf("only %d GBK pages decoded as GB18030", gbkPages)
	}
	t.Logf("%d pages: %d characters with boilerplate, %d without", len(files), before, after)
}
