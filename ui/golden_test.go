package ui_test

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden pages in testdata/")

// assetHash is the content hash in a static file's URL: normalised so that
// a stylesheet edit doesn't invalidate every golden page.
var assetHash = regexp.MustCompile(`/static/([a-z]+)\.[0-9a-f]{8}\.`)

// TestGoldenPages pins the markup of the key pages over the sample corpus.
// After an intended change, rerun with -update and review the diff.
func TestGoldenPages(t *testing.T) {
	cases := []struct{ name, path string }{
		{"search", "/?q=" + url.QueryEscape("奖学金 评审") + "&size=3"},
		{"filtered", "/?q=" + url.QueryEscape("通知") + "&department=" + url.QueryEscape("教务处") + "&year=2019"},
		{"empty", "/?q=" + url.QueryEscape("量子引力") + "&category=" + url.QueryEscape("财务信息")},
		{"document", "/documents/qyu-2019-jwc-0005?q=" + url.QueryEscape("奖学金")},
		{"notfound", "/documents/none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, body, _ := sampleArchive.get(t, c.path)
			got := assetHash.ReplaceAllString(body, "/static/$1.HASH.")
			file := filepath.Join("testdata", c.name+".golden.html")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./ui -run Golden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s; if intended, rerun with -update and review the diff", c.path, file)
			}
		})
	}
}
