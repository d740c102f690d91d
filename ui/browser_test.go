package ui_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium or Chrome binary.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowserSearchThenFacet drives a real headless Chromium: it searches
// from the home page, clicks a department in the facet sidebar, checks that
// the results narrowed to that department, ticks exact mode (a script
// enhancement re-submits the form) and saves a screenshot.
func TestBrowserSearchThenFacet(t *testing.T) {
	exe := chromium()
	if exe == "" {
		t.Skip("chromium not installed (Debian: apt-get install chromium); the browser test needs it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 1000),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	base := sampleArchive.server.URL
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	get := func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("browser: %v", err)
		}
		return v
	}
	box := chromedp.CSS(`form.search input[name=q]`)
	do(chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(box),
		chromedp.SendKeys(box, "奖学金 评审"),
		chromedp.Submit(box),
		chromedp.WaitVisible(chromedp.CSS(`li.hit`)))
	before := get(chromedp.Text(chromedp.CSS(`strong.total`)))
	do(chromedp.Click(chromedp.Search(`//aside[contains(@class,"facets")]//section[h2="部门"]//a[span[@class="v"]="教务处"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.chips .chip`)))
	after := get(chromedp.Text(chromedp.CSS(`strong.total`)))
	depts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("li.hit .dept")).map(e => e.textContent)`))
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 gives a PNG
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	do(chromedp.Click(chromedp.CSS(`input[name=mode]`)),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(@class,"chip") and contains(., "精确匹配")]`)))
	location := get(chromedp.Location())
	if before == "" || before == after {
		t.Errorf("clicking 教务处 did not change the total: %q → %q", before, after)
	}
	if len(depts) == 0 {
		t.Error("no results after clicking 教务处")
	}
	for _, d := range depts {
		if d != "教务处" {
			t.Errorf("a result of %s after choosing 教务处", d)
		}
	}
	if !strings.Contains(location, "mode=exact") || !strings.Contains(location, "department=") {
		t.Errorf("ticking 精确匹配 should re-run the search keeping the filter; at %s", location)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil || img.Bounds().Dx() < 1000 {
		t.Fatalf("screenshot unreadable: %v", err)
	}
	out := filepath.Join(os.TempDir(), "archive-browser-search.png")
	if dir := os.Getenv("ARCHIVE_SCREENSHOTS"); dir != "" {
		out = filepath.Join(dir, "browser-search.png")
	}
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)
}
